import Fuse from 'fuse.js';

/**
 * Typo correction against the knowledge base's own vocabulary. fuse.js does the fuzzy comparison; words are
 * bucketed by length so each lookup scans a few hundred short strings, and results are memoised, so a
 * message costs about the same however large the knowledge base grows.
 */
export interface SpellingCorrector {
  correct(word: string): string;
  readonly vocabularySize: number;
}

const MEMO_LIMIT = 20_000;

/** Damerau-Levenshtein distance with an early exit once it exceeds `limit`. */
export const editDistance = (a: string, b: string, limit: number): number => {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  const first = rows[0] as number[];
  for (let j = 1; j <= b.length; j++) first[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const previous = rows[i - 1] as number[];
    let best = Number.POSITIVE_INFINITY;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(
        (previous[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = value;
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
  }
  return (rows[a.length] as number[])[b.length] as number;
};

/** How many typos a word of this length may carry and still be recognised. */
const allowedEdits = (length: number): number => (length >= 8 ? 2 : length >= 5 ? 1 : 0);

export const createSpellingCorrector = (vocabulary: Iterable<string>): SpellingCorrector => {
  const known = new Set(vocabulary);
  const byLength = new Map<number, string[]>();
  for (const word of known) {
    const bucket = byLength.get(word.length) ?? [];
    bucket.push(word);
    byLength.set(word.length, bucket);
  }
  const fuses = new Map<number, Fuse<string>>();
  const fuseFor = (length: number): Fuse<string> => {
    let fuse = fuses.get(length);
    if (!fuse) {
      const words: string[] = [];
      for (let delta = -2; delta <= 2; delta++) words.push(...(byLength.get(length + delta) ?? []));
      fuse = new Fuse(words, {
        includeScore: true,
        threshold: 0.4,
        ignoreLocation: true,
        minMatchCharLength: 2,
      });
      fuses.set(length, fuse);
    }
    return fuse;
  };
  const memo = new Map<string, string>();

  const correct = (word: string): string => {
    if (known.has(word)) return word;
    const limit = allowedEdits(word.length);
    if (limit === 0 || word.length > 24 || /\d/.test(word)) return word;
    const cached = memo.get(word);
    if (cached !== undefined) return cached;
    let best = word;
    let bestDistance = limit + 1;
    // Fuse proposes; the edit distance decides, so a correction is never more than `limit` typos away.
    for (const hit of fuseFor(word.length).search(word, { limit: 8 })) {
      const distance = editDistance(word, hit.item, limit);
      if (distance < bestDistance) {
        best = hit.item;
        bestDistance = distance;
      }
    }
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(word, best);
    return best;
  };

  return { correct, vocabularySize: known.size };
};
