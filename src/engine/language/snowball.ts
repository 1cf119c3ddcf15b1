/** Snowball stemmers of @nlpjs without their cache (no imports: triage loads the package only when needed). */

/** The part of @nlpjs/core's BaseStemmer that `snowballStem` uses. */
export interface SnowballStemmer {
  dictionary: { before: Record<string, string>; after: Record<string, string> };
  setCurrent(word: string): void;
  innerStem(): void;
  getCurrent(): string;
}

/**
 * Whether the table has the key. The stemmers' tables are empty (nothing is listed before or after
 * stemming), and a property lookup with a new word makes V8 intern the string first: about a tenth of
 * respond() on a message of new words. An empty table is seen without touching the key.
 */
const own = (table: Record<string, string>, key: string): boolean => {
  for (const _ in table) return Object.hasOwn(table, key);
  return false;
};

/**
 * What the stemmer's `stemWord` gives, without its cache: it keeps every word ever stemmed under a new
 * ".word" key string in one object, a second copy of what the callers' bounded memos already hold, and
 * garbage per new word (typos, Latin-letter guesses read in Cyrillic) that had to be emptied by count.
 * Stemming is a function of the word alone, so the result is the same.
 */
export const snowballStem = (stemmer: SnowballStemmer, word: string): string => {
  const { before, after } = stemmer.dictionary;
  if (own(before, word)) return before[word] as string;
  stemmer.setCurrent(word);
  stemmer.innerStem();
  const result = stemmer.getCurrent();
  return own(after, result) ? (after[result] as string) : result;
};
