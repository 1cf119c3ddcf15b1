import { describe, expect, it } from 'vitest';
import {
  type ConversationState,
  createEngine,
  type EngineResult,
  initialState,
  loadKnowledgeBase,
  type OutMessage,
} from '../../src/engine/index.js';
import { FIRST_REPLY_MAX_WORDS, withoutRepeats, wordCount } from '../../src/engine/respond/compose.js';

/** What a person sees when they ask, as the terminal chat and the channels show it. */
const kb = loadKnowledgeBase();
const engine = createEngine(kb);
const welcomed: ConversationState = { ...initialState(), welcomed: true };
const say = (text: string, state: ConversationState = welcomed) =>
  engine.respond(state, { type: 'text', text });
const tap = (data: string, state: ConversationState = welcomed) =>
  engine.respond(state, { type: 'button', data });
const press = (label: string, previous: EngineResult) => {
  const button = previous.messages.flatMap((m) => m.buttons).find((b) => b.label === label);
  if (!button)
    throw new Error(`no button "${label}" in ${JSON.stringify(previous.messages.map((m) => m.buttons))}`);
  return engine.respond(previous.state, { type: 'button', data: button.data });
};
const sentencesOf = (messages: OutMessage[]) =>
  messages
    .flatMap((m) => m.text.split(/\n+|(?<=[.!?])\s+/))
    .map((s) =>
      s
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim(),
    )
    .filter((s) => s.length >= 16);

describe('a first reply fits a phone screen, with its buttons right under it', () => {
  const worried = [
    "I'm pregnant and get leg cramps every night",
    'my calves cramp every night and wake me up',
    'calves cramp when I walk and stop when I rest',
    'I have cramps every night since I started water tablets',
    'I drink a lot and get cramps every night',
    'my 10 year old gets cramps every night',
    'diabetic with leg cramps every night',
    'sciatica not getting better and cramps at night',
    'what are the signs of a blood clot in the leg',
    'how many panangin tablets a day',
  ];

  it.each(worried)('"%s": one message, at most about 120 words, buttons last', (text) => {
    const reply = say(text);
    expect(reply.messages).toHaveLength(1);
    const [message] = reply.messages as [OutMessage];
    expect(wordCount(message.text)).toBeLessThanOrEqual(FIRST_REPLY_MAX_WORDS);
    expect(message.buttons.length).toBeGreaterThan(0);
  });

  it('keeps the GP note of a pregnant user with the pregnancy answer, once', () => {
    const reply = say("I'm pregnant and get leg cramps every night");
    const text = reply.messages[0]?.text ?? '';
    expect(reply.escalation).toBe('gp');
    expect(reply.messages[0]?.level).toBe('gp');
    expect(text).toMatch(/^Leg cramps are common in pregnancy/);
    expect(text).toMatch(/🩺 Cramps are common in pregnancy, but frequent or very painful ones/);
    expect(text.match(/🩺/g)).toHaveLength(1);
  });

  it('every answer, context variant and named reply is at most 120 words on its own', () => {
    const long: string[] = [];
    for (const answer of kb.answers.values()) {
      if (wordCount(answer.answer) > 120) long.push(answer.intent);
      for (const [context, variant] of Object.entries(answer.contexts))
        if (wordCount(variant.answer) > 120) long.push(`${answer.intent}.${context}`);
    }
    for (const reply of kb.replies.values()) if (wordCount(reply.text) > 120) long.push(reply.id);
    expect(long).toEqual([]);
  });
});

describe('no sentence twice in one reply', () => {
  it.each([
    "my calf is swollen and hot and the cramp has lasted 30 minutes and won't stop",
    "I'm pregnant and get leg cramps every night",
    'my calves cramp every night and wake me up, and they cramp when I walk and stop when I rest',
    'on statins, my legs ache and my pee is dark brown',
  ])('"%s"', (text) => {
    const all = sentencesOf(say(text).messages);
    expect(all.filter((sentence, index) => all.indexOf(sentence) !== index)).toEqual([]);
  });

  it('drops a repeated sentence and keeps the rest in order', () => {
    const message = (text: string): OutMessage => ({ kind: 'answer', text, level: 'none', buttons: [] });
    const out = withoutRepeats([
      message('This needs a doctor to look at it today, not next week. Call 112 if worse.'),
      message(
        'A cramp that lasts long is not usual.\n\nThis needs a doctor to look at it today, not next week.',
      ),
    ]);
    expect(out.map((m) => m.text)).toEqual([
      'This needs a doctor to look at it today, not next week. Call 112 if worse.',
      'A cramp that lasts long is not usual.',
    ]);
  });
});

describe('replies that end a branch offer what to do next', () => {
  it('every named reply offers at least one button (back to the topic, all topics, done)', () => {
    const deadEnds = [...kb.replies.keys()]
      .filter((id) => id !== 'thanks_done')
      .filter((id) => tap(`r:${id}`).messages.every((m) => m.buttons.length === 0));
    expect(deadEnds).toEqual([]);
    const doctor = tap('r:night_cramps_frequent').messages[0];
    expect(doctor?.buttons.map((b) => b.label)).toEqual(['Night cramps', 'All topics', "That's all, thanks"]);
  });

  it('a warning reached by a button leads back to the topic it came from', () => {
    const topic = say('why do my calves cramp at night');
    const question = press('Any swelling or redness in one calf?', topic);
    const warning = press('Yes, one calf is swollen or red', question);
    expect(warning.escalation).toBe('urgent');
    expect(warning.messages[0]?.buttons.map((b) => b.label)).toEqual([
      'Night cramps',
      'All topics',
      "That's all, thanks",
    ]);
    expect(press("That's all, thanks", warning).messages[0]?.text).toMatch(/Take care/);
  });

  it('choosing a country leads back to the topic or to all topics', () => {
    const topic = say('why do my calves cramp at night');
    const chosen = tap('c:GB', topic.state).messages[0];
    expect(chosen?.text).toMatch(/999/);
    expect(chosen?.buttons.map((b) => b.label)).toEqual(['Night cramps', 'All topics']);
  });

  it('every red-flag warning offers a way on, even typed with no topic before', () => {
    for (const rule of kb.redFlags.rules)
      expect(tap(`f:${rule.id}`).messages[0]?.buttons.length, rule.id).toBeGreaterThan(0);
    expect(say('my leg hurts and I am short of breath').messages[0]?.buttons.length).toBeGreaterThan(0);
  });
});

describe('seed medicines are refused in the first answer', () => {
  it.each([
    ['can i take difenin', /Difenin or Dilantin \(phenytoin, an epilepsy medicine\): not a cramp treatment/],
    ['how many panangin tablets a day', /don't take Panangin or Asparkam .*not a cramp treatment/],
    [
      'is mydocalm safe to take for my calf cramps',
      /Mydocalm \(tolperisone, a muscle relaxant\): not approved/,
    ],
  ])('"%s"', (text, refusal) => {
    const reply = say(text);
    expect(reply.messages[0]?.kind).toBe('answer');
    expect(reply.messages[0]?.text).toMatch(refusal);
    expect(reply.messages[0]?.text).toMatch(/stretch/);
    expect(reply.messages[0]?.text).not.toMatch(/if you (?:still )?want to try|ask a pharmacist first/i);
  });
});

describe('questions about blood clots', () => {
  it.each([
    'What are the signs of a blood clot in the leg?',
    'can you get a clot from sitting too long?',
    'should I wear flight socks?',
    'is my cramp a DVT?',
    'how do you tell a dvt from a cramp',
  ])('"%s" gets the blood-clot answer, with no alarm of its own', (text) => {
    const reply = say(text);
    expect(reply.intent).toBe('blood_clots');
    expect(reply.escalation).toBe('none');
    expect(reply.messages[0]?.text).toMatch(/^A clot in a leg vein \(DVT\)/);
  });

  it('turns "what are the signs" into the right escalation in one tap about the person\'s own leg', () => {
    const answer = say('what are the signs of a blood clot in the leg');
    const question = press('Is one of your legs like that now?', answer);
    expect(press('Yes, one leg swollen, warm or sore', question).escalation).toBe('urgent');
    const lungs = press('Yes, and breathless or chest pain', question);
    expect(lungs.escalation).toBe('emergency');
    expect(lungs.messages[0]?.emergencyNumber).toBe('112');
    expect(press('Yes, and pregnant or a new mum', question).escalation).toBe('urgent');
    expect(press("No, I'm asking in general", question).escalation).toBe('none');
  });

  it('long journeys: move about and drink water; stockings only when a clinician advises them', () => {
    const travel = tap('r:blood_clots_travel').messages[0]?.text ?? '';
    expect(travel).toMatch(/walk about/);
    expect(travel).toMatch(/Drink water/);
    expect(travel).toMatch(/only if a doctor or nurse recommends them/);
  });

  it('names the UK advice line only for people who chose the UK', () => {
    const uk = engine.setCountry(welcomed, 'GB').state;
    const rest = tap('r:walking_pain_at_rest', uk).messages[0]?.text ?? '';
    expect(rest).toMatch(/You can also call 111 for medical advice/);
    expect(rest).toMatch(/Call 999 now/);
    const eu = tap('r:walking_pain_at_rest').messages[0]?.text ?? '';
    expect(eu).not.toMatch(/111|\{advice_note\}/);
    expect(eu).toMatch(/out-of-hours service\.\n\nCall 112 now/);
  });
});
