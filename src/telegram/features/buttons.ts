import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { takeTurn } from '../conversation.js';
import { describeError } from '../errors.js';
import type { FeatureDeps } from './deps.js';

/**
 * Inline-keyboard presses. The callback is answered first so the button stops spinning, then the engine
 * continues the conversation. The engine decodes the data strictly: an old, forged or malformed payload
 * gets its polite "expired" message and topic menu, never an error.
 */
export const buttonsFeature = ({ engine, logger, answerButton }: FeatureDeps): Composer<BotContext> => {
  const composer = new Composer<BotContext>();
  composer.on('callback_query:data', async (ctx) => {
    await ctx.answerCallbackQuery().catch((error: unknown) => {
      // Usually "query is too old": the press still deserves an answer in the chat.
      logger.debug(
        { update_id: ctx.update.update_id, err: describeError(error) },
        'answerCallbackQuery failed',
      );
    });
    const result = await takeTurn(
      ctx,
      logger,
      (state) => engine.respond(state, { type: 'button', data: ctx.callbackQuery.data }),
      { answerButton },
    );
    if (result.messages.some((message) => message.kind === 'expired'))
      ctx.trace.note = 'expired_or_invalid_button';
  });
  return composer;
};
