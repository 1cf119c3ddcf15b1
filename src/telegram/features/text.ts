import { Composer } from 'grammy';
import { withoutMention } from '../addressing.js';
import type { BotContext } from '../context.js';
import { messagesFor, takeTurn } from '../conversation.js';
import { MAX_QUESTION_CHARS } from '../limits.js';
import { sendMessages } from '../send.js';
import type { FeatureDeps } from './deps.js';

/**
 * Answers a question through the engine. The bot's @mention is removed first; a bare mention gets /help.
 * Text beyond MAX_QUESTION_CHARS (more than Telegram itself delivers) is cut, and the person is told so.
 */
export const answerQuestion = async (ctx: BotContext, rawText: string, deps: FeatureDeps): Promise<void> => {
  const { engine, logger } = deps;
  const question = withoutMention(rawText, ctx.me);
  if (deps.logMessageText)
    logger.debug({ update_id: ctx.update.update_id, messageText: question }, 'question');
  if (question === '') {
    await takeTurn(ctx, logger, (state) => engine.command(state, 'help'));
    return;
  }
  const tooLong = question.length > MAX_QUESTION_CHARS;
  const text = tooLong ? question.slice(0, MAX_QUESTION_CHARS) : question;
  const result = await takeTurn(ctx, logger, (state) => engine.respond(state, { type: 'text', text }), {
    answerButton: deps.answerButton,
  });
  if (tooLong) {
    // After the answer, never before it: an urgent warning must stay the first thing the person reads.
    await sendMessages(
      ctx,
      [{ kind: 'info', text: messagesFor(engine, ctx, result.lang).too_long, level: 'none', buttons: [] }],
      logger,
    );
  }
};

/** Free text, including edited messages, which are answered as new questions. */
export const textFeature = (deps: FeatureDeps): Composer<BotContext> => {
  const composer = new Composer<BotContext>();
  composer.on(['message:text', 'edited_message:text'], (ctx) => answerQuestion(ctx, ctx.msg.text, deps));
  return composer;
};
