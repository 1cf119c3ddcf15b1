import { describe, expect, it } from 'vitest';
import { type ConversationState, LEVELS, type Level, loadEngine } from '../../src/engine/index.js';

/**
 * What the reliability fuzzing found in the engine, with the exact inputs. All are fixed and stay as
 * regression tests (the first three in 64af19e, "Engine fixes found by the reliability fuzzing"). The property tests that found them
 * are engine-fuzz.test.ts and red-flag-robustness.test.ts.
 */
const engine = loadEngine();
const fresh: ConversationState = { country: null, lastIntent: null, welcomed: true };
const levelOf = (text: string): Level => engine.respond(fresh, { type: 'text', text }).escalation;
const atLeast = (level: Level, floor: Level) => LEVELS.indexOf(level) <= LEVELS.indexOf(floor);

describe('engine issues the fuzzing found', () => {
  /**
   * normalise() turned control characters into spaces before it marked sentence ends, and "\n" is one,
   * so a line break never ended a sentence. An opening question line then swallowed the red flag on the
   * next line: the whole message read as a general question and triage said none. Found by the padding
   * property (a junk "r", text-speak for "are", before a line break).
   */
  it('a line break ends a sentence: a question line does not hide a red flag on the next line', () => {
    expect(levelOf('what should I do. calf swollen and hot after a long flight')).toBe('urgent');
    expect(levelOf('what should I do\ncalf swollen and hot after a long flight')).toBe('urgent');
    expect(levelOf('r\ncalf hurts after a long flight')).toBe('urgent');
  });

  /**
   * normalise() turned zero-width characters and the soft hyphen into spaces, so one inside a word split
   * it: "swo llen" is no symptom. Text copied from web pages and some keyboards carries them.
   */
  it('an invisible character inside a word does not hide a red flag', () => {
    for (const invisible of ['\u200b', '\u200c', '\u200d', '\u2060', '\u00ad', '\ufeff']) {
      const text = `my calf is swo${invisible}llen and hot`;
      expect(atLeast(levelOf(text), 'urgent'), JSON.stringify(text)).toBe(true);
    }
  });

  /**
   * A message of at most four "words" went to the matcher's short-message fallback, which ran fuse.js
   * over every short example with the whole message as its pattern: at 4,096 characters without spaces
   * ("hahaha…", a pasted token, keyboard mashing) about 175 ms against 2–8 ms for an ordinary
   * 4,096-character message. Linear, so no backtracking blow-up, but 20 such messages a second would
   * fill a core.
   */
  it("a 4,096-character message of at most four words is answered (its cost is the bench's repeated-4000 family)", () => {
    for (const text of ['ha'.repeat(2048), 'fkcnzsk'.repeat(586).slice(0, 4096), '1'.repeat(4096)])
      expect(levelOf(text), JSON.stringify(text.slice(0, 10))).toBe('none');
  });

  /**
   * A clause of a bare question word read as a question, and with no statement of three words beside it
   * the whole message became a general question: "convulsions. r" (a junk "r", text-speak for "are",
   * cut short at the end of padding) lost its emergency. Found by the padding property in CI on
   * 29 November 2026 (seed -391418689).
   */
  it('a question word with nothing after it does not turn a red flag into a question', () => {
    expect(levelOf('convulsions. r')).toBe('emergency');
    expect(levelOf('. convulsions. rb !!!rb !!!r')).toBe('emergency');
    expect(levelOf('convulsions. why')).toBe('emergency');
    // A question about convulsions is still one.
    expect(levelOf('are convulsions dangerous?')).toBe('none');
  });

  /**
   * Was OPEN, fixed since. normalise() rewrites each word with plain-object lexicons (`CONTRACTIONS[word] ?? …`), so the
   * word "constructor" finds Object.prototype.constructor, a function, and `rewritten.split` throws: any
   * message containing it ("my husband is a constructor and his calf is swollen") makes respond() throw.
   * Telegram's error boundary turns that into an apology, so the person gets no answer and no triage.
   * `Object.hasOwn` (or Maps, or null-prototype objects) in the lookups fixes it. The mixed-message
   * property in engine-fuzz.test.ts finds it in about one run in three.
   */
  it('a message with the word "constructor" is answered (and still triaged)', () => {
    expect(() => levelOf('constructor')).not.toThrow();
    expect(levelOf('my husband is a constructor and his calf is swollen and hot')).toBe('urgent');
  });
});
