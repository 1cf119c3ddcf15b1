import Fuse from 'fuse.js';
import { FuzzyIndex } from '../normalise/fuzzy.js';
import { boundedMemo } from '../normalise/memo.js';

export { editDistance } from '../normalise/fuzzy.js';

/**
 * Typo correction against the knowledge base's own vocabulary. A delete index (shared with triage)
 * finds the vocabulary words within one or two edits in time bounded by the word's length, not the
 * vocabulary's size; fuse.js then ranks those few candidates, and results are memoised. So a message
 * costs about the same however large the knowledge base grows, and a flood of gibberish stays cheap.
 * `realWords` are words the bot itself writes (its answers): real words, never typos of another ("looks" is
 * not "locks"), although no example uses them; they may still take another form of themselves.
 */
export interface SpellingCorrector {
  correct(word: string): string;
}

/** Bounded: a flood of new junk words cannot grow memory without limit. */
const MEMO_LIMIT = 20_000;

export const createSpellingCorrector = (
  vocabulary: Iterable<string>,
  realWords: ReadonlySet<string> = new Set(),
  /** The index of exactly `vocabulary`, built earlier (a compiled snapshot's). */
  prebuilt?: Pick<FuzzyIndex, 'lookupUnmemoised' | 'mayStartNear'>,
): SpellingCorrector => {
  const known = new Set(vocabulary);
  const index = prebuilt ?? new FuzzyIndex(known, []);

  const correctUncached = (word: string): string => {
    // A real word may still become another form of itself ("bruise" -> "bruised"), never a different word.
    const candidates = realWords.has(word)
      ? index
          .lookupUnmemoised(word)
          .filter((candidate) => candidate.startsWith(word) || word.startsWith(candidate))
      : index.lookupUnmemoised(word);
    if (candidates.length <= 1) return candidates[0] ?? word;
    let best = word;
    let bestScore = Number.POSITIVE_INFINITY;
    for (const candidate of candidates) {
      const score = Fuse.match(word, candidate).score ?? 1;
      if (score < bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    return best;
  };

  /**
   * Each word's correction, kept rather than the index's near words: a word seen again (in the same message's
   * sentences or a later message) costs one lookup, not the index's, the real-word check and fuse.js again.
   */
  const corrected = boundedMemo(MEMO_LIMIT, correctUncached);
  const correct = (word: string): string => {
    if (known.has(word)) return word;
    // A word near nothing at a glance takes no memo room (as in FuzzyIndex.lookup).
    return index.mayStartNear(word) ? corrected(word) : word;
  };

  return { correct };
};
