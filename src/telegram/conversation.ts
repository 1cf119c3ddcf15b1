import { withAnswerButton } from '../diary/answer-button.js';
import type { ConversationState, EngineResult, QuickReply } from '../engine/index.js';
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
export const takeTurn = async (
  ctx: BotContext,
  logger: Logger,
  turn: (state: ConversationState) => EngineResult,
  options: TurnOptions = {},
): Promise<EngineResult> => {
  const typing = startTyping(ctx, logger);
  // The diary is for private chats only, so its button is too.
  const answerButton = ctx.chat?.type === 'private' ? options.answerButton : undefined;
  const result = withAnswerButton(turn(await ctx.conversation.load()), answerButton);
  if (options.forget) await ctx.conversation.forget();
  else await ctx.conversation.save(result.state);
  ctx.trace = { ...ctx.trace, outcome: 'answered', intent: result.intent, escalation: result.escalation };
  await typing;
  await sendMessages(ctx, result.messages, logger);
  return result;
};
