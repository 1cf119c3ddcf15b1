import { describe, expect, it } from 'vitest';
import { FuzzyIndex } from '../../src/engine/normalise/fuzzy.js';

const VOCABULARY = [
  'cramp',
  'cramps',
  'swelling',
  'swollen',
  'breathless',
  'numbness',
  'calf',
  'calves',
  'hamstring',
  'magnesium',
  'potassium',
  'dehydrated',
  'stretching',
  'судорога',
  'судороги',
  'сводит',
  'икроножная',
  'мышца',
  'немеет',
];

/** Every typo of one edit (delete, insert, replace, swap) of each word, from a small alphabet. */
const typos = (word: string): string[] => {
  const letters = 'aeiosnrtуаеиос';
  const out: string[] = [];
  for (let i = 0; i <= word.length; i++) {
    if (i < word.length) out.push(word.slice(0, i) + word.slice(i + 1));
    if (i + 1 < word.length) out.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
    for (const letter of letters) {
      out.push(word.slice(0, i) + letter + word.slice(i));
      if (i < word.length) out.push(word.slice(0, i) + letter + word.slice(i + 1));
    }
  }
  return out;
};

describe('FuzzyIndex bucket filter', () => {
  it('finds what the index finds with every bucket looked up', () => {
    const filtered = new FuzzyIndex(VOCABULARY, ['selling']);
    const unfiltered = new FuzzyIndex(VOCABULARY, ['selling']);
    // A filter with every bit set: every variant goes to the bucket map, as before the filter.
    (unfiltered as unknown as { filter: unknown }).filter = { bits: new Int32Array(1).fill(-1), mask: 31 };
    const unpacked = FuzzyIndex.unpack(filtered.pack());
    let found = 0;
    for (const word of VOCABULARY)
      for (const typo of typos(word)) {
        const expected = unfiltered.lookupUnmemoised(typo);
        expect(filtered.lookupUnmemoised(typo)).toEqual(expected);
        expect(unpacked.lookupUnmemoised(typo)).toEqual(expected);
        if (expected.length > 0) found++;
      }
    // The typos do reach their words (the comparison is not between two empty answers).
    expect(found).toBeGreaterThan(1000);
  });
});
