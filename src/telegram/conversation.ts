import { withAnswerButton } from '../diary/answer-button.js';
import {
  type ConversationState,
  type Engine,
  type EngineResult,
  langFromLocale,
  localise,
  type QuickReply,
} from '../engine/index.js';
import type { Logger } from '../logger.js';
import type { BotContext } from './context.js';
import { sendMessages, startTyping } from './send.js';

export interface TurnOptions {
  /** /forget: delete the stored session instead of saving the new state. */
  forget?: boolean;
  /** A channel-side button for answers of some intents (the diary's "Log a cramp"). */
  answerButton?: ((intent: string | null) => QuickReply | null) | undefined;
}

/**
 * One turn through the engine: typing indicator, the user's state from the session, the engine's answer,
 * the new state back into the session, and the messages out. The state is stored before the messages go
 * out: if the process dies in between, Telegram delivers the update again (no 200 yet, or no confirmed
 * offset) rather than the person seeing an answer whose state was lost. This is the whole Telegram
 * adapter; every feature goes through it.
 */
/**
 * Telegram's language_code is only a default for a person the bot has not talked with in any language yet:
 * it picks the language of /start and of buttons; every message is still answered in its own language.
 */
const withLocaleDefault = (state: ConversationState, code: string | undefined): ConversationState => {
  if (state.lang !== undefined) return state;
  const lang = langFromLocale(code);
  return lang && lang !== 'en' ? { ...state, lang } : state;
};

/** The bot's own lines (rate limit, text only...) in the person's Telegram language, else English. */
export const messagesFor = (engine: Engine, ctx: Pick<BotContext, 'from'>, lang?: string) =>
  localise(engine.kb, lang ?? langFromLocale(ctx.from?.language_code)).messages;

export const takeTurn = async (
  ctx: BotContext,
  logger: Logger,
  turn: (state: ConversationState) => EngineResult,
  options: TurnOptions = {},
): Promise<EngineResult> => {
  const typing = startTyping(ctx, logger);
  // /forget answers from the fresh state it leaves behind, and stores nothing. A message is answered in its
  // own language; Telegram's language setting is only the default. The diary is for private chats only,
  // so its button is too.
  const locale = ctx.from?.language_code;
  const answerButton = ctx.chat?.type === 'private' ? options.answerButton : undefined;
  const result = options.forget
    ? turn(withLocaleDefault(await ctx.conversation.forget(), locale))
    : await ctx.conversation.apply((state) =>
        withAnswerButton(turn(withLocaleDefault(state, locale)), answerButton),
      );
  ctx.trace = { ...ctx.trace, outcome: 'answered', intent: result.intent, escalation: result.escalation };
  await typing;
  await sendMessages(ctx, result.messages, logger);
  return result;
};
