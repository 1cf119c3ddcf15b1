import type { ConversationState, EngineResult } from '../engine/index.js';
import type { Logger } from '../logger.js';
import type { BotContext } from './context.js';
import { sendMessages, startTyping } from './send.js';

export interface TurnOptions {
  /** /forget: delete the stored session instead of saving the new state. */
  forget?: boolean;
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
  // /forget answers from the fresh state it leaves behind, and stores nothing.
  const result = options.forget ? turn(await ctx.conversation.forget()) : await ctx.conversation.apply(turn);
  ctx.trace = { ...ctx.trace, outcome: 'answered', intent: result.intent, escalation: result.escalation };
  await typing;
  await sendMessages(ctx, result.messages, logger);
  return result;
};
