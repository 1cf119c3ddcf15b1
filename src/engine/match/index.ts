import Fuse from 'fuse.js';
import { type KnowledgeBase, OUT_OF_SCOPE_INTENT } from '../kb/load.js';
import { stemRu } from '../language/stem-ru.js';
import { normalise, tokens } from '../normalise/index.js';
import type { Classification, IntentCandidate } from '../types.js';
import { createSpellingCorrector } from './spelling.js';
import { stem, termsOf } from './terms.js';
import { termsOfRu } from './terms-ru.js';

/** How each language turns words into terms; English is the default. */
const TERMS: Record<string, { termsOf: typeof termsOf; stem: (word: string) => string }> = {
  en: { termsOf, stem },
  ru: { termsOf: termsOfRu, stem: stemRu },
};

export interface MatcherOptions {
  /** Below this confidence the message is out of scope (intent null). */
  threshold: number;
  /** Language of the examples to match against. */
  lang: string;
  /** Evidence (sum of IDF weights) at which confidence reaches 63% of its ceiling. */
  evidenceScale: number;
  /** How hard words the knowledge base has never seen pull confidence down (exponent on coverage). */
  coveragePower: number;
  /** Weight of an unknown word relative to the rarest known word. */
  unknownWeight: number;
}

export const DEFAULT_MATCHER_OPTIONS: MatcherOptions = {
  threshold: 0.15,
  lang: 'en',
  evidenceScale: 2.5,
  coveragePower: 0.5,
  unknownWeight: 1,
};

/** How much each part contributes to the final score. */
const EVIDENCE_WEIGHT = 0.7;
const FUSE_WEIGHT = 1 - EVIDENCE_WEIGHT;
/** Intents re-ranked with fuse.js per message: a small candidate set keeps the cost flat. */
const RERANK = 3;
/** Evidence lead over the runner-up above which fuse.js is not consulted. */
const RERANK_MARGIN = 0.1;
/** Remembered fuse.js results per intent. */
const QUERY_MEMO_LIMIT = 5_000;
/** Most distinctive query terms passed to fuse.js, so a 4,000-character story costs like a sentence. */
const FUSE_QUERY_TERMS = 6;
/** A term used in this share of an intent's examples counts as fully typical of it. */
const TYPICAL_SHARE = 0.2;
const BIGRAM_BOOST = 1.5;
/** fuse.js score (0 = exact) under which a very short message counts as one of the short examples. */
const SHORT_MAX_SCORE = 0.25;
/** Messages longer than this never use the short-message fallback. */
const SHORT_MAX_CHARS = 40;
/** A message this short right after an answer may be a follow-up ("and for kids?"), so it needs no domain word. */
const FOLLOW_UP_MAX_WORDS = 8;

interface IntentProfile {
  id: string;
  /** Share of the intent's examples that contain each term (unigrams and bigrams). */
  share: Map<string, number>;
  fuse: Fuse<string>;
  queryMemo: Map<string, number>;
}

/**
 * Intent matching in three steps:
 * 1. normalise and correct typos against the examples' vocabulary (a delete index proposes, fuse.js ranks);
 * 2. score every intent by IDF-weighted evidence: the share of the message's distinctive terms the intent's
 *    examples account for (an exact-term inverted index, so only intents sharing a term are touched);
 * 3. when the leaders are close, re-rank the best few with fuse.js token search (BM25-style) over those
 *    intents' examples (memoised per intent and query).
 * Confidence also falls when much of the message is vocabulary the knowledge base has never seen,
 * which is what makes "what's the weather in Paris?" out of scope rather than a weak guess.
 */
export const createMatcher = (kb: KnowledgeBase, options: Partial<MatcherOptions> = {}) => {
  const settings = { ...DEFAULT_MATCHER_OPTIONS, ...options };
  const { termsOf, stem } = TERMS[settings.lang] ?? (TERMS.en as (typeof TERMS)[string]);
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
      queryMemo: new Map(),
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
  const unknownWeight = settings.unknownWeight * Math.log(1 + intentCount);
  const speller = createSpellingCorrector(surfaceVocabulary);

  // Short examples ("hi", "thanks a lot", "are you a bot") for messages too short for word evidence.
  const shortExamples: Array<{ intent: string; text: string }> = [];
  for (const intent of kb.intents.values()) {
    for (const example of intent.examples.get(settings.lang) ?? []) {
      const words = tokens(normalise(example));
      if (words.length <= 4) shortExamples.push({ intent: intent.id, text: words.join(' ') });
    }
  }
  const shortFuse = new Fuse(shortExamples, { keys: ['text'], includeScore: true, threshold: 0.3 });

  const vocabulary = settings.lang === 'en' ? kb.vocabulary : kb.vocabularies?.get(settings.lang);
  const domainWords = new Set((vocabulary?.domain_words ?? []).map(stem));
  const conversational = new Set(kb.vocabulary?.conversational_intents ?? []);
  /** Without a domain word only small talk can match, unless the message follows up the last answer. */
  const allowedWithoutDomain = (intent: string) =>
    conversational.has(intent) || intent === OUT_OF_SCOPE_INTENT;

  /**
   * How well the message's distinctive terms fit an intent's examples, by fuse.js token search. Memoised
   * per intent and query (bounded), since people ask the same few things in the same few words.
   */
  const querySimilarity = (profile: IntentProfile, query: string): number => {
    let similarity = profile.queryMemo.get(query);
    if (similarity === undefined) {
      const best = profile.fuse.search(query, { limit: 1 })[0];
      similarity = best ? 1 - (best.score ?? 1) : 0;
      if (profile.queryMemo.size >= QUERY_MEMO_LIMIT) profile.queryMemo.clear();
      profile.queryMemo.set(query, similarity);
    }
    return similarity;
  };

  const round = (value: number) => Math.round(value * 1000) / 1000;

  /** Turns ranked candidates into a classification; the out-of-scope class and low confidence give null. */
  const decide = (scored: IntentCandidate[]): Classification => {
    scored.sort((a, b) => b.confidence - a.confidence);
    const inScope = scored.filter((entry) => entry.intent !== OUT_OF_SCOPE_INTENT);
    const [top, ...rest] = inScope;
    if (!top) return { intent: null, confidence: 0, runnersUp: [] };
    const runnersUp = rest.map((entry) => ({ intent: entry.intent, confidence: round(entry.confidence) }));
    const outOfScopeWins = scored[0]?.intent === OUT_OF_SCOPE_INTENT;
    const confidence = round(top.confidence);
    const accepted = confidence >= settings.threshold && !outOfScopeWins;
    return { intent: accepted ? top.intent : null, confidence, runnersUp };
  };

  /** Whole-message fuzzy match against short examples: catches "hii", "ello", "thx so much". */
  const classifyShort = (normalised: string, onTopic: boolean): Classification | null => {
    const hit = shortFuse.search(normalised, { limit: 1 })[0];
    if (!hit || (hit.score ?? 1) > SHORT_MAX_SCORE) return null;
    if (!onTopic && !allowedWithoutDomain(hit.item.intent)) return null;
    return decide([{ intent: hit.item.intent, confidence: 1 - (hit.score ?? 1) }]);
  };

  const classify = (
    text: string,
    context: { lastIntent: string | null } = { lastIntent: null },
  ): Classification => {
    const normalised = tokens(normalise(text));
    const words = normalised.map((word) => speller.correct(word));
    const { unigrams, bigrams } = termsOf(words);
    const unique = [...new Set(unigrams)];
    const followsUp = context.lastIntent !== null && normalised.length <= FOLLOW_UP_MAX_WORDS;
    const onTopic = domainWords.size === 0 || followsUp || unique.some((term) => domainWords.has(term));
    const joined = normalised.join(' ');
    // Long "words" (a pasted token, keyboard mashing) skip the whole-message fuzzy match: fuse.js cost grows
    // with pattern length, and no short example is that long anyway.
    const short =
      normalised.length > 0 && normalised.length <= 4 && joined.length <= SHORT_MAX_CHARS ? joined : null;
    if (unique.length === 0)
      return (short && classifyShort(short, onTopic)) || { intent: null, confidence: 0, runnersUp: [] };

    // Step 2: evidence per intent, touching only intents that share a term with the message.
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
    if (knownWeight === 0)
      return (short && classifyShort(short, onTopic)) || { intent: null, confidence: 0, runnersUp: [] };
    // Bigram evidence is added on top, so the best possible score stays 1 ("everything explained").
    let possible = knownWeight;
    for (const bigram of new Set(bigrams)) {
      const weight = idf(bigram);
      if (weight === 0) continue;
      possible += BIGRAM_BOOST * weight;
      for (const index of intentsByTerm.get(bigram) ?? []) {
        const share = (profiles[index] as IntentProfile).share.get(bigram) ?? 0;
        evidence[index] =
          (evidence[index] as number) + BIGRAM_BOOST * weight * Math.min(1, share / TYPICAL_SHARE);
      }
    }
    const coverage = knownWeight / totalWeight;
    const ranked = profiles
      .map((profile, index) => ({
        profile,
        index,
        score: (evidence[index] as number) / possible,
      }))
      .filter((entry) => entry.score > 0 && (onTopic || allowedWithoutDomain(entry.profile.id)))
      .sort((a, b) => b.score - a.score);

    // Step 3: fuse.js token search over the best candidates' examples, with the most distinctive terms.
    const query = weighted.sort((a, b) => b.weight - a.weight).slice(0, FUSE_QUERY_TERMS);
    const queryText = query.map((entry) => entry.term).join(' ');
    // fuse.js only arbitrates close calls: a clear evidence winner skips it, which keeps the average cost low.
    const clearWinner = (ranked[0]?.score ?? 0) - (ranked[1]?.score ?? 0) > RERANK_MARGIN;
    const scored: IntentCandidate[] = ranked.slice(0, RERANK).map(({ index, score }) => {
      const profile = profiles[index] as IntentProfile;
      const fuseSimilarity = clearWinner ? score : querySimilarity(profile, queryText);
      const combined = EVIDENCE_WEIGHT * score + FUSE_WEIGHT * fuseSimilarity;
      // Strong absolute evidence (several distinctive words) and little unknown vocabulary both raise trust.
      const strength = 1 - Math.exp(-(evidence[index] as number) / settings.evidenceScale);
      return { intent: profile.id, confidence: combined * strength * coverage ** settings.coveragePower };
    });
    const result = decide(scored);
    if (result.intent === null && short) return classifyShort(short, onTopic) ?? result;
    return result;
  };

  return { classify };
};

export type Matcher = ReturnType<typeof createMatcher>;
