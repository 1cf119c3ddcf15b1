import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { messagesFor } from '../conversation.js';
import { sendMessages } from '../send.js';
import { channelTexts } from '../texts.js';
import type { FeatureDeps } from './deps.js';
import { answerQuestion } from './text.js';

/** Content a person sends that is not text. Service messages (joins, pins) are not in this list. */
const NON_TEXT = [
  'message:sticker',
  'message:photo',
  'message:voice',
  'message:video',
  'message:video_note',
  'message:audio',
  'message:document',
  'message:animation',
  'message:location',
  'message:venue',
  'message:contact',
  'message:poll',
  'message:dice',
  'message:story',
] as const;

/**
 * Stickers, photos, voice and the like get a short "I read text only". A caption is still read: "my calf
 * looks like this, swollen and hot" under a photo must reach triage. Edited media (a moving live
 * location sends one every few seconds) is not answered.
 */
export const mediaFeature = (deps: FeatureDeps): Composer<BotContext> => {
  const composer = new Composer<BotContext>();
  composer.on(['message:caption', 'edited_message:caption'], async (ctx) => {
    await answerQuestion(ctx, ctx.msg.caption, deps);
    await sendMessages(
      ctx,
      [{ kind: 'info', text: channelTexts.captionNote, level: 'none', buttons: [] }],
      deps.logger,
    );
  });
  composer.on([...NON_TEXT], async (ctx) => {
    await sendMessages(
      ctx,
      [{ kind: 'info', text: messagesFor(deps.engine, ctx).text_only, level: 'none', buttons: [] }],
      deps.logger,
    );
    ctx.trace.outcome = 'answered';
    ctx.trace.note = 'non_text';
  });
  return composer;
};
