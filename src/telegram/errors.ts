import type { BotError } from 'grammy';
import type { Logger } from '../logger.js';
import type { BotContext } from './context.js';
import { channelTexts } from './texts.js';

/** The loggable parts of an error: never a grammY request payload, which holds the reply text. */
export const describeError = (error: unknown): Record<string, unknown> => {
  if (!(error instanceof Error)) return { message: String(error) };
  const described: Record<string, unknown> = { name: error.name, message: error.message };
  const extra = error as Error & { method?: unknown; error_code?: unknown };
  if (typeof extra.method === 'string') described.method = extra.method;
  if (typeof extra.error_code === 'number') described.error_code = extra.error_code;
  if (error.stack) described.stack = error.stack;
  return described;
};

/**
 * The error boundary around every feature: the failure is logged with its update id, the person gets a
 * short apology instead of silence, and the bot carries on with the next update.
 */
export const handleFeatureError =
  (logger: Logger, emergencyNumber: string) =>
  async (error: BotError<BotContext>): Promise<void> => {
    const { ctx } = error;
    ctx.trace.outcome = 'failed';
    logger.error({ update_id: ctx.update.update_id, err: describeError(error.error) }, 'update failed');
    const chatId = ctx.chat?.id;
    const fromPerson = ctx.message ?? ctx.editedMessage ?? ctx.callbackQuery;
    if (chatId === undefined || !fromPerson) return;
    try {
      await ctx.api.sendMessage(chatId, channelTexts.apology(emergencyNumber));
    } catch (sendError) {
      logger.warn(
        { update_id: ctx.update.update_id, err: describeError(sendError) },
        'apology could not be sent',
      );
    }
  };

/** Last resort for errors outside the boundary (the logging and callback middleware): log, keep running. */
export const handleUncaughtBotError =
  (logger: Logger) =>
  (error: BotError<BotContext>): void => {
    if (error.error instanceof Error && error.error.name === 'UpdateInProgressElsewhere') {
      // Polling only (a webhook answers 503 instead): an earlier delivery of this update is still running.
      logger.warn({ update_id: error.ctx.update.update_id }, 'update is already being handled; skipped');
      return;
    }
    logger.error(
      { update_id: error.ctx.update.update_id, err: describeError(error.error) },
      'unhandled bot error',
    );
  };
