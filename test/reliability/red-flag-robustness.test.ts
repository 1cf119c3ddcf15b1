import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ConversationState, LEVELS, type Level, loadEngine } from '../../src/engine/index.js';
import { CONTRACTIONS, MISSPELLINGS } from '../../src/engine/normalise/lexicon.js';
import { MESSAGE_LIMIT } from './arbitraries.js';

/**
 * Real red-flag messages (every rule's examples in knowledge/red-flags/) must stay flagged, at their
 * level or higher, when a person buries them in chatter, types in capitals, or makes one typo.
 * Runs: 1,200 + 1,000 + 1,500 = 3,700, plus every single typo of every rule example (about 45,000).
 */
const engine = loadEngine();
const fresh: ConversationState = { country: null, lastIntent: null, welcomed: true };
const rank = (level: Level): number => LEVELS.indexOf(level);

interface Example {
  rule: string;
  level: Level;
  text: string;
}
const examples: Example[] = engine.kb.redFlags.rules.flatMap((rule) =>
  rule.examples.map((text) => ({ rule: rule.id, level: rule.level, text })),
);
const example = fc.constantFrom(...examples);

/** What the person would see: the reply's escalation, and which rules fired. */
const verdict = (text: string) => ({
  escalation: engine.respond(fresh, { type: 'text', text }).escalation,
  rules: engine.triage(text).rules,
});
const expectFlagged = (original: Example, text: string) => {
  const { escalation, rules } = verdict(text);
  expect(rank(escalation), `${original.rule} lost: ${JSON.stringify(text)}`).toBeLessThanOrEqual(
    rank(original.level),
  );
  expect(rules, JSON.stringify(text)).toContain(original.rule);
};

/**
 * Chatter with no meaning for triage: no negations, no questions, no symptoms. Emoji are ones the
 * normaliser does not turn into words (it reads 🥵 as "hot", for instance).
 */
const FILLER = [
  'We talked about the book club list and the bus times for the next trip to town.',
  'The library opens at nine and the cafe by the square sells good bread and soup.',
  'Sorry for the long message.',
  'Typed this on the bus.',
  'Anyway.',
  'Hello there.',
  'The weather was grey all week.',
];
const noisePiece = fc.oneof(
  fc.constantFrom(...FILLER),
  fc.constantFrom('😀', '🙂', '👍🏽', '🎉', '🌻', '🐶', '⭐', '👨‍👩‍👧'),
  fc.constantFrom(' ', '  ', '\n', '\n\n', '\t', '!!!', '...', ' - ', '\u00a0'),
  // Consonant-only junk cannot spell a negation ("no", "not") or a symptom; text-speak ("r" for "are",
  // "pls") is language, not noise, so it is left out.
  fc
    .string({ unit: fc.constantFrom(...'bcdfghjklmpqrstvwxz'), minLength: 1, maxLength: 9 })
    .filter((junk) => !(junk in MISSPELLINGS) && !(junk in CONTRACTIONS)),
);
const noise = fc.array(noisePiece, { maxLength: 30 }).map((pieces) => pieces.join(' '));

describe('a real red flag stays flagged', () => {
  it('padded with chatter, emoji and junk before and after, up to 4,096 characters (1,200 runs)', () => {
    fc.assert(
      fc.property(
        example,
        noise,
        noise,
        fc.nat({ max: MESSAGE_LIMIT }),
        fc.constantFrom('. ', '\n', '\n\n', '! ', '\r\n', ' … '),
        (original, before, after, target, end) => {
          // Stretch the padding towards a random total length, never cutting off the red flag itself.
          const room = Math.max(0, MESSAGE_LIMIT - original.text.length - 6);
          const stretch = (pad: string, share: number) => {
            const wanted = Math.min(room, Math.floor(target * share));
            return pad.length === 0 || wanted <= pad.length
              ? pad
              : pad.repeat(Math.ceil(wanted / pad.length)).slice(0, wanted);
          };
          const head = stretch(before, 0.5);
          const tail = stretch(after, 0.5).slice(0, Math.max(0, room - head.length));
          // Sentences end as people end them: a full stop, a line break (see engine-findings.test.ts), ...
          const text = `${head}${end}${original.text}${end}${tail}`;
          expect(text.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
          expectFlagged(original, text);
        },
      ),
      { numRuns: 1200 },
    );
  });

  it('in any mix of upper and lower case (1,000 runs)', () => {
    fc.assert(
      fc.property(example, fc.array(fc.boolean(), { minLength: 1, maxLength: 64 }), (original, upper) => {
        const text = [...original.text]
          .map((char, i) => (upper[i % upper.length] ? char.toUpperCase() : char.toLowerCase()))
          .join('');
        expectFlagged(original, text);
      }),
      { numRuns: 1000 },
    );
  });

  /**
   * One typo as the engine promises to read it: in a word of five letters or more that stays five or
   * more, a letter swapped with its neighbour, dropped, doubled or replaced, never the first letter
   * (except swapping the first two, "rcamp"). Not counted as typos: ones that spell another word, which no
   * engine can tell from a typo (the `not_typos` of the red-flag lexicons, and REAL_WORD_TYPOS found by the
   * exhaustive check below), and a letter three times in a row, which the normaliser reads as emphasis
   * ("sooooo") and squeezes to two, so "blooood" is no longer one typo away.
   */
  const REAL_WORD_TYPOS = new Set(
    ['sport', 'shore', 'pissed', 'while', 'worst', 'blown', 'injection', 'stepped', 'heard', 'beach'].concat([
      'cramp',
      'crampy',
      'light',
      'drank',
      'paint',
    ]),
  );
  const notTypos = new Set<string>(engine.kb.redFlags.sources.notTypos);
  const isTypoTheEngineCanSee = (typed: string) =>
    !notTypos.has(typed.toLowerCase()) &&
    !REAL_WORD_TYPOS.has(typed.toLowerCase()) &&
    !/(.)\1\1/i.test(typed);

  interface Typo {
    original: Example;
    word: string;
    text: string;
  }
  const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
  const typosOf = (original: Example): Typo[] => {
    const typos: Typo[] = [];
    // Whole words only: a contraction ("doesn't") is expanded before matching, a misspelt one is not.
    for (const match of original.text.matchAll(/(?<![\w'])[A-Za-z]{5,}(?![\w'])/g)) {
      const word = match[0];
      const at = match.index ?? 0;
      const variants = new Set<string>();
      for (let i = 0; i < word.length - 1; i++)
        variants.add(word.slice(0, i) + word.charAt(i + 1) + word.charAt(i) + word.slice(i + 2));
      for (let i = 1; i < word.length; i++) {
        if (word.length >= 6) variants.add(word.slice(0, i) + word.slice(i + 1));
        variants.add(word.slice(0, i) + word.charAt(i) + word.slice(i));
        for (const letter of LETTERS) variants.add(word.slice(0, i) + letter + word.slice(i + 1));
      }
      for (const typed of variants) {
        if (typed.toLowerCase() === word.toLowerCase() || !isTypoTheEngineCanSee(typed)) continue;
        typos.push({
          original,
          word,
          text: original.text.slice(0, at) + typed + original.text.slice(at + word.length),
        });
      }
    }
    return typos;
  };
  const allTypos = examples.flatMap(typosOf);
  const keyOf = (typo: Typo) => `${typo.original.rule}: ${typo.word}`;

  /**
   * KNOWN MISSES: a rule example and the word whose typos lose the red flag:
   * - "drenched in sweat all day on the building site...": "swept" for "sweat" is a real word the rules
   *   know ("swept away" by a current), so nothing tells it was a typo.
   * The exhaustive check fails when one of these is fixed (remove it here) or a new one appears.
   */
  const KNOWN_TYPO_MISSES = ['fluid_loss: sweat'];

  it(`every single typo in every rule example keeps its red flag, but the known misses (${allTypos.length.toLocaleString('en')} typos)`, () => {
    const missed = new Map<string, string[]>();
    for (const typo of allTypos) {
      const { level, rules } = engine.triage(typo.text);
      if (rank(level) <= rank(typo.original.level) && rules.includes(typo.original.rule)) continue;
      missed.set(keyOf(typo), [...(missed.get(keyOf(typo)) ?? []), typo.text]);
    }
    const report = [...missed].map(
      ([key, texts]) => `${key} (${texts.length}, e.g. ${JSON.stringify(texts[0])})`,
    );
    expect([...missed.keys()].sort(), report.join('\n')).toEqual(KNOWN_TYPO_MISSES);
  });

  it('with one typo in a word of five letters or more, through respond (1,500 runs)', () => {
    const typos = allTypos.filter((typo) => !KNOWN_TYPO_MISSES.includes(keyOf(typo)));
    fc.assert(
      // An index, not constantFrom(...typos): over 120,000 typos are too many arguments for one call.
      fc.property(fc.integer({ min: 0, max: typos.length - 1 }), (index) => {
        const typo = typos[index] as (typeof typos)[number];
        expectFlagged(typo.original, typo.text);
      }),
      { numRuns: 1500 },
    );
  });
});
