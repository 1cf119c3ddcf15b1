import { createHash } from 'node:crypto';
import type { Middleware } from 'grammy';
import type { Logger } from '../../logger.js';
import type { UpdateLedger } from '../../sessions/index.js';
import type { BotContext } from '../context.js';
import { describeError } from '../errors.js';

/**
 * Thrown when another instance (or an earlier delivery still running) is handling this very update. The
 * webhook answers 503 so Telegram delivers it again later; by then it is done (and dropped) or the other
 * instance died and its claim expired (and it is handled here).
 */
export class UpdateInProgressElsewhere extends Error {
  override name = 'UpdateInProgressElsewhere';
}

/**
 * The same update delivered again has the same id and the same content. Update ids are per bot, so the
 * bot id keeps two bots sharing one Redis apart; the content digest keeps a different update that reuses
 * an id (Telegram picks ids at random after a week without updates; test servers start again at 1) from
 * passing for a duplicate.
 */
const deliveryKey = (ctx: BotContext): string => {
  const digest = createHash('sha256').update(JSON.stringify(ctx.update)).digest('base64url').slice(0, 16);
  return `${ledgerPrefix(ctx.me.id)}${ctx.update.update_id}:${digest}`;
};

/** Where this bot's keys start in a ledger shared by several bots. */
export const ledgerPrefix = (botId: number): string => `${botId}:`;

/**
 * Answers each update once, however often it is delivered: a webhook retried after a slow answer, or the
 * same update sent to two instances behind a load balancer. Runs before everything that talks to Telegram.
 * If the ledger itself fails the update is handled anyway: answering twice beats not answering.
 */
export const dropDuplicateUpdates =
  (
    ledger: UpdateLedger,
    logger: Logger,
    options: { keepUnfinished?: boolean } = {},
  ): Middleware<BotContext> =>
  async (ctx, next) => {
    const key = deliveryKey(ctx);
    const claim = await ledger.claim(key).catch((error: unknown) => {
      logger.warn({ update_id: ctx.update.update_id, err: describeError(error) }, 'update ledger failed');
      return 'claimed' as const;
    });
    if (claim !== 'claimed') {
      ctx.trace.outcome = 'ignored';
      ctx.trace.note = claim === 'done' ? 'duplicate_update' : 'update_in_progress_elsewhere';
      if (claim === 'in_progress') throw new UpdateInProgressElsewhere(`update ${ctx.update.update_id}`);
      return;
    }
    if (options.keepUnfinished) {
      await ledger.keep(key, JSON.stringify(ctx.update)).catch((error: unknown) => {
        logger.warn({ update_id: ctx.update.update_id, err: describeError(error) }, 'update ledger failed');
      });
    }
    ctx.deliveryKey = key;
    try {
      await next();
    } catch (error) {
      // Only errors outside the error boundary get here, before anyone was answered: let it be redelivered.
      await ledger.release(key).catch(() => undefined);
      throw error;
    }
    await ledger.finish(key).catch((error: unknown) => {
      logger.warn({ update_id: ctx.update.update_id, err: describeError(error) }, 'update ledger failed');
    });
  };
