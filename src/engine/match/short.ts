import { editDistance } from '../normalise/fuzzy.js';

/** Similarity (1 = same) at or above which a very short message counts as one of the short examples. */
const MIN_SIMILARITY = 0.75;
const MAX_WORDS = 4;

/** Letters typed twice or more count once: "hii", "helllo", "thankss". */
const squeeze = (text: string): string => text.replace(/(.)\1+/g, '$1').replace(/'/g, '');

const BUCKETS = 64;
/** Message lengths whose feasible entries are kept (a short message's, squeezed, is at most 40 characters). */
const MAX_INDEXED_LENGTH = 64;

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
 * The total difference is both totals (each text's length) less twice what the counts share, and they share
 * only in buckets `a` uses (`used`): a message uses a dozen buckets, so a dozen are read, not all 64.
 */
const lettersApartFrom = (
  a: Int16Array,
  used: readonly number[],
  aLength: number,
  b: Int16Array,
  bLength: number,
): number => {
  let shared = 0;
  for (let k = 0; k < used.length; k++) {
    const bucket = used[k] as number;
    shared += Math.min(a[bucket] as number, b[bucket] as number);
  }
  return Math.ceil((aLength + bLength - 2 * shared) / 2);
};

/**
 * Whole-message match of a very short message against the short examples ("hi", "thanks a lot", "are you a
 * bot"), tolerant of typos: an exact lookup first, then an edit distance bounded by a quarter of the length,
 * only against examples of a similar length.
 */
export const createShortMatcher = (
  examples: Array<{ intent: string; words: string[] }>,
  /** Whether an example is matched whole (by default: at most MAX_WORDS words). */
  wholeMatched: (words: string[]) => boolean = (words) => words.length <= MAX_WORDS,
) => {
  const exact = new Map<string, string>();
  const entries: Array<{ intent: string; text: string; letters: Int16Array }> = [];
  for (const { intent, words } of examples) {
    if (words.length === 0 || !wholeMatched(words)) continue;
    const text = squeeze(words.join(' '));
    if (!exact.has(text)) exact.set(text, intent);
    entries.push({ intent, text, letters: letterCounts(text) });
  }

  /**
   * Per message length, the entries (in order) a message of that length may be near at all: the length
   * test below, before any best so far narrows it, which only ever skips more. So a message is compared
   * with a few dozen entries, not every short example. Lengths past MAX_INDEXED_LENGTH scan them all.
   */
  const byLength: (number[] | undefined)[] = [];
  const feasible = (length: number): number[] => {
    let list = byLength[length];
    if (list === undefined) {
      list = [];
      for (let at = 0; at < entries.length; at++) {
        const entryLength = (entries[at] as (typeof entries)[number]).text.length;
        const limit = Math.floor(Math.max(entryLength, length) * (1 - MIN_SIMILARITY));
        if (limit > 0 && Math.abs(entryLength - length) <= limit) list.push(at);
      }
      if (length <= MAX_INDEXED_LENGTH) byLength[length] = list;
    }
    return list;
  };

  const match = (words: string[]): { intent: string; similarity: number } | null => {
    const text = squeeze(words.join(' '));
    if (!text) return null;
    const known = exact.get(text);
    if (known) return { intent: known, similarity: 1 };
    const letters = letterCounts(text);
    // The message's buckets, each once (see lettersApartFrom).
    const used: number[] = [];
    for (let bucket = 0; bucket < BUCKETS; bucket++) if ((letters[bucket] as number) > 0) used.push(bucket);
    let best: { intent: string; similarity: number } | null = null;
    // The best so far as distance / longest, so that only an entry that could beat it is worked out.
    let bestDistance = 0;
    let bestLongest = 1;
    const candidates = feasible(text.length);
    for (let at = 0; at < candidates.length; at++) {
      const entry = entries[candidates[at] as number] as (typeof entries)[number];
      const longest = Math.max(entry.text.length, text.length);
      let limit = Math.floor(longest * (1 - MIN_SIMILARITY));
      // Only a strictly better similarity replaces the best: distance / longest < bestDistance / bestLongest.
      if (best) limit = Math.min(limit, Math.floor((longest * bestDistance - 1) / bestLongest));
      // Distance 0 is the exact lookup above, so a limit of 0 can match nothing.
      if (limit <= 0 || Math.abs(entry.text.length - text.length) > limit) continue;
      if (lettersApartFrom(letters, used, text.length, entry.letters, entry.text.length) > limit) continue;
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
