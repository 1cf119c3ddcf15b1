import type { OutMessage } from '../engine/index.js';
import type { Logger } from '../logger.js';
import type { BotContext } from './context.js';
import { describeError } from './errors.js';
import { renderMessage } from './render.js';

const isGroup = (ctx: BotContext): boolean => ctx.chat?.type === 'group' || ctx.chat?.type === 'supergroup';

/**
 * Sends engine messages in order. In groups the first one replies to the person's message, so it is clear
 * whom the bot is answering; link previews are off because answers cite several source URLs.
 */
export const sendMessages = async (
  ctx: BotContext,
  messages: OutMessage[],
  logger: Logger,
): Promise<void> => {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) {
    // Only inline-mode messages have no chat, and this bot offers no inline mode.
    logger.warn({ update_id: ctx.update.update_id }, 'no chat to answer in');
    return;
  }
  let replyTo = isGroup(ctx) && !ctx.callbackQuery ? ctx.msg?.message_id : undefined;
  for (const message of messages) {
    for (const part of renderMessage(message, logger)) {
      await ctx.api.sendMessage(chatId, part.text, {
        link_preview_options: { is_disabled: true },
        ...(part.reply_markup ? { reply_markup: part.reply_markup } : {}),
        ...(replyTo !== undefined
          ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } }
          : {}),
      });
      replyTo = undefined;
    }
  }
};

/**
 * Shows "typing…" while the reply is prepared. It is decoration: a failure (old Bot API servers, the test
 * emulator, a network blip) is logged and the answer goes out anyway.
 */
export const startTyping = (ctx: BotContext, logger: Logger): Promise<void> => {
  if (ctx.chat === undefined) return Promise.resolve();
  return ctx.api.sendChatAction(ctx.chat.id, 'typing').then(
    () => undefined,
    (error: unknown) => logger.debug({ err: describeError(error) }, 'sendChatAction failed, carrying on'),
  );
};
