import type { Middleware } from 'grammy';
import type { Logger } from '../../logger.js';
import type { BotContext } from '../context.js';
import { describeError } from '../errors.js';

/**
 * Every callback query gets an answer, whatever happens below (rate limit, error, unknown button), so
 * no button keeps spinning. Watches this update's own API calls to see whether a feature answered it.
 */
export const answerEveryCallback =
  (logger: Logger): Middleware<BotContext> =>
  async (ctx, next) => {
    if (!ctx.callbackQuery) return next();
    let answered = false;
    ctx.api.config.use((call, method, payload, signal) => {
      if (method === 'answerCallbackQuery') answered = true;
      return call(method, payload, signal);
    });
    try {
      await next();
    } finally {
      if (!answered) {
        await ctx.answerCallbackQuery().catch((error: unknown) => {
          logger.warn(
            { update_id: ctx.update.update_id, err: describeError(error) },
            'answerCallbackQuery failed',
          );
        });
      }
    }
  };
