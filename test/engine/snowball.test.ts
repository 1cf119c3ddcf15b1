import { StemmerRu } from '@nlpjs/lang-ru';
import { describe, expect, it } from 'vitest';
import { type SnowballStemmer, snowballStem } from '../../src/engine/language/snowball.js';

describe('snowballStem', () => {
  it('gives what the stemmer gives through its cache, called again or not', () => {
    const cached = new StemmerRu();
    const plain = new StemmerRu() as unknown as SnowballStemmer;
    const words = ['икра', 'икры', 'икрой', 'судорога', 'судороги', 'болит', 'не', 'ногах', 'ь', '', 'cramp'];
    for (const word of [...words, ...words]) expect(snowballStem(plain, word)).toBe(cached.stemWord(word));
  });
});
