import { editDistance } from '../normalise/fuzzy.js';

/** Similarity (1 = same) at or above which a very short message counts as one of the short examples. */
const MIN_SIMILARITY = 0.75;
const MAX_WORDS = 4;

/** Letters typed twice or more count once: "hii", "helllo", "thankss". */
const squeeze = (text: string): string => text.replace(/(.)\1+/g, '$1').replace(/'/g, '');

const BUCKETS = 64;

/** How often each character occurs, characters sharing a bucket counted together. */
const letterCounts = (text: string): Int16Array => {
  const counts = new Int16Array(BUCKETS);
  for (let i = 0; i < text.length; i++) {
    const bucket = text.charCodeAt(i) & (BUCKETS - 1);
    counts[bucket] = (counts[bucket] as number) + 1;
  }
  return counts;
};

/**
 * A lower bound of the edit distance: an edit changes at most two counts by one (a swap none), so the
 * distance is at least half the counts' total difference. Cheap, so most short examples skip editDistance.
 */
const lettersApart = (a: Int16Array, b: Int16Array): number => {
  let apart = 0;
  for (let i = 0; i < BUCKETS; i++) apart += Math.abs((a[i] as number) - (b[i] as number));
  return Math.ceil(apart / 2);
};

/**
 * Whole-message match of a very short message against the short examples ("hi", "thanks a lot", "are you a
 * bot"), tolerant of typos: an exact lookup first, then an edit distance bounded by a quarter of the length,
 * only against examples of a similar length.
 */
export const createShortMatcher = (examples: Array<{ intent: string; words: string[] }>) => {
  const exact = new Map<string, string>();
  const entries: Array<{ intent: string; text: string; letters: Int16Array }> = [];
  for (const { intent, words } of examples) {
    if (words.length === 0 || words.length > MAX_WORDS) continue;
    const text = squeeze(words.join(' '));
    if (!exact.has(text)) exact.set(text, intent);
    entries.push({ intent, text, letters: letterCounts(text) });
  }

  const match = (words: string[]): { intent: string; similarity: number } | null => {
    const text = squeeze(words.join(' '));
    if (!text) return null;
    const known = exact.get(text);
    if (known) return { intent: known, similarity: 1 };
    const letters = letterCounts(text);
    let best: { intent: string; similarity: number } | null = null;
    // The best so far as distance / longest, so that only an entry that could beat it is worked out.
    let bestDistance = 0;
    let bestLongest = 1;
    for (const entry of entries) {
      const longest = Math.max(entry.text.length, text.length);
      let limit = Math.floor(longest * (1 - MIN_SIMILARITY));
      // Only a strictly better similarity replaces the best: distance / longest < bestDistance / bestLongest.
      if (best) limit = Math.min(limit, Math.floor((longest * bestDistance - 1) / bestLongest));
      // Distance 0 is the exact lookup above, so a limit of 0 can match nothing.
      if (limit <= 0 || Math.abs(entry.text.length - text.length) > limit) continue;
      if (lettersApart(letters, entry.letters) > limit) continue;
      const distance = editDistance(text, entry.text, limit);
      if (distance > limit) continue;
      const similarity = 1 - distance / longest;
      if (!best || similarity > best.similarity) {
        best = { intent: entry.intent, similarity };
        bestDistance = distance;
        bestLongest = longest;
      }
    }
    return best;
  };

  return { match };
};
