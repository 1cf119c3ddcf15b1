import { Composer } from 'grammy';
import { isAddressedToMe } from '../addressing.js';
import type { BotContext } from '../context.js';

/**
 * In groups the bot speaks only when spoken to: commands for it, @mentions and replies to its messages.
 * Everything else is dropped here, before the rate limiter and the session store see it.
 */
export const groupsFeature = (): Composer<BotContext> => {
  const composer = new Composer<BotContext>();
  composer.chatType(['group', 'supergroup']).on(['message', 'edited_message'], async (ctx, next) => {
    if (isAddressedToMe(ctx.msg, ctx.me)) return next();
    ctx.trace.outcome = 'ignored';
    ctx.trace.note = 'group_not_addressed';
  });
  return composer;
};
