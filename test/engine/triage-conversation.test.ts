import { describe, expect, it } from 'vitest';
import {
  type ConversationState,
  createEngine,
  type EngineResult,
  initialState,
  loadKnowledgeBase,
} from '../../src/engine/index.js';
import { createResponder } from '../../src/engine/respond/index.js';

/**
 * Triage across turns, the safety question and the shape of red-flag replies, as a person sees them.
 * The clock is injected: how long signs are remembered is tested without waiting.
 */
const kb = loadKnowledgeBase();
const engine = createEngine(kb);
let clock = Date.UTC(2026, 0, 1, 9);
const bot = createResponder({
  kb,
  classify: (text, context) => engine.classify(text, context.lastIntent),
  triage: engine.triage,
  clarifyMargin: 0.02,
  now: () => clock,
});
const HOUR = 3_600_000;

const chat = (texts: string[], state: ConversationState = initialState()): EngineResult[] => {
  const results: EngineResult[] = [];
  let current = state;
  for (const text of texts) {
    const result = bot.respond(current, { type: 'text', text });
    results.push(result);
    current = result.state;
  }
  return results;
};
const press = (label: string, previous: EngineResult): EngineResult => {
  const button = previous.messages.flatMap((m) => m.buttons).find((b) => b.label === label);
  if (!button) throw new Error(`no button "${label}"`);
  return bot.respond(previous.state, { type: 'button', data: button.data });
};
const last = <T>(items: T[]): T => items[items.length - 1] as T;

describe('a conversation is triaged as a whole', () => {
  it('a swollen calf after a flight, then breathlessness: a possible clot in the lungs', () => {
    const [first, second] = chat([
      'my left calf is swollen since the flight',
      'I am a bit short of breath too',
    ]);
    expect(first?.escalation).toBe('urgent');
    expect(second?.escalation).toBe('emergency');
    expect(second?.messages[0]?.text).toMatch(/Call 112 now[\s\S]*clot has moved to the lungs/);
  });

  it('surgery and calf cramps, then a calf sore to touch: the clot warning', () => {
    const results = chat(['I had surgery last week and my calf cramps', 'the calf is sore to touch']);
    expect(last(results).escalation).toBe('urgent');
    expect(last(results).messages[0]?.text).toMatch(/blood clot \(DVT\)/);
  });

  it("a sign asked about and said to be fine in one's own case is not remembered for the next turn", () => {
    const [first, second] = chat([
      'what does brown urine after a long run mean? only curious, mine is normal',
      'my calves cramp after long runs, how do I stop that?',
    ]);
    expect(first?.escalation).toBe('none');
    expect(second?.escalation).toBe('none');
  });

  it('the same second message in a fresh conversation is not an alarm', () => {
    expect(chat(['the calf is sore to touch'])[0]?.escalation).not.toMatch(/urgent|emergency/);
  });

  it('keeps only concept names and times, never the words of the message', () => {
    const [first] = chat(['my left calf is swollen since the flight to Lisbon']);
    const flags = first?.state.triageFlags ?? [];
    expect(flags.length).toBeGreaterThan(0);
    for (const item of flags) {
      expect(item.flag).toMatch(/^[a-z_]+$/);
      expect(Object.keys(item).sort()).toEqual(['at', 'flag']);
    }
    expect(JSON.stringify(first?.state)).not.toMatch(/lisbon|flight/i);
  });

  it('forgets after a day', () => {
    const [first] = chat(['my left calf is swollen since the flight']);
    clock += 25 * HOUR;
    const later = bot.respond(first?.state as ConversationState, {
      type: 'text',
      text: 'I am a bit short of breath too',
    });
    clock -= 25 * HOUR;
    expect(later.escalation).not.toBe('emergency');
  });

  it('forgets on /forget', () => {
    const [first] = chat(['my left calf is swollen since the flight']);
    const forgotten = bot.command(first?.state as ConversationState, 'forget').state;
    expect(forgotten.triageFlags).toBeUndefined();
    const after = bot.respond(forgotten, { type: 'text', text: 'I am a bit short of breath too' });
    expect(after.escalation).not.toBe('emergency');
  });

  it('a denial in the new message wins over what was said before', () => {
    const results = chat(['short of breath this morning', 'no, not breathless now, but my calf is swollen']);
    expect(last(results).escalation).toBe('urgent');
  });
});

describe('"what do I do?" right after a warning', () => {
  it('gets the same warning again, with the number, not a topic', () => {
    const [alarm, asked] = chat(["my calf is swollen and now I can't breathe", 'what do I do']);
    expect(alarm?.escalation).toBe('emergency');
    expect(asked?.escalation).toBe('emergency');
    expect(asked?.messages[0]?.text).toMatch(/Call 112 now/);
  });

  it('works for someone else and for an urgent warning too', () => {
    const [, asked] = chat([
      'my wife had the baby 3 weeks ago and her left calf is hot and sore',
      'what should she do',
    ]);
    expect(asked?.escalation).toBe('urgent');
    expect(asked?.messages[0]?.text).toMatch(/today/);
  });

  it('after an hour, or after an ordinary answer, "what do I do" is read as usual', () => {
    const [alarm] = chat(["my calf is swollen and now I can't breathe"]);
    clock += 2 * HOUR;
    const [later] = chat(['what do I do'], alarm?.state);
    expect(later?.escalation).toBe('none');
    const [, ordinary] = chat(['why do my calves cramp at night', 'what do I do']);
    expect(ordinary?.escalation).toBe('none');
    expect(ordinary?.messages[0]?.text).not.toMatch(/Call 112/);
  });
});

describe('the safety question', () => {
  const asked = chat(['I feel breathless'])[0] as EngineResult;

  it('a bare present symptom gets one question with buttons, never "not understood"', () => {
    expect(asked.asked).toBe(true);
    expect(asked.messages[0]?.text).toBe('Before I answer: is any of this happening now?');
    expect(asked.messages[0]?.buttons.map((b) => b.label)).toEqual([
      'Trouble breathing or chest pain',
      'Confused, very drowsy or collapsed',
      'One leg hot, swollen or red',
      'None of these',
    ]);
    expect(asked.messages.map((m) => m.text).join(' ')).not.toMatch(/not sure I understood/);
    for (const button of asked.messages[0]?.buttons ?? [])
      expect(Buffer.byteLength(button.data)).toBeLessThanOrEqual(64);
  });

  it.each([
    ['Trouble breathing or chest pain', 'emergency', /Call 112 now/],
    ['Confused, very drowsy or collapsed', 'emergency', /Call 112 now/],
    ['One leg hot, swollen or red', 'urgent', /today/],
  ])('"%s" leads to the %s reply', (label, level, text) => {
    const reply = press(label, asked);
    expect(reply.escalation).toBe(level);
    expect(reply.messages).toHaveLength(1);
    expect(reply.messages[0]?.text).toMatch(text);
  });

  it('"None of these" carries on with the topic the message was about', () => {
    const [question] = chat(['I feel a bit breathless, does magnesium help with cramps?']);
    expect(question?.asked).toBe(true);
    const reply = press('None of these', question as EngineResult);
    expect(reply.escalation).toBe('none');
    expect(reply.messages[0]?.kind).toBe('answer');
  });

  it('"None of these" with no topic invites the person to say more', () => {
    const reply = press('None of these', asked);
    expect(reply.messages[0]?.text).toMatch(/Tell me a bit more/);
  });

  it.each([
    'why do my calves cramp at night',
    'does magnesium help leg cramps?',
    'what are the signs of a blood clot?',
    'can cramps make you short of breath?',
  ])('is not asked on an ordinary question: %s', (text) => {
    expect(chat([text])[0]?.asked).toBeUndefined();
  });

  it('is asked when a general question would be an emergency if it were happening', () => {
    const [result] = chat(['is chest pain with leg pain serious?']);
    expect(result?.escalation).toBe('none');
    expect(result?.asked).toBe(true);
  });
});

describe('red-flag replies', () => {
  it('several emergencies give one message, labelled once, with each reason and one call to action', () => {
    const [result] = chat(['my chest hurts and my face is drooping']);
    expect(result?.messages.filter((m) => m.kind === 'escalation')).toHaveLength(1);
    const text = result?.messages[0]?.text ?? '';
    expect(text.startsWith('🚨 Call 112 now')).toBe(true);
    expect(text.match(/🚨/g)).toHaveLength(1);
    expect(text.match(/Call 112 now/g)).toHaveLength(1);
    expect(text).toMatch(/• Chest pain/);
    expect(text).toMatch(/• A sign of a stroke/);
  });

  it('an emergency reply starts with what to do', () => {
    const text = chat(['his face is droopy'])[0]?.messages[0]?.text ?? '';
    expect(text).toMatch(/^🚨 Call 112 now/);
  });

  it('an urgent alert labels itself once and puts being seen today first', () => {
    const [result] = chat(['my calf is swollen and hot']);
    const text = result?.messages[0]?.text ?? '';
    expect(text).not.toMatch(/See a doctor today:/);
    expect(text).toMatch(/^⚠️ This needs a doctor to look at it today/);
    expect(text.indexOf('today')).toBeLessThan(text.indexOf('call 112'));
  });

  it('UK users get 111 in urgent replies and 999 for emergencies', () => {
    const uk: ConversationState = { ...initialState(), country: 'GB', welcomed: true };
    const [urgent] = chat(['my calf is swollen and hot'], uk);
    expect(urgent?.messages[0]?.text).toMatch(/call 111 for advice today[\s\S]*call 999/);
  });

  it('the self-harm reply carries the crisis line of the country, and the emergency number', () => {
    const text = (country: string | null) =>
      chat(["I don't want to be here anymore"], { ...initialState(), country, welcomed: true })[0]
        ?.messages[0]?.text ?? '';
    expect(text('GB')).toMatch(/999[\s\S]*Samaritans on 116 123/);
    expect(text('US')).toMatch(/911[\s\S]*988/);
    expect(text('AU')).toMatch(/000[\s\S]*13 11 14/);
    expect(text(null)).toMatch(/112 now/);
    expect(text(null)).not.toMatch(/\{crisis\}| {2}/);
  });

  it('severe bleeding says press on the wound; a swallowed medicine says not to make them sick', () => {
    expect(chat(['blood is pouring out of his leg'])[0]?.messages[0]?.text).toMatch(
      /press firmly on the wound/,
    );
    const overdose = chat(['my son swallowed a whole packet of pills'])[0]?.messages[0]?.text ?? '';
    expect(overdose).toMatch(/Don't try to make them sick/);
    expect(overdose).toMatch(/Take the packet/);
  });

  it('a stroke reply asks for the time the signs started or the person was last seen well', () => {
    expect(chat(['his face is droopy'])[0]?.messages[0]?.text).toMatch(/last seen well/);
  });

  it('statin with dark urine is an emergency that names the statin and never says to stop it', () => {
    const text = chat(['on a statin and my pee has gone dark brown'])[0]?.messages[0]?.text ?? '';
    expect(text).toMatch(/112 now/);
    expect(text).toMatch(/statin/);
    expect(text).not.toMatch(/stop (taking )?(the|your) statin/i);
  });
});
