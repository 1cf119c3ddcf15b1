import Fuse from 'fuse.js';
import type { KnowledgeBase } from '../kb/load.js';
import { normalise, tokens } from '../normalise/index.js';
import type { Classification, IntentCandidate } from '../types.js';
import { createSpellingCorrector } from './spelling.js';
import { termsOf } from './terms.js';

export interface MatcherOptions {
  /** Below this confidence the message is out of scope (intent null). */
  threshold: number;
  /** Language of the examples to match against. */
  lang: string;
}

export const DEFAULT_MATCHER_OPTIONS: MatcherOptions = { threshold: 0.3, lang: 'en' };

/** How much each part contributes to the final score. */
const EVIDENCE_WEIGHT = 0.7;
const FUSE_WEIGHT = 0.3;
/** Intents re-ranked with fuse.js per message: a small candidate set keeps the cost flat. */
const RERANK = 4;
/** Most distinctive query terms passed to fuse.js, so a 4,000-character story costs like a sentence. */
const FUSE_QUERY_TERMS = 12;
/** A term used in this share of an intent's examples counts as fully typical of it. */
const TYPICAL_SHARE = 0.2;
const BIGRAM_BOOST = 1.5;

interface IntentProfile {
  id: string;
  /** Share of the intent's examples that contain each term (unigrams and bigrams). */
  share: Map<string, number>;
  fuse: Fuse<string>;
}

/**
 * Intent matching in three steps:
 * 1. normalise and correct typos against the examples' vocabulary (fuse.js over short word lists, memoised);
 * 2. score every intent by IDF-weighted evidence: the share of the message's distinctive terms the intent's
 *    examples account for (an exact-term inverted index, so only intents sharing a term are touched);
 * 3. re-rank the best few with fuse.js token search (BM25-style) over those intents' examples.
 * Confidence also falls when much of the message is vocabulary the knowledge base has never seen,
 * which is what makes "what's the weather in Paris?" out of scope rather than a weak guess.
 */
export const createMatcher = (kb: KnowledgeBase, options: Partial<MatcherOptions> = {}) => {
  const settings = { ...DEFAULT_MATCHER_OPTIONS, ...options };
  const profiles: IntentProfile[] = [];
  const surfaceVocabulary = new Set<string>();
  const intentsByTerm = new Map<string, number[]>();

  for (const intent of kb.intents.values()) {
    const examples = intent.examples.get(settings.lang) ?? [];
    const counts = new Map<string, number>();
    const prepared: string[] = [];
    for (const example of examples) {
      const words = tokens(normalise(example));
      for (const word of words) surfaceVocabulary.add(word);
      const { unigrams, bigrams } = termsOf(words);
      for (const term of new Set([...unigrams, ...bigrams])) counts.set(term, (counts.get(term) ?? 0) + 1);
      prepared.push(unigrams.join(' '));
    }
    const share = new Map<string, number>();
    for (const [term, count] of counts) share.set(term, count / Math.max(1, examples.length));
    const index = profiles.length;
    for (const term of share.keys()) {
      const list = intentsByTerm.get(term) ?? [];
      list.push(index);
      intentsByTerm.set(term, list);
    }
    profiles.push({
      id: intent.id,
      share,
      fuse: new Fuse(prepared, {
        useTokenSearch: true,
        includeScore: true,
        threshold: 0.35,
        ignoreLocation: true,
      }),
    });
  }

  const intentCount = Math.max(1, profiles.length);
  /** Inverse intent frequency: a term found in one intent is strong evidence, one found in all is none. */
  const idf = (term: string): number => {
    const df = intentsByTerm.get(term)?.length ?? 0;
    return df === 0 ? 0 : Math.log(1 + intentCount / df);
  };
  const unknownWeight = Math.log(1 + intentCount);
  const speller = createSpellingCorrector(surfaceVocabulary);

  const classify = (
    text: string,
    _context: { lastIntent: string | null } = { lastIntent: null },
  ): Classification => {
    const words = tokens(normalise(text)).map((word) => speller.correct(word));
    const { unigrams, bigrams } = termsOf(words);
    const unique = [...new Set(unigrams)];
    if (unique.length === 0) return { intent: null, confidence: 0, runnersUp: [] };

    // Step 2: evidence per intent.
    const evidence = new Float64Array(profiles.length);
    let knownWeight = 0;
    let totalWeight = 0;
    const weighted: Array<{ term: string; weight: number }> = [];
    for (const term of unique) {
      const weight = idf(term);
      totalWeight += weight > 0 ? weight : unknownWeight;
      if (weight === 0) continue;
      knownWeight += weight;
      weighted.push({ term, weight });
      for (const index of intentsByTerm.get(term) ?? []) {
        const share = (profiles[index] as IntentProfile).share.get(term) ?? 0;
        evidence[index] = (evidence[index] as number) + weight * Math.min(1, 0.5 + share / TYPICAL_SHARE / 2);
      }
    }
    if (knownWeight === 0) return { intent: null, confidence: 0, runnersUp: [] };
    for (const bigram of new Set(bigrams)) {
      const weight = idf(bigram);
      if (weight === 0) continue;
      for (const index of intentsByTerm.get(bigram) ?? []) {
        const share = (profiles[index] as IntentProfile).share.get(bigram) ?? 0;
        evidence[index] =
          (evidence[index] as number) + BIGRAM_BOOST * weight * Math.min(1, share / TYPICAL_SHARE);
      }
    }
    const coverage = knownWeight / totalWeight;
    const ranked = profiles
      .map((_profile, index) => ({ index, score: Math.min(1, (evidence[index] as number) / knownWeight) }))
      .filter((entry) => entry.score > 0)
      .sort((a, b) => b.score - a.score);

    // Step 3: fuse.js token search over the best candidates' examples, with the most distinctive terms.
    const query = weighted
      .sort((a, b) => b.weight - a.weight)
      .slice(0, FUSE_QUERY_TERMS)
      .map((entry) => entry.term)
      .join(' ');
    const scored: IntentCandidate[] = ranked.slice(0, RERANK).map(({ index, score }) => {
      const profile = profiles[index] as IntentProfile;
      const best = profile.fuse.search(query, { limit: 1 })[0];
      const fuseSimilarity = best ? 1 - (best.score ?? 1) : 0;
      const combined = EVIDENCE_WEIGHT * score + FUSE_WEIGHT * fuseSimilarity;
      return { intent: profile.id, confidence: combined * (0.4 + 0.6 * Math.sqrt(coverage)) };
    });
    scored.sort((a, b) => b.confidence - a.confidence);
    const [top, ...rest] = scored;
    if (!top) return { intent: null, confidence: 0, runnersUp: [] };
    const confidence = Math.round(top.confidence * 1000) / 1000;
    const runnersUp = rest.map((entry) => ({
      intent: entry.intent,
      confidence: Math.round(entry.confidence * 1000) / 1000,
    }));
    return { intent: confidence >= settings.threshold ? top.intent : null, confidence, runnersUp };
  };

  return { classify, vocabularySize: speller.vocabularySize };
};

export type Matcher = ReturnType<typeof createMatcher>;
