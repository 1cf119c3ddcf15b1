import { Composer } from 'grammy';
import { isAddressedToMe, parseCommand } from '../addressing.js';
import type { BotContext } from '../context.js';

/**
 * In groups the bot speaks only when spoken to: commands that name it ("/help@crampbot"), @mentions and
 * replies to its messages. Everything else is dropped here, before the rate limiter and the session store
 * see it. A command without a bot name ("/start", "/stats") is not ours in a group: several bots may read
 * it, and counting other bots' commands would let them use up a member's limit and draw the "too fast"
 * note into the group.
 */
export const groupsFeature = (): Composer<BotContext> => {
  const composer = new Composer<BotContext>();
  composer.chatType(['group', 'supergroup']).on(['message', 'edited_message'], async (ctx, next) => {
    const command = ctx.msg.text ? parseCommand(ctx.msg.text) : null;
    const forMe = command
      ? command.target === ctx.me.username.toLowerCase()
      : isAddressedToMe(ctx.msg, ctx.me);
    if (forMe) return next();
    ctx.trace.outcome = 'ignored';
    if (!command) ctx.trace.note = 'group_not_addressed';
    else ctx.trace.note = command.target ? 'command_for_another_bot' : 'group_command_without_bot_name';
  });
  return composer;
};
