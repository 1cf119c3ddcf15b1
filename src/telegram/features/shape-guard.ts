import type { Middleware } from 'grammy';
import { z } from 'zod';
import type { Logger } from '../../logger.js';
import type { BotContext } from '../context.js';

/**
 * The fields of an update the bot reads, with the types Telegram guarantees. Telegram never sends
 * anything else, but the webhook is a public URL: an update that gets past the secret check with the
 * wrong shape (a bug in a proxy, a test tool, a leaked secret) is dropped here, with a log line naming
 * the fields, instead of failing deep inside a feature. Unknown fields and update types pass: Telegram
 * adds new ones, and the bot ignores what it does not know.
 */
const id = z.number().int();
const user = z.looseObject({ id });
const chat = z.looseObject({ id, type: z.string() });
const entity = z.looseObject({ type: z.string(), offset: z.number().int(), length: z.number().int() });
const message = z.looseObject({
  message_id: z.number().int(),
  chat,
  from: user.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  entities: z.array(entity).optional(),
  caption_entities: z.array(entity).optional(),
  reply_to_message: z.looseObject({ from: user.optional() }).optional(),
});
const callbackQuery = z.looseObject({
  id: z.string(),
  from: user,
  data: z.string().optional(),
  message: z.looseObject({ chat }).optional(),
});
const update = z.looseObject({
  message: message.optional(),
  edited_message: message.optional(),
  callback_query: callbackQuery.optional(),
});

export const dropMalformedUpdates =
  (logger: Logger): Middleware<BotContext> =>
  async (ctx, next) => {
    const checked = update.safeParse(ctx.update);
    if (checked.success) return next();
    ctx.trace.outcome = 'ignored';
    ctx.trace.note = 'malformed_update';
    // Paths only, never values: a value may be message text.
    const fields = [...new Set(checked.error.issues.map((issue) => issue.path.join('.')))].slice(0, 5);
    logger.warn({ update_id: ctx.update.update_id, fields }, 'malformed update dropped');
  };
