import { editDistance } from '../normalise/fuzzy.js';

/** Similarity (1 = same) at or above which a very short message counts as one of the short examples. */
const MIN_SIMILARITY = 0.75;
const MAX_WORDS = 4;

/** Letters typed twice or more count once: "hii", "helllo", "thankss". */
const squeeze = (text: string): string => text.replace(/(.)\1+/g, '$1').replace(/'/g, '');

/**
 * Whole-message match of a very short message against the short examples ("hi", "thanks a lot", "are you a
 * bot"), tolerant of typos: an exact lookup first, then an edit distance bounded by a quarter of the length,
 * only against examples of a similar length.
 */
export const createShortMatcher = (examples: Array<{ intent: string; words: string[] }>) => {
  const exact = new Map<string, string>();
  const entries: Array<{ intent: string; text: string }> = [];
  for (const { intent, words } of examples) {
    if (words.length === 0 || words.length > MAX_WORDS) continue;
    const text = squeeze(words.join(' '));
    if (!exact.has(text)) exact.set(text, intent);
    entries.push({ intent, text });
  }

  const match = (words: string[]): { intent: string; similarity: number } | null => {
    const text = squeeze(words.join(' '));
    if (!text) return null;
    const known = exact.get(text);
    if (known) return { intent: known, similarity: 1 };
    let best: { intent: string; similarity: number } | null = null;
    for (const entry of entries) {
      const longest = Math.max(entry.text.length, text.length);
      const limit = Math.floor(longest * (1 - MIN_SIMILARITY));
      if (limit === 0 || Math.abs(entry.text.length - text.length) > limit) continue;
      const distance = editDistance(text, entry.text, limit);
      if (distance > limit) continue;
      const similarity = 1 - distance / longest;
      if (!best || similarity > best.similarity) best = { intent: entry.intent, similarity };
    }
    return best;
  };

  return { match };
};
