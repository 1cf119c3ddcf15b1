import { StemmerRu } from '@nlpjs/lang-ru';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiLatinWords, asciiLetterCount, keptByStemmer } from '../../src/engine/language/detect.js';
import { foldYo, stemRuUnmemoised } from '../../src/engine/language/stem-ru.js';
import { latinToCyrillic } from '../../src/engine/language/translit.js';

/** The suffixes in @nlpjs/lang-ru's tables (StemmerRu.a_0, a_1, ...), all the stemmer ever deletes. */
const tables = Object.entries(StemmerRu as unknown as Record<string, unknown>)
  .filter(([name]) => /^a_\d+$/.test(name))
  .flatMap(([, table]) => (table as { s: string }[]).map((among) => among.s));

const LETTERS = 'абвгдежзийклмнопрстуфхцчшщъыьэюяё';

/**
 * Language detection skips the stemmer for a Latin word whose Cyrillic reading has no known stem at least
 * `keptByStemmer` letters long: that must never skip a word whose stem is known.
 */
describe('keptByStemmer', () => {
  it('knows every letter the stemmer deletes', () => {
    expect(tables.length).toBeGreaterThan(100);
    for (const suffix of tables)
      for (const letter of suffix) expect(keptByStemmer(letter), `${letter} of -${suffix}`).toBe(0);
    expect(keptByStemmer('н')).toBe(0);
    expect(keptByStemmer('ь')).toBe(0);
  });

  it('is never more than the stem keeps', () => {
    const word = fc
      .tuple(
        fc.string({ unit: fc.constantFrom(...LETTERS), maxLength: 8 }),
        fc.array(fc.constantFrom(...tables, 'нн', 'ь', 'и', 'ость', 'ейше'), { maxLength: 4 }),
      )
      .map(([start, endings]) => start + endings.join(''));
    fc.assert(
      fc.property(word, (cyrillic) => {
        const folded = foldYo(cyrillic);
        const stem = stemRuUnmemoised(cyrillic);
        expect(folded.startsWith(stem) || stem === cyrillic).toBe(true);
        expect(stem.length).toBeGreaterThanOrEqual(keptByStemmer(folded));
      }),
      { numRuns: 3000 },
    );
  });

  it('holds for Latin words read in Cyrillic', () => {
    for (const latin of ['cramp', 'muscle', 'svodit', 'sudoroga', 'ikry', 'prosypaetsya', 'bolit', 'nogi']) {
      const folded = foldYo(latinToCyrillic(latin));
      expect(stemRuUnmemoised(folded).length).toBeGreaterThanOrEqual(keptByStemmer(folded));
    }
  });
});

describe('asciiLatinWords', () => {
  it('reads an ASCII text as the regular expressions did, and nothing else', () => {
    const text = fc.oneof(
      fc.string({
        unit: fc.constantFrom(..."aZ' .,-1\n\t".split(''), 'Ty', 'svodit', "don't", 'A'),
        maxLength: 40,
      }),
      fc.string({ maxLength: 20 }),
      fc.string({ unit: 'binary', maxLength: 10 }),
    );
    fc.assert(
      fc.property(text, (value) => {
        const words = asciiLatinWords(value);
        if (!/^[^\u0080-\uffff]*$/.test(value)) {
          expect(words).toBeNull();
          return;
        }
        expect(words).toEqual(value.match(/[a-z']+/gi) ?? []);
        expect(asciiLetterCount).toBe(value.match(/\p{Script=Latin}/gu)?.length ?? 0);
      }),
      { numRuns: 3000 },
    );
  });
});
