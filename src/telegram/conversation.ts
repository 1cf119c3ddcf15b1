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
 * the new state back into the session (saved by the session middleware once the update is done), and the
 * messages out. This is the whole Telegram adapter; every feature goes through it.
 */
export const takeTurn = async (
  ctx: BotContext,
  logger: Logger,
  turn: (state: ConversationState) => EngineResult,
  options: TurnOptions = {},
): Promise<EngineResult> => {
  const typing = startTyping(ctx, logger);
  const session = await ctx.session;
  const result = turn(session.engine);
  ctx.session = options.forget ? null : { engine: result.state };
  ctx.trace = { ...ctx.trace, outcome: 'answered', intent: result.intent, escalation: result.escalation };
  await typing;
  await sendMessages(ctx, result.messages, logger);
  return result;
};
