import { describe, expect, it } from 'vitest';
import {
  type ConversationState,
  createEngine,
  type EngineResult,
  initialState,
  loadKnowledgeBase,
} from '../../src/engine/index.js';
import { createResponder } from '../../src/engine/respond/index.js';

const kb = loadKnowledgeBase();
const engine = createEngine(kb);

const say = (text: string, state: ConversationState = initialState()) =>
  engine.respond(state, { type: 'text', text });
const press = (label: string, previous: EngineResult) => {
  const button = previous.messages.flatMap((m) => m.buttons).find((b) => b.label === label);
  if (!button)
    throw new Error(`no button "${label}" in ${JSON.stringify(previous.messages.map((m) => m.buttons))}`);
  return engine.respond(previous.state, { type: 'button', data: button.data });
};

describe('a conversation about night cramps', () => {
  const first = say('why do my calves cramp at night');

  it('answers first, with follow-up questions and a detail button', () => {
    expect(first.intent).toBe('night_cramps');
    expect(first.escalation).toBe('none');
    expect(first.messages[0]?.kind).toBe('answer');
    expect(first.messages[0]?.text).toContain('Night cramps are very common');
    const labels = first.messages[0]?.buttons.map((b) => b.label);
    expect(labels).toEqual(
      expect.arrayContaining(['How often do they happen?', 'Are you pregnant?', 'More detail']),
    );
  });

  it('says once, at the start, that it is not a doctor', () => {
    expect(first.messages.some((m) => m.text.includes('not a doctor'))).toBe(true);
    const second = say('what about cramps when running', first.state);
    expect(second.messages.some((m) => m.text.includes('not a doctor'))).toBe(false);
  });

  it('changes the advice when the answer to a follow-up calls for it', () => {
    const question = press('How often do they happen?', first);
    expect(question.messages[0]?.text).toBe('How often do they happen?');
    const often = press('Most nights, for weeks', question);
    expect(often.messages[0]?.level).toBe('gp');
    expect(often.messages[0]?.text).toMatch(/doctor/i);
  });

  it('sends "yes, swelling" to the urgent advice with the emergency number', () => {
    const question = press('Any swelling or redness in one calf?', first);
    const yes = press('Yes, one calf is swollen or red', question);
    expect(yes.escalation).toBe('urgent');
    expect(yes.messages[0]?.kind).toBe('escalation');
    expect(yes.messages[0]?.text).toContain('112');
  });

  it('shows details with their sources on request', () => {
    const details = press('More detail', first);
    expect(details.messages[0]?.text).toContain('Sources:');
    expect(details.messages[0]?.text).toContain('https://');
  });
});

describe('red flags come first', () => {
  it('puts the urgent advice before anything else for a hot swollen calf', () => {
    const result = say('my calf is hot and swollen');
    expect(result.escalation).toBe('urgent');
    expect(result.messages[0]?.kind).toBe('escalation');
    expect(result.messages[0]?.emergencyNumber).toBe('112');
    expect(result.messages[0]?.text).toContain('112');
  });

  it('escalates an emergency that is not about cramps at all', () => {
    expect(say('crushing chest pain going down my arm').escalation).toBe('emergency');
  });

  it('uses the emergency number of the country the user chose', () => {
    const chosen = engine.setCountry(initialState(), 'GB').state;
    const result = say("cramp in my calf and now I can't breathe", chosen);
    expect(result.escalation).toBe('emergency');
    expect(result.messages[0]?.text).toContain('999');
    expect(result.messages[0]?.text).not.toContain('112');
  });

  it('does not alarm on negations or general questions', () => {
    expect(say('no swelling or redness, just cramps at night').escalation).not.toMatch(/urgent|emergency/);
    expect(say('what are the signs of a clot?').escalation).not.toMatch(/urgent|emergency/);
  });
});

describe('out of scope and unclear messages', () => {
  it('says what it can help with instead of guessing', () => {
    const result = say("what's the weather in Paris tomorrow");
    expect(result.intent).toBeNull();
    expect(result.messages[0]?.kind).toBe('out_of_scope');
    expect(result.messages[0]?.text).toMatch(/leg and calf cramps/);
    expect(result.messages[0]?.buttons.length).toBeGreaterThan(2);
  });

  it('asks "did you mean" with both topics as buttons when two are close', () => {
    const responder = createResponder({
      kb,
      clarifyMargin: 0.05,
      triage: () => ({ level: 'none', rules: [] }),
      classify: () => ({
        intent: 'night_cramps',
        confidence: 0.5,
        runnersUp: [{ intent: 'exercise_cramps', confidence: 0.48 }],
      }),
    });
    const result = responder.respond(initialState(), { type: 'text', text: 'cramps' });
    expect(result.messages[0]?.kind).toBe('clarify');
    expect(result.messages[0]?.buttons.map((b) => b.data)).toEqual(['i:night_cramps', 'i:exercise_cramps']);
  });
});

describe('a close second topic offered under the answer', () => {
  const answering = (runnersUp: { intent: string; confidence: number }[]) =>
    createResponder({
      kb,
      clarifyMargin: 0.02,
      offerMargin: 0.1,
      triage: () => ({ level: 'none', rules: [] }),
      classify: () => ({ intent: 'night_cramps', confidence: 0.5, runnersUp }),
    }).respond({ ...initialState(), welcomed: true }, { type: 'text', text: 'cramps in bed' });
  const offered = (result: ReturnType<typeof answering>) =>
    result.messages.flatMap((m) => m.buttons).filter((b) => b.data.startsWith('i:'));

  it('answers the best topic and offers the close one as "Did you mean"', () => {
    const result = answering([{ intent: 'stretch_trigger', confidence: 0.44 }]);
    expect(result.intent).toBe('night_cramps');
    expect(result.messages[0]?.kind).toBe('answer');
    expect(offered(result)).toEqual([
      { label: 'Did you mean: Cramp when stretching?', data: 'i:stretch_trigger' },
    ]);
  });

  it('offers nothing when the second topic is far behind', () => {
    expect(offered(answering([{ intent: 'stretch_trigger', confidence: 0.3 }]))).toEqual([]);
  });

  it('never offers small talk as a topic, but the closest topic behind it', () => {
    const result = answering([
      { intent: 'thanks', confidence: 0.48 },
      { intent: 'prevention', confidence: 0.45 },
    ]);
    expect(offered(result).map((b) => b.data)).toEqual(['i:prevention']);
  });

  it('answers the offered topic when its button is pressed', () => {
    const first = say('should I walk it off when my calf cramps?', { ...initialState(), welcomed: true });
    const [offer] = offered(first);
    expect(offer?.label).toMatch(/^Did you mean: /);
    const second = press(offer?.label ?? '', first);
    const topic = offer?.data.slice(2) ?? '';
    expect(second.intent).toBe(topic);
    expect(second.messages[0]?.text).toBe(kb.answers.get(topic)?.answer.trim());
  });
});

describe('context carries over one turn', () => {
  it('answers "and what about magnesium?" for pregnancy after a pregnancy answer', () => {
    const pregnancy = say('I am pregnant and get leg cramps');
    expect(pregnancy.intent).toBe('pregnancy');
    const magnesium = say('and what about magnesium?', pregnancy.state);
    // Magnesium belongs to food (minerals_diet) or tablets (supplements); both have a pregnancy variant.
    expect(['minerals_diet', 'supplements']).toContain(magnesium.intent);
    const variant = kb.answers.get(magnesium.intent ?? '')?.contexts.pregnancy?.answer;
    expect(variant).toBeDefined();
    expect(magnesium.messages[0]?.text).toBe(variant?.trim());
  });

  it('gives the general answer without that context', () => {
    const magnesium = say('what about magnesium for cramps?');
    expect(magnesium.messages[0]?.text).toBe(kb.answers.get(magnesium.intent ?? '')?.answer.trim());
  });
});

describe('buttons and commands', () => {
  it('answers old or forged buttons politely', () => {
    for (const data of ['i:no_such_topic', 'garbage', 'q:night_cramps.nope', 'x'.repeat(200)]) {
      const result = engine.respond(initialState(), { type: 'button', data });
      expect(result.messages[0]?.kind).toBe('expired');
    }
  });

  it('forgets everything on /forget', () => {
    const state = { country: 'US', lastIntent: 'pregnancy', welcomed: true };
    const result = engine.command(state, 'forget');
    expect(result.state).toEqual({ country: null, lastIntent: null, welcomed: true });
  });

  it('lists every topic but small talk on /topics, grouped for a person, and names the number on /emergency', () => {
    const menu = engine.command(initialState(), 'topics').messages[0];
    const shown = menu?.buttons.map((button) => button.data) ?? [];
    expect(shown).toHaveLength(kb.answers.size - 2);
    expect(shown).not.toContain('i:greeting');
    expect(shown).not.toContain('i:thanks');
    expect(shown[0]).toBe('i:first_aid');
    const text = menu?.text ?? '';
    const order = ['What to do now', 'Why it happens', 'Who it affects', 'Medicines and remedies'].map(
      (title) => text.indexOf(title),
    );
    expect(order.every((position) => position >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const emergency = engine.command(engine.setCountry(initialState(), 'US').state, 'emergency');
    expect(emergency.messages[0]?.text).toContain('911');
  });

  it('never changes the state it was given', () => {
    const state = initialState();
    const frozen = structuredClone(state);
    say('why do my calves cramp at night', state);
    expect(state).toEqual(frozen);
  });
});
