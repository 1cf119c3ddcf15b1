import { API_CONSTANTS, type Middleware } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../../logger.js';
import type { BotContext } from '../context.js';

const KNOWN_TYPES: ReadonlySet<string> = new Set(API_CONSTANTS.ALL_UPDATE_TYPES);

/** The update's type as the Bot API names it; any other key is whatever the sender made up: not logged. */
const updateType = (update: Update): string =>
  Object.keys(update).find((key) => KNOWN_TYPES.has(key)) ?? 'unknown';

/**
 * One structured log line per update: id, type, chat type, time taken and outcome (answered, ignored,
 * rate_limited, unhandled, failed), with the intent and triage level when the engine ran. No user ids
 * and no text: together with an intent such as "pregnancy" they would be health data.
 */
export const traceUpdates =
  (logger: Logger): Middleware<BotContext> =>
  async (ctx, next) => {
    const started = performance.now();
    ctx.trace = { outcome: 'unhandled' };
    try {
      await next();
    } finally {
      const { outcome, intent, escalation, note } = ctx.trace;
      logger.info(
        {
          update_id: ctx.update.update_id,
          type: updateType(ctx.update),
          chat_type: ctx.chat?.type,
          ms: Math.round((performance.now() - started) * 10) / 10,
          outcome,
          ...(intent !== undefined ? { intent } : {}),
          ...(escalation !== undefined ? { escalation } : {}),
          ...(note !== undefined ? { note } : {}),
        },
        'update',
      );
    }
  };
