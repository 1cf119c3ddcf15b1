import Fuse from 'fuse.js';
import { noneAsNull } from '../classifiers.js';
import type { Classifier, Prediction, TrainingExample } from '../types.js';

/**
 * Out-of-scope rule of both fuse.js peers: no hit, a best hit from intents/out_of_scope.yaml, or a best hit
 * whose fuse.js score (0 = perfect, 1 = no match) is above a maximum. Each maximum was fixed once from the
 * threshold sweep (`npm run eval -- --sweep`) on the development set: the point of a 0.05 grid with the best
 * mean of accuracy and out-of-scope detection. That tunes the peers on the test data, which favours them;
 * the engine's threshold is its own default.
 */
export const FUSE_MAX_SCORE = 0.75;
export const FUSE_TOKEN_MAX_SCORE = 0.55;

const fromHit = (
  hit: { item: TrainingExample; score?: number } | undefined,
  maxScore: number,
): Prediction => {
  if (!hit) return { intent: null, best: null, confidence: 0 };
  const score = hit.score ?? 1;
  return noneAsNull({
    intent: score <= maxScore ? hit.item.intent : null,
    best: hit.item.intent,
    confidence: 1 - score,
  });
};

/** Plain fuse.js (Bitap fuzzy match, default options) over all examples; the best hit wins. */
export const createFusePeer = (examples: TrainingExample[], maxScore = FUSE_MAX_SCORE): Classifier => {
  const fuse = new Fuse(examples, { keys: ['text'], includeScore: true });
  return {
    name: 'fuse',
    description: `fuse.js plain search over all examples, best hit wins, null when no hit or score > ${maxScore}`,
    threshold: 1 - maxScore,
    classify: (text) => fromHit(fuse.search(text, { limit: 1 })[0], maxScore),
  };
};

/** fuse.js token search (`useTokenSearch`, TF-IDF-style scoring) over all examples; the best hit wins. */
export const createFuseTokenPeer = (
  examples: TrainingExample[],
  maxScore = FUSE_TOKEN_MAX_SCORE,
): Classifier => {
  const fuse = new Fuse(examples, { keys: ['text'], includeScore: true, useTokenSearch: true });
  return {
    name: 'fuse-token',
    description: `fuse.js token search (useTokenSearch) over all examples, best hit wins, null when no hit or score > ${maxScore}`,
    threshold: 1 - maxScore,
    classify: (text) => fromHit(fuse.search(text, { limit: 1 })[0], maxScore),
  };
};
