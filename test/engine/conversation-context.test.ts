import { describe, expect, it } from 'vitest';
import {
  type ConversationState,
  createEngine,
  type EngineResult,
  encodeAction,
  initialState,
  loadKnowledgeBase,
} from '../../src/engine/index.js';

const engine = createEngine(loadKnowledgeBase());
const welcomed = (): ConversationState => ({ ...initialState(), welcomed: true });
const say = (text: string, state: ConversationState = welcomed()) =>
  engine.respond(state, { type: 'text', text });
const press = (data: string, state: ConversationState) => engine.respond(state, { type: 'button', data });
const topic = (id: string) => encodeAction({ kind: 'intent', id });
const moreDetail = (id: string) => encodeAction({ kind: 'details', id });
const first = (result: EngineResult) => result.messages[0];

describe('signs a person says they do not have', () => {
  it('answers "not swollen, no redness, just cramps at night" about night cramps, as "just cramps at night"', () => {
    const denied = say('my calf is not swollen, no redness, just cramps at night');
    const plain = say('just cramps at night');
    expect(first(denied)?.kind).toBe('answer');
    expect(denied.intent).toBe('night_cramps');
    expect(first(denied)?.text).toBe(first(plain)?.text);
  });

  it.each([
    ["my leg isn't swollen but it cramps every night", 'night_cramps'],
    ['cramps at night without any swelling', 'night_cramps'],
    ['not swollen, not red, cramps every night in bed', 'night_cramps'],
    ['never bruised, but my calf cramps after running', 'exercise_cramps'],
    ['no redness or heat, my calf just knots up when I swim', 'swimming'],
    ['нога не опухла, но ночью сводит икры', 'night_cramps'],
    ['отёка нет, покраснения нет, ночью сводит икры', 'night_cramps'],
    ['без покраснения и отёка, сводит ноги по ночам', 'night_cramps'],
  ])('reads "%s" by what is there: %s', (text, intent) => {
    const result = say(text);
    expect(first(result)?.kind).toBe('answer');
    expect(result.intent).toBe(intent);
  });

  it('keeps a topic the question itself names: "is it a clot? my calf is not swollen" is about clots', () => {
    expect(say('is it a clot? my calf is not swollen').intent).toBe('blood_clots');
  });

  it('keeps negations that carry the question ("so I don\'t get cramps" is still about drinking)', () => {
    expect(say("how much should I drink so I don't get cramps").intent).toBe('hydration');
  });

  it('reads a message that is only a denial as before, never as a topic it does not name', () => {
    for (const text of ['no swelling?', 'отёка нет?']) {
      const result = say(text);
      expect(result.intent, text).not.toBe('night_cramps');
      expect(result.escalation, text).toBe('none');
    }
  });
});

describe('how long a cramp lasted is not pain on walking', () => {
  it.each([
    'the cramp went away after 5 minutes',
    'the cramp stopped after a minute',
    'свело икру, через пару минут отпустило',
  ])('does not answer "%s" with calf pain on walking', (text) => {
    expect(say(text).intent).not.toBe('walking_pain');
  });

  it.each([
    'my calf hurts after a few hundred yards and I have to stop',
    'calf pain going uphill that eases when I stop',
    'пройду квартал и икры болят',
  ])('still answers "%s" with calf pain on walking', (text) => {
    expect(say(text).intent).toBe('walking_pain');
  });
});

describe('pain that stays after the cramp has gone', () => {
  it.each(['the cramp let go but the ache lingered all day', 'the spasm stopped, the pain stuck around'])(
    'answers "%s" with soreness after a cramp',
    (text) => {
      expect(say(text).intent).toBe('after_cramp_soreness');
    },
  );
});

describe('short follow-on questions after an answer', () => {
  const aboutMum = () => {
    const answer = say('my mum is 81 and gets cramps every night, is that normal');
    expect(answer.intent).toBe('older_adults');
    return answer.state;
  };
  const note = 'Taking that as about "Cramps in older age":';

  it.each([
    ['what should she do', 'prevention'],
    ['what can I do about it', 'prevention'],
    ['what helps?', 'prevention'],
    ['why?', 'causes'],
    ['how come', 'causes'],
    ['is it dangerous?', 'see_doctor'],
    ['should I be worried', 'see_doctor'],
    // Not listed as phrases: a cue word with nothing that could name a topic.
    ['how dangerous is it for her', 'see_doctor'],
    ['why does she get them', 'causes'],
    ['any ideas?', 'prevention'],
    ['what can I give her', 'medicines'],
    ['can she take anything for it?', 'medicines'],
  ])('answers "%s" with %s for older age, saying it took it so', (text, intent) => {
    const state = aboutMum();
    const followOn = say(text, state);
    const pressed = press(topic(intent), state);
    expect(followOn.intent).toBe(intent);
    expect(first(followOn)?.text).toBe(`${note}\n\n${first(pressed)?.text}`);
    expect(first(followOn)?.buttons).toEqual(first(pressed)?.buttons);
  });

  it('shows the topic\'s "More detail" for "tell me more"', () => {
    const state = aboutMum();
    const followOn = say('tell me more', state);
    expect(first(followOn)?.kind).toBe('details');
    expect(first(followOn)?.text).toBe(`${note}\n\n${first(press(moreDetail('older_adults'), state))?.text}`);
  });

  it('stays in the same frame over several follow-ons', () => {
    const why = say('why?', aboutMum());
    const dangerous = say('is it dangerous?', why.state);
    expect(first(dangerous)?.text.startsWith(note)).toBe(true);
    expect(dangerous.intent).toBe('see_doctor');
  });

  it("reads a follow-on as such while one of the bot's questions is open", () => {
    const asked = press(
      encodeAction({ kind: 'followup', owner: 'older_adults', followup: 'walking' }),
      aboutMum(),
    );
    const followOn = say('why?', asked.state);
    expect(first(followOn)?.text.startsWith(note)).toBe(true);
    expect(followOn.state).not.toHaveProperty('pending');
  });

  it('answers a topic without a variant for the question from its own "More detail"', () => {
    const night = say('why do my calves cramp at night');
    expect(night.intent).toBe('night_cramps');
    const followOn = say('what should I do', night.state);
    expect(first(followOn)?.text).toBe(
      `Taking that as about "Night cramps":\n\n${first(press(moreDetail('night_cramps'), night.state))?.text}`,
    );
  });

  it('leaves a question about the bot, or one with a topic word, to ordinary understanding', () => {
    const state = aboutMum();
    expect(say('what can you do', state).intent).toBe('bot_capabilities');
    expect(first(say('why is magnesium not working', state))?.text).not.toContain('Taking that as about');
    expect(first(say('not dangerous then?', state))?.text).not.toContain('Taking that as about');
  });

  it('still answers a follow-on that names its own topic with that topic', () => {
    const kids = say('does that work for kids too', aboutMum());
    expect(kids.intent).toBe('children');
    expect(first(kids)?.text).not.toContain('Taking that as about');
  });

  it('understands Russian follow-ons the same way', () => {
    const answer = say('у мамы 80 лет каждую ночь сводит ноги, это нормально?');
    expect(answer.intent).toBe('older_adults');
    for (const text of [
      'а что делать',
      'что ей делать',
      'почему',
      'а почему у неё',
      'подробнее',
      'чем лечить?',
    ]) {
      const followOn = say(text, answer.state);
      expect(first(followOn)?.text.startsWith('Отвечаю про тему «Пожилые люди»:'), text).toBe(true);
    }
    expect(say('какие таблетки ей принимать', answer.state).intent).toBe('medicines');
    for (const text of ['это опасно?', 'это серьёзно?', 'стоит ли переживать']) {
      const dangerous = say(text, answer.state);
      expect(dangerous.intent, text).toBe('see_doctor');
      expect(first(dangerous)?.text.startsWith('Отвечаю про тему «Пожилые люди»:'), text).toBe(true);
    }
  });

  it('keeps a vague first message, with no topic before it, as it was: no frame to take it in', () => {
    for (const text of ['what should I do', 'why?', 'is it dangerous?']) {
      const result = say(text);
      expect(first(result)?.text, text).not.toContain('Taking that as about');
      expect(first(result)?.kind, text).not.toBe('answer');
    }
  });

  it('does not take a symptom in an urgent warning as the topic to follow on', () => {
    const warning = say('my calf is hot and swollen');
    expect(warning.escalation).toBe('urgent');
    expect(first(say('what should I do', warning.state))?.text).not.toContain('Taking that as about');
  });

  it('does not take small talk as a topic to follow on', () => {
    const hello = say('hi');
    expect(hello.intent).toBe('greeting');
    expect(first(say('why?', hello.state))?.text).not.toContain('Taking that as about');
  });
});
