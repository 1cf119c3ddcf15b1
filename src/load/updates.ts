import type { Update } from 'grammy/types';

/**
 * The mix of updates a load run sends: mostly questions in people's own words (some misspelt, a few
 * long), some red flags, button presses and commands, from many different people, so neither the
 * per-person rate limit nor one hot session decides the figures.
 */
const QUESTIONS = [
  'why do my calves cramp at night',
  'what can I do when my calf cramps',
  'does magnesium help with leg cramps',
  'i get cramps in my legs when i run',
  'leg cramps in pregnancy, is that normal?',
  'how do i stop nite cramps',
  'should i stretch before bed',
  'do bananas help with cramp',
  'is quinine ok for cramps',
  'my feet and toes cramp up',
  'cramps after sitting all day at work',
  'hello',
  'thanks, that helped',
];
const RED_FLAGS = ['my calf is swollen and hot', 'my calf hurts and now I cant breathe'];
const BUTTONS = [
  'i:night_cramps',
  'q:night_cramps.swelling',
  'q:night_cramps.how_often',
  'd:night_cramps',
  'c:GB',
  'm',
];
const COMMANDS = ['/start', '/help', '/topics', '/emergency'];
/** A long, rambling message (about 1,400 characters): the engine's slow path for ordinary text. */
const LONG = `${'So last night I woke up at 3am with my calf all tight and it hurt a lot, I stretched it and it went away after a minute or so. '.repeat(11)}why does this keep happening?`;

/** Distinct people the updates come from; each sends about once a minute at 1,000 updates/s. */
const PEOPLE = 50_000;

export const createLoadUpdates = (firstPerson = 5_000_000) => {
  let sent = 0;
  const date = Math.floor(Date.now() / 1000);
  return (): string => {
    sent += 1;
    const id = firstPerson + (sent % PEOPLE);
    const from = { id, is_bot: false, first_name: 'Load', language_code: 'en' };
    const chat = { id, type: 'private' as const, first_name: 'Load' };
    const slot = sent % 20;
    let update: Update;
    if (slot < 3) {
      update = {
        update_id: sent,
        callback_query: {
          id: `load-${sent}`,
          from,
          chat_instance: `ci-${id}`,
          data: BUTTONS[sent % BUTTONS.length] as string,
          message: { message_id: 1, date, chat, text: 'an earlier answer' },
        },
      } as Update;
    } else {
      let text = QUESTIONS[sent % QUESTIONS.length] as string;
      if (slot === 3) text = COMMANDS[sent % COMMANDS.length] as string;
      if (slot === 4) text = RED_FLAGS[sent % RED_FLAGS.length] as string;
      if (slot === 5 && sent % 3 === 0) text = LONG;
      const entities = text.startsWith('/')
        ? [{ type: 'bot_command' as const, offset: 0, length: text.length }]
        : undefined;
      update = {
        update_id: sent,
        message: { message_id: sent, date, from, chat, text, ...(entities ? { entities } : {}) },
      } as Update;
    }
    return JSON.stringify(update);
  };
};
