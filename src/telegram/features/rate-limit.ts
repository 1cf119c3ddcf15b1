import { limit } from '@grammyjs/ratelimiter';
import type { Middleware } from 'grammy';
import type { Engine } from '../../engine/index.js';
import type { Logger } from '../../logger.js';
import type { BotContext } from '../context.js';
import { messagesFor } from '../conversation.js';
import { CALLBACK_ANSWER_LIMIT } from '../limits.js';
import { type LimiterStorage, type RedisScripting, sharedRateCounter } from '../rate-counter.js';
import { senderKey } from '../session.js';
import { cutText } from '../split.js';

export interface RateLimitOptions {
  /** Updates one person may send per window. */
  limit: number;
  windowMs: number;
  /** Shared counters for several instances; in memory when absent, and while Redis is unreachable. */
  redis?: RedisScripting | undefined;
}

export const RATE_LIMIT_KEY_PREFIX = 'crampbot:ratelimit:';

/**
 * Per-person flood control with @grammyjs/ratelimiter. The first update over the limit gets the polite
 * message from messages.yaml (as a toast for a button); later ones in the same window are dropped quietly,
 * so a flood never turns into a flood of replies.
 */
export const rateLimitFeature = (
  engine: Engine,
  options: RateLimitOptions,
  logger: Logger,
): Middleware<BotContext> => {
  const politeText = (ctx: BotContext) => messagesFor(engine, ctx).rate_limited.trim();
  const limiter = limit<BotContext, LimiterStorage>({
    timeFrame: options.windowMs,
    limit: options.limit,
    storageClient: options.redis
      ? sharedRateCounter(options.redis, options.windowMs, logger)
      : 'MEMORY_STORE',
    keyPrefix: RATE_LIMIT_KEY_PREFIX,
    // The sender as the session knows it: an anonymous admin counts per group, never all of them as one.
    // An update with nobody to key by (a channel post) is not limited per person.
    keyGenerator: (ctx) => senderKey(ctx),
    onLimitExceeded: async (ctx) => {
      if (ctx.callbackQuery)
        await ctx.answerCallbackQuery({ text: cutText(politeText(ctx), CALLBACK_ANSWER_LIMIT) });
      else if (ctx.chat) await ctx.reply(politeText(ctx));
    },
  });
  return async (ctx, next) => {
    let passed = false;
    await limiter(ctx, async () => {
      passed = true;
      await next();
    });
    if (!passed) ctx.trace.outcome = 'rate_limited';
  };
};
