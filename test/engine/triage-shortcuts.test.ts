import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadRedFlags } from '../../src/engine/triage/index.js';
import { candidatesFor, mayReadWhole } from '../../src/engine/triage/match.js';
import { foldAnsweredDenials } from '../../src/engine/triage/negation.js';

/** The fold as it was written before its quick check: the reference the quick check must agree with. */
const ANSWERED_NO = /([^.?!\n]*[^\s.?!])\s*\?+\s*(no|nope|nah|none|нет|неа|не-а)\s*(?=[.!,;:)\n]|$)/giu;
const reference = (text: string): string =>
  text.replace(
    ANSWERED_NO,
    (_, asked: string, no: string) => `${/^[a-z]/i.test(no) ? 'no' : 'нет'} ${asked.trim()}.`,
  );

describe('foldAnsweredDenials quick check', () => {
  const texts = [
    'chest pain? no. short of breath? no. just a cramp',
    'chest pain?? NO',
    'chest pain ?  nope, calf is sore',
    'голова кружится? нет.',
    'кружится? неа) и всё',
    'is it a clot? not sure',
    'is it a clot? now my calf hurts',
    '? no',
    'what is this?',
    'no? no!',
    'why does my calf cramp at night? none of the stretches help',
    'leg hot?\nno\nok',
    'тромб? не-а',
    'a long question about cramps that asks something but answers nothing at all, does it? it does',
    '',
  ];
  it.each(texts)('folds %j as the full pattern does', (text) => {
    expect(foldAnsweredDenials(text)).toBe(reference(text));
  });
});

describe('candidatesFor skips the stems only where they read nothing', () => {
  const { matcher } = loadRedFlags('knowledge/red-flags');
  /** What the stems alone read a word as, worked out the long way. */
  const stemReadings = (word: string): string[] => {
    const out: string[] = [];
    for (const stem of matcher.stemmers) {
      const stemmed = stem(word);
      if (matcher.stems.has(`=${stemmed}`)) out.push(`=${stemmed}`);
      else for (const near of matcher.stemFuzzy?.lookupUnmemoised(stemmed) ?? []) out.push(`=${near}`);
    }
    return out;
  };
  const words = [
    ...['cramp', 'crmap', 'cramb', 'crampp', 'workout', 'workuot', 'wrkout', '10', '103', '112', '1o3'],
    ...['calf', 'swolen', 'breathless', 'numbness', 'legs', 'a', 'xyzzy', 'судорога', 'свело', 'ногу'],
    ...['кржуится', 'дыштаь', 'cramp5', 'workouts'],
  ];
  it.each(words)('keeps every stem reading of %j', (word) => {
    const found = candidatesFor(word, matcher);
    for (const key of stemReadings(word)) expect(found).toContain(key);
  });
  it('reads some of the Latin words by a stem, so the check above tests something', () => {
    expect(
      words.filter((word) => /^[a-z0-9]+$/.test(word) && stemReadings(word).length > 0).length,
    ).toBeGreaterThan(2);
  });
});

describe('mayReadWhole', () => {
  const { matcher } = loadRedFlags('knowledge/red-flags');
  /** The lexicon has the word or its stem, worked out the long way. */
  const readsWhole = (word: string): boolean =>
    matcher.vocabulary.has(word) || matcher.stemmers.some((stem) => matcher.stems.has(`=${stem(word)}`));
  const written = [...(matcher.writtenStems?.keys() ?? [])];
  const swaps = (word: string): string[] =>
    Array.from(
      { length: Math.max(0, word.length - 1) },
      (_, i) => `${word.slice(0, i)}${word[i + 1]}${word[i]}${word.slice(i + 2)}`,
    );

  it('is true of every word the lexicons write out, and of every swap of one the lexicon reads whole', () => {
    expect(written.length).toBeGreaterThan(100);
    let read = 0;
    for (const word of written)
      for (const candidate of [word, ...swaps(word)])
        if (readsWhole(candidate)) {
          read++;
          expect(mayReadWhole(candidate, matcher), candidate).toBe(true);
        }
    expect(read).toBeGreaterThan(written.length);
  });

  it('leaves every swap of a long lexicon word read back by candidatesFor', () => {
    let tried = 0;
    for (const word of written) {
      if (word.length < 6 || !/^[а-я]+$/.test(word)) continue;
      for (let i = 2; i + 1 < word.length; i++) {
        if (word[i] === word[i + 1]) continue;
        const typo = swaps(word)[i] as string;
        if (readsWhole(typo)) continue;
        tried++;
        expect(candidatesFor(typo, matcher).length, `${typo} for ${word}`).toBeGreaterThan(0);
      }
    }
    expect(tried).toBeGreaterThan(100);
  });

  it('reads a swap as it reads the swapped word', () => {
    for (const word of written)
      for (let i = 0; i + 1 < word.length; i++)
        expect(mayReadWhole(word, matcher, i), `${word} at ${i}`).toBe(
          mayReadWhole(swaps(word)[i] as string, matcher),
        );
  });

  it('is true of any Cyrillic word the lexicon reads whole', () => {
    const letters = 'абвгдежзийклмнопрстуфхцчшщъыьэюя';
    const word = fc
      .tuple(
        fc.constantFrom(...written),
        fc.nat(),
        fc.string({ unit: fc.constantFrom(...letters), maxLength: 5 }),
      )
      .map(([start, cut, rest]) => start.slice(0, 2 + (cut % Math.max(1, start.length - 1))) + rest);
    fc.assert(
      fc.property(word, (candidate) => {
        if (readsWhole(candidate)) expect(mayReadWhole(candidate, matcher)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});
