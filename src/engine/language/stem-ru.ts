/**
 * Russian word forms to one key: ё is е, then the Snowball stemmer of @nlpjs/lang-ru, so "икра", "икры"
 * and "икрой" meet as "икр" without listing every case. Memoised (bounded): people repeat few words.
 */
import { StemmerRu } from '@nlpjs/lang-ru';
import { TwoGenerationCache } from '../normalise/memo.js';
import { type SnowballStemmer, snowballStem } from './snowball.js';

const MEMO_LIMIT = 20_000;
const memo = new TwoGenerationCache<string>(MEMO_LIMIT);

const stemmer = new StemmerRu() as unknown as SnowballStemmer;

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
  const stem = stemRuUnmemoised(word);
  memo.set(word, stem);
  return stem;
};

/**
 * `stemRu` without the memo, for a caller that keeps its own answer per word: language detection keeps
 * each word's vote, and the Cyrillic guesses it stems for English typos ("cramsp" read as "крамсп") would
 * otherwise fill the memo with words no one wrote.
 */
export const stemRuUnmemoised = (word: string): string => {
  if (!CYRILLIC.test(word)) return word;
  const folded = foldYo(word);
  return OWN_STEMS.get(folded) ?? (snowballStem(stemmer, folded) || word);
};

/**
 * Words Snowball cuts down to another word's stem: "магнит" loses "-ит" as if a verb and meets "магний"
 * (magnesium) at "магн", so a question about magnets was answered about magnesium. Their other forms
 * ("магниты", "магнитом") keep "магнит" already.
 */
const OWN_STEMS: ReadonlyMap<string, string> = new Map([['магнит', 'магнит']]);
