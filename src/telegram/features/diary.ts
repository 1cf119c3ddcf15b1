import { type Api, Composer, GrammyError, InputFile } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { buttonData } from '../../diary/buttons.js';
import type { DiaryReply, DiaryService, DiaryTurn } from '../../diary/service.js';
import { isDiaryCommand } from '../../diary/service.js';
import type { DiaryTexts } from '../../diary/texts.js';
import type { Engine, QuickReply } from '../../engine/index.js';
import type { Logger } from '../../logger.js';
import { isCommandForMe, parseCommand } from '../addressing.js';
import type { BotContext } from '../context.js';
import { describeError } from '../errors.js';
import { CALLBACK_DATA_LIMIT } from '../limits.js';
import { markedText } from '../render.js';
import { sessionKey } from '../session.js';

export interface DiaryFeatureDeps {
  diary: DiaryService;
  engine: Engine;
  logger: Logger;
}

const keyboard = (rows: QuickReply[][]): InlineKeyboardMarkup | undefined => {
  const inline = rows
    .map((row) =>
      row
        .filter((button) => Buffer.byteLength(button.data, 'utf8') <= CALLBACK_DATA_LIMIT)
        .map((button) => ({ text: button.label, callback_data: button.data })),
    )
    .filter((row) => row.length > 0);
  return inline.length > 0 ? { inline_keyboard: inline } : undefined;
};

/** Sends the diary's replies: texts with their buttons, the chart as a photo, /mydata as a file. */
const sendReplies = async (ctx: BotContext, replies: DiaryReply[]): Promise<void> => {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  for (const reply of replies) {
    switch (reply.kind) {
      case 'text': {
        const markup = keyboard(reply.rows);
        await ctx.api.sendMessage(
          chatId,
          markedText({ kind: 'info', text: reply.text, level: reply.level, buttons: [] }),
          {
            link_preview_options: { is_disabled: true },
            ...(markup ? { reply_markup: markup } : {}),
          },
        );
        break;
      }
      case 'photo': {
        const markup = keyboard(reply.rows);
        await ctx.api.sendPhoto(chatId, new InputFile(reply.png, 'cramp-diary.png'), {
          caption: reply.caption,
          ...(markup ? { reply_markup: markup } : {}),
        });
        break;
      }
      case 'document':
        await ctx.api.sendDocument(
          chatId,
          new InputFile(Buffer.from(reply.content, 'utf8'), reply.filename),
          {
            caption: reply.caption,
          },
        );
        break;
      case 'keyboard': {
        const message = ctx.callbackQuery?.message;
        if (typeof message?.message_id !== 'number') break;
        await ctx.api.editMessageReplyMarkup(chatId, message.message_id, {
          reply_markup: keyboard(reply.rows) ?? { inline_keyboard: [] },
        });
        break;
      }
    }
  }
};

/** Whether Telegram says the bot can no longer write to this chat (blocked, deactivated, chat gone). */
export const isBlockedError = (error: unknown): boolean =>
  error instanceof GrammyError &&
  (error.error_code === 403 || (error.error_code === 400 && /chat not found/i.test(error.description)));

/**
 * The cramp diary: /cramp, /diary, /summary, /remind and /mydata, the diary's "d:" buttons, and a typed
 * answer to "what time is it where you are?". Private chats only: a diary is nobody else's business.
 * /forget also passes through here, to delete the diary and its reminder before the engine confirms.
 */
export const diaryFeature = ({ diary, engine, logger }: DiaryFeatureDeps): Composer<BotContext> => {
  const composer = new Composer<BotContext>();
  const privateChat = composer.chatType('private');

  const turnOf = async (ctx: BotContext): Promise<DiaryTurn | undefined> => {
    const user = sessionKey(ctx);
    if (user === undefined) return undefined;
    const state = await ctx.conversation.load();
    const countries = engine.kb.countries;
    const emergencyNumber = countries.byCode.get(state.country ?? countries.defaultCode)?.number ?? '112';
    return { user, chatId: ctx.chat?.id, emergencyNumber };
  };

  // /forget anywhere (sessions are per person, in groups too): the diary goes before the engine confirms.
  composer.on('message:text', async (ctx, next) => {
    const command = parseCommand(ctx.msg.text);
    const user = sessionKey(ctx);
    if (command?.name === 'forget' && isCommandForMe(command, ctx.me) && user !== undefined)
      await diary.forget(user);
    return next();
  });

  privateChat.on('message:text', async (ctx, next) => {
    const command = parseCommand(ctx.msg.text);
    if (command && !isCommandForMe(command, ctx.me)) return next();
    const turn = await turnOf(ctx);
    if (!turn) return next();
    if (command && isDiaryCommand(command.name)) {
      const args = ctx.msg.text.replace(/^\/\S+/, '');
      const extra = command.name === 'mydata' ? { conversation: await ctx.conversation.load() } : {};
      await sendReplies(ctx, await diary.command(turn, command.name, args, extra));
      ctx.trace = { ...ctx.trace, outcome: 'answered', note: `command:${command.name}` };
      return;
    }
    if (command) return next();
    const replies = await diary.text(turn, ctx.msg.text);
    if (!replies) return next();
    await sendReplies(ctx, replies);
    ctx.trace = { ...ctx.trace, outcome: 'answered', note: 'diary:time' };
  });

  privateChat.on('callback_query:data', async (ctx, next) => {
    const turn = await turnOf(ctx);
    if (!turn) return next();
    const replies = await diary.button(turn, ctx.callbackQuery.data);
    if (!replies) return next();
    await ctx.answerCallbackQuery().catch((error: unknown) => {
      logger.debug({ err: describeError(error) }, 'answerCallbackQuery failed');
    });
    await sendReplies(ctx, replies);
    ctx.trace = { ...ctx.trace, outcome: 'answered', note: 'diary:button' };
  });

  return composer;
};

/** Sends the bedtime reminder; a blocked bot (403) or a vanished chat reads as "unsubscribe". */
export const telegramReminderSender =
  (api: Api, texts: DiaryTexts) =>
  async (chatId: number): Promise<'sent' | 'blocked'> => {
    try {
      await api.sendMessage(chatId, texts.reminder.trim(), {
        reply_markup: {
          inline_keyboard: [
            [{ text: texts.stretch_button, callback_data: buttonData.stretch() }],
            [{ text: texts.reminder_off_button, callback_data: buttonData.remind(null) }],
          ],
        },
      });
      return 'sent';
    } catch (error) {
      if (isBlockedError(error)) return 'blocked';
      throw error;
    }
  };
