/**
 * Russian word forms to one key: ё is е, then the Snowball stemmer of @nlpjs/lang-ru, so "икра", "икры"
 * and "икрой" meet as "икр" without listing every case. Memoised (bounded): people repeat few words.
 */
import { StemmerRu } from '@nlpjs/lang-ru';
import { TwoGenerationCache } from '../normalise/memo.js';

const stemmer = new StemmerRu();
const MEMO_LIMIT = 20_000;
const memo = new TwoGenerationCache<string>(MEMO_LIMIT);
/**
 * The stemmer keeps every word it has stemmed in its own `cache` object, without bound: a stream of new
 * words (typos, Latin-letter guesses read in Cyrillic) grew the heap by hundreds of MB. It is emptied as
 * often as `memo` could have forgotten that many words; stemming stays the same function.
 */
const stemmerCache = stemmer as unknown as { cache: Record<string, string> };
let stemmedSinceReset = 0;

/** ё and е are one letter for matching: most people type е. */
export const foldYo = (text: string): string =>
  // Most words have neither: two searches instead of two replacements.
  text.includes('ё') || text.includes('Ё') ? text.replace(/ё/g, 'е').replace(/Ё/g, 'Е') : text;

const CYRILLIC = /[\u0400-\u04ff]/;

/** Stem of one lower-case word; words without Cyrillic letters (numbers, Latin) pass unchanged. */
export const stemRu = (word: string): string => {
  if (!CYRILLIC.test(word)) return word;
  const known = memo.get(word);
  if (known !== undefined) return known;
  if (++stemmedSinceReset > MEMO_LIMIT) {
    stemmerCache.cache = {};
    stemmedSinceReset = 0;
  }
  const stem = (stemmer.stemWord(foldYo(word)) as string) || word;
  memo.set(word, stem);
  return stem;
};
