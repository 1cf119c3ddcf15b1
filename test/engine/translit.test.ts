import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latinToCyrillic, MULTI, SINGLE } from '../../src/engine/language/translit.js';

const GLIDE_PAIRS: ReadonlySet<string> = new Set(['ay', 'ey', 'oy', 'uy', 'iy']);
const VOWELS: ReadonlySet<string> = new Set(['a', 'e', 'i', 'o', 'u']);
const PLURAL_OI: ReadonlySet<string> = new Set(['moi', 'tvoi', 'svoi']);
/** The transliteration as first written (a string per letter, MULTI searched in full): the reference. */
const reference = (word: string): string => {
  const startsWithE = word.startsWith('et') || word.startsWith('eht');
  let out = startsWithE ? 'э' : '';
  let i = startsWithE ? (word.startsWith('eht') ? 2 : 1) : 0;
  outer: while (i < word.length) {
    for (const [latin, cyrillic] of MULTI.filter(([latin]) => latin[0] === word[i])) {
      if (word.startsWith(latin, i) && !(GLIDE_PAIRS.has(latin) && VOWELS.has(word[i + 2] ?? ''))) {
        out += cyrillic;
        i += latin.length;
        continue outer;
      }
    }
    const char = word[i] as string;
    out += SINGLE[char] ?? char;
    i++;
  }
  if (word.length < 3 || PLURAL_OI.has(word)) return out;
  if (word.endsWith('oi') && out.endsWith('ои')) return `${out.slice(0, -1)}й`;
  if (word.endsWith('ei') && out.endsWith('еи')) return `${out.slice(0, -1)}й`;
  return out;
};

describe('latinToCyrillic', () => {
  it('reads Latin-letter Russian as the reference does', () => {
    for (const word of [
      'sudoroga',
      'svodit',
      'ikry',
      'prosypaetsya',
      'eto',
      'ehto',
      'zadyhayus',
      'soboi',
      'moi',
    ])
      expect(latinToCyrillic(word)).toBe(reference(word));
  });

  it('agrees with the reference on any word, other characters included', () => {
    const unit = fc.oneof(
      fc.constantFrom(
        ..."abcdefghijklmnopqrstuvwxyz'".split(''),
        'sh',
        'ch',
        'tsya',
        'ay',
        'yo',
        'eht',
        'et',
        'oi',
        'ei',
      ),
      fc.string({ maxLength: 1 }),
      fc.constantFrom('ё', 'я', '😀', '\u00e9', 'A', '1'),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 10 }), (parts) => {
        const word = parts.join('');
        expect(latinToCyrillic(word)).toBe(reference(word));
      }),
      { numRuns: 5000 },
    );
  });
});
