import { type KnowledgeBase, OUT_OF_SCOPE_INTENT } from '../kb/load.js';
import { stemRu } from '../language/stem-ru.js';
import { clauses, normalise, tokens } from '../normalise/index.js';
import type { Classification, IntentCandidate } from '../types.js';
import { answerWords } from './answer-words.js';
import { createDomainGate } from './domain.js';
import { createIdiomRewriter } from './idioms.js';
import { createDeniedSigns } from './negated.js';
import { offerIndex, prebuiltIndex } from './prebuilt.js';
import { maySplit, type Sentence, sentencesOf } from './sentences.js';
import { createShortMatcher } from './short.js';
import { createSpellingCorrector } from './spelling.js';
import { stem, termsOf, unigramsOf } from './terms.js';
import { termsOfRu, unigramsOfRu } from './terms-ru.js';

/**
 * How each language turns words into terms; English is the default. `unordered`: a bigram is its two terms
 * in either order, written smaller first (Russian, see terms-ru.ts).
 */
const TERMS: Record<
  string,
  {
    termsOf: typeof termsOf;
    unigramsOf: typeof unigramsOf;
    stem: (word: string) => string;
    unordered: boolean;
  }
> = {
  en: { termsOf, unigramsOf, stem, unordered: false },
  ru: { termsOf: termsOfRu, unigramsOf: unigramsOfRu, stem: stemRu, unordered: true },
};

/** Stems this short say too little ("летом" and "лет" are both "лет"): such words are compared as typed. */
const SHORT_STEM = 3;
const phraseKey = (stem: (word: string) => string) => (word: string) => {
  const key = stem(word);
  return key.length > SHORT_STEM ? key : word;
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
const EXAMPLE_WEIGHT = 1 - EVIDENCE_WEIGHT;
/** Intents re-ranked by their single best example per message: a small candidate set keeps the cost flat. */
const RERANK = 3;
/** Evidence lead over the runner-up above which the best-example re-rank is not needed. */
const RERANK_MARGIN = 0.1;
/** Most distinctive query terms compared with single examples, so a 4,000-character story costs like a sentence. */
const QUERY_TERMS = 6;
/** A term used in this share of an intent's examples counts as fully typical of it. */
const TYPICAL_SHARE = 0.2;
const BIGRAM_BOOST = 1.5;
/** A message this short right after an answer may be a follow-up ("and for kids?"), so it needs no domain word. */
const FOLLOW_UP_MAX_WORDS = 8;
/**
 * A message of at most this many words, its content words all vague, gets a clarifying question instead of a
 * guess; function words don't count against it ("my leg is cramping", "help my leg is cramping").
 */
const VAGUE_MAX_WORDS = 6;
const VAGUE_QUESTION_MAX_WORDS = 4;
const QUESTION_START = new Set([
  'is',
  'are',
  'do',
  'does',
  'can',
  'could',
  'what',
  'why',
  'how',
  'when',
  'which',
  'should',
]);
const VAGUE_MAX_TERMS = 3;
/** Confidence a message without any cramp word needs to be taken as small talk or a request to the bot. */
const OFF_TOPIC_MIN_CONFIDENCE = 0.2;
/** Fewer content words than this in the asking sentences of a long message: they are not weighed above the rest. */
const FOCUS_MIN_TERMS = 2;
/** Messages of up to this many words are matched whole against the short examples. */
const SHORT_MAX_WORDS = 4;
/** A message of only stopwords is matched whole up to this many words and characters. */
const CONTENTLESS_MAX_WORDS = 7;
const CONTENTLESS_MAX_CHARS = 56;
/** Words kept from the stopwords because they separate intents, but which alone ask about nothing. */
const QUESTION_WORDS = new Set(['what', 'why', 'how', 'when', 'whattodo']);
const isQuestionWord = (term: string): boolean => QUESTION_WORDS.has(term);
/**
 * Words that point back at something already named: in a cramp bot, at the cramps ("how do I stop them",
 * "when I get one"). "this" is left out: it points at the weather, a phone or a bill as often; "it" only
 * counts away from "is"/"was" (below).
 */
const POINTERS = new Set([
  ...['they', 'them', 'theyre', 'one', 'ones', 'these', 'those', 'em', 'this'],
  // Russian: "с этим к врачу?", "от чего они бывают?".
  ...['этим', 'этого', 'этому', 'они', 'их', 'ими', 'такое'],
]);
/** "it" points back too ("how do I stop it"), but not as the empty "it" of "it is hot", "what time is it". */
const IT_POINTERS = new Set(['it', 'its']);
const EMPTY_IT_NEIGHBOURS = new Set(['is', 'was', 's']);
const pointsBack = (word: string, index: number, surface: readonly string[]): boolean =>
  POINTERS.has(word) ||
  (IT_POINTERS.has(word) &&
    !EMPTY_IT_NEIGHBOURS.has(surface[index - 1] ?? '') &&
    !EMPTY_IT_NEIGHBOURS.has(surface[index + 1] ?? ''));
/** Confidence a message pointing back at cramps without naming them needs (see refersBack)... */
const REFERRING_MIN_CONFIDENCE = 0.25;
/** ...and with one word the knowledge base has never seen, a clearer fit. */
const REFERRING_WITH_UNKNOWN_MIN_CONFIDENCE = 0.4;
/** How sure the words after a greeting must be of a small-talk topic to outweigh the greeting. */
const SURE_SMALL_TALK = 0.8;
/** A topic's name typed alone (vocabulary topic_names): at most this many words, answered this surely. */
const TOPIC_NAME_MAX_WORDS = 3;
const TOPIC_NAME_CONFIDENCE = 0.6;
/** Below this, a long message's whole reading yields to its question sentence read alone. */
const WEAK_WHOLE_CONFIDENCE = 0.3;
/** In a long message, terms of the question sentences weigh this many times the story's. */
const FOCUS_WEIGHT = 2;
/** Messages of at least this many words are read as sentences (question first). */
const LONG_MIN_WORDS = 12;
/** Sentences each classified alone when the whole long message was not understood (bounds the cost). */
const MAX_SENTENCES = 48;

interface IntentProfile {
  id: string;
  /** Share of the intent's examples that contain each term (unigrams and bigrams). */
  share: Map<string, number>;
  /**
   * Per unigram term, the examples (by position) that use it, for the best-single-example re-rank: only
   * the examples sharing a term with the message are touched, not every example of the intent.
   */
  examplesWith: Map<string, number[]>;
  exampleCount: number;
}

/**
 * The intents a term occurs in and how typical it is of each, as parallel arrays of plain numbers (scored
 * per message without an object per entry; plain arrays are smaller than a typed array per term).
 */
interface Posting {
  indexes: readonly number[];
  typical: readonly number[];
  /** The term's idf, kept here so scoring looks a term up once. */
  idf: number;
}

/** A posting with its place among the matcher's terms (see `countedIn`). */
interface ScoringEntry extends Posting {
  slot: number;
  /** A unigram's bigrams by their second term (see `pairAfter`). */
  seconds: Map<string, ScoringEntry> | undefined;
}

interface Prepared {
  /** Words after normalisation, typo correction, idiom rewriting and dropping people words. */
  words: string[];
  /** Words as typed (normalised only): decides "short message" and follow-up length. */
  surface: string[];
}

const NOTHING: Classification = { intent: null, confidence: 0, runnersUp: [] };

interface Ranked {
  index: number;
  score: number;
}

/**
 * Keeps `best` the `size` entries of highest `value`, highest first, as a stable sort of every entry would
 * (an equal value goes after those already there): only the leaders are used, so nothing else is sorted.
 */
const keepBest = <T>(best: T[], entry: T, size: number, value: (entry: T) => number): void => {
  const own = value(entry);
  let at = best.length;
  while (at > 0 && value(best[at - 1] as T) < own) at--;
  if (at >= size) return;
  if (best.length < size) best.push(entry);
  for (let k = best.length - 1; k > at; k--) best[k] = best[k - 1] as T;
  best[at] = entry;
};
const scoreOf = (entry: Ranked): number => entry.score;
/** The length of the words joined by spaces, without joining them. */
const joinedLength = (words: readonly string[]): number => {
  let length = words.length - 1;
  for (let i = 0; i < words.length; i++) length += (words[i] as string).length;
  return length;
};
const weightOf = (entry: { weight: number }): number => entry.weight;

/**
 * Intent matching in four steps:
 * 1. normalise, correct typos against the examples' vocabulary (a delete index proposes, fuse.js ranks),
 *    rewrite everyday phrases to the examples' words (knowledge/idioms.yaml) and drop words for people;
 * 2. score every intent by IDF-weighted evidence: the share of the message's distinctive terms the intent's
 *    examples account for (an exact-term inverted index, so only intents sharing a term are touched). In a
 *    long message the question sentences (or the last request) weigh more than the story around them;
 * 3. when the leaders are close, re-rank the best few by their single closest example (IDF-weighted
 *    overlap with the message's most distinctive terms, precomputed term sets: no per-message search);
 * 4. a long message not understood as a whole is read sentence by sentence, question sentences first.
 * Confidence also falls when much of the message is vocabulary the knowledge base has never seen,
 * which is what makes "what's the weather in Paris?" out of scope rather than a weak guess. A short
 * message made only of vague words ("leg", "cramps??", "help") is marked vague instead of guessed.
 */
export const createMatcher = (kb: KnowledgeBase, options: Partial<MatcherOptions> = {}) => {
  const settings = { ...DEFAULT_MATCHER_OPTIONS, ...options };
  const { termsOf, unigramsOf, stem, unordered } =
    TERMS[settings.lang] ?? (TERMS.en as (typeof TERMS)[string]);
  // Built from the knowledge base alone; a compiled snapshot may hold it already (see prebuilt.ts).
  const prebuilt = prebuiltIndex(kb, settings.lang);
  const profiles: IntentProfile[] = prebuilt?.profiles ?? [];
  const surfaceVocabulary = prebuilt?.surfaceVocabulary ?? new Set<string>();
  const intentsByTerm = new Map<string, number[]>();
  // The idioms and topic gates are English lists; other languages keep rewrites and people words in their
  // vocabulary file, people words compared by stem (Russian inflects: "мама", "маме", "маму").
  const english = settings.lang === 'en';
  const vocabulary = english ? kb.vocabulary : kb.vocabularies?.get(settings.lang);
  const rewriter = english
    ? createIdiomRewriter(kb.idioms)
    : createIdiomRewriter({ rewrites: vocabulary?.rewrites ?? [], people_words: [] }, phraseKey(stem));
  const people = new Set(
    english ? (kb.idioms?.people_words ?? []) : (vocabulary?.people_words ?? []).map(stem),
  );
  const isPerson = english ? (word: string) => people.has(word) : (word: string) => people.has(stem(word));
  const withoutPeople = (words: string[]) => (people.size ? words.filter((word) => !isPerson(word)) : words);

  // A topic answered as a broader one teaches that one (vocabulary.yaml answered_as), in every language: the
  // topics are the same whatever language their examples are written in.
  const answeredAs = new Map(Object.entries(kb.vocabulary?.answered_as ?? {}));
  const topicOf = (id: string) => answeredAs.get(id) ?? id;
  const examplesByTopic = new Map<string, string[]>();
  /** Each profile's examples' distinct unigrams in order, until their idf weights are summed below. */
  const uniqueTermsOf: string[][][] = [];
  for (const intent of kb.intents.values()) {
    const list = examplesByTopic.get(topicOf(intent.id)) ?? [];
    list.push(...(intent.examples.get(settings.lang) ?? []));
    examplesByTopic.set(topicOf(intent.id), list);
  }
  for (const [id, examples] of prebuilt ? [] : examplesByTopic) {
    const counts = new Map<string, number>();
    const uniqueTerms: string[][] = [];
    const examplesWith = new Map<string, number[]>();
    for (const example of examples) {
      const surface = tokens(normalise(example));
      for (const word of surface) surfaceVocabulary.add(word);
      const { unigrams, bigrams } = termsOf(withoutPeople(rewriter.rewrite(surface)));
      for (const term of new Set([...unigrams, ...bigrams])) counts.set(term, (counts.get(term) ?? 0) + 1);
      const unique = [...new Set(unigrams)];
      for (const term of unique) {
        const list = examplesWith.get(term);
        if (list) list.push(uniqueTerms.length);
        else examplesWith.set(term, [uniqueTerms.length]);
      }
      uniqueTerms.push(unique);
    }
    const share = new Map<string, number>();
    for (const [term, count] of counts) share.set(term, count / Math.max(1, examples.length));
    const index = profiles.length;
    for (const term of share.keys()) {
      const list = intentsByTerm.get(term) ?? [];
      list.push(index);
      intentsByTerm.set(term, list);
    }
    profiles.push({ id, share, examplesWith, exampleCount: uniqueTerms.length });
    uniqueTermsOf.push(uniqueTerms);
  }
  for (const word of rewriter.vocabulary) surfaceVocabulary.add(word);
  const domain = createDomainGate(vocabulary ?? null, stem);
  // The gate's words (a farm, a smell, a stomach) are read as typed, never "corrected" to a cramp word.
  for (const word of domain.words) surfaceVocabulary.add(word);
  // So are the topic gates' words: "походит" (walks a bit) is walking, not a typo of "проходит" (passes).
  for (const word of Object.values(vocabulary?.topic_gates ?? {}).flat()) surfaceVocabulary.add(word);
  /**
   * Per term, the intents that use it with how typical it is of each (precomputed, so scoring a message
   * touches no per-intent map): a word half an intent's examples share counts fully, a rare one half; a
   * bigram counts in proportion to its share.
   */
  const intentCount = Math.max(1, profiles.length);
  const postings: Map<string, Posting> = prebuilt?.postings ?? new Map();
  for (const [term, indexes] of intentsByTerm) {
    const bigram = term.includes('_');
    const typical = indexes.map((index) => {
      const share = (profiles[index] as IntentProfile).share.get(term) ?? 0;
      return bigram ? Math.min(1, share / TYPICAL_SHARE) : Math.min(1, 0.5 + share / TYPICAL_SHARE / 2);
    });
    // Inverse intent frequency: a term found in one intent is strong evidence, one found in all is none.
    postings.set(term, { indexes, typical, idf: Math.log(1 + intentCount / indexes.length) });
  }

  const idf = (term: string): number => postings.get(term)?.idf ?? 0;
  /**
   * The postings as scoring reads them: unigrams alone (a smaller map than every term's) and bigrams by first
   * and second term, so a pair's posting is found without building its "first_second" string (a new string
   * to hash per pair). Each has a slot, so a message's distinct terms are counted once without a set per
   * call. Terms never hold "_" (normalise drops it); were one to, terms are looked up whole as before.
   */
  const entryByTerm = new Map<string, ScoringEntry>();
  const unigramEntries = new Map<string, ScoringEntry>();
  const pairEntries = new Map<string, Map<string, ScoringEntry>>();
  let byParts = true;
  for (const word of surfaceVocabulary) if (word.includes('_')) byParts = false;
  for (const [term, { indexes, typical, idf }] of postings) {
    const entry: ScoringEntry = { indexes, typical, idf, slot: entryByTerm.size, seconds: undefined };
    entryByTerm.set(term, entry);
    const at = term.indexOf('_');
    if (at === -1) {
      unigramEntries.set(term, entry);
      continue;
    }
    if (term.indexOf('_', at + 1) !== -1) byParts = false;
    const first = term.slice(0, at);
    let seconds = pairEntries.get(first);
    if (seconds === undefined) {
      seconds = new Map();
      pairEntries.set(first, seconds);
    }
    seconds.set(term.slice(at + 1), entry);
  }
  /**
   * A bigram holds two terms of one example, so both have unigram postings: a pair whose terms' postings are
   * known is found from them, by one lookup rather than two (were one missing, pairs are looked up whole).
   */
  let pairsByUnigram = byParts;
  for (const [first, seconds] of pairEntries) {
    const entry = unigramEntries.get(first);
    if (entry === undefined) pairsByUnigram = false;
    else entry.seconds = seconds;
    for (const second of seconds.keys()) if (!unigramEntries.has(second)) pairsByUnigram = false;
  }
  /** The pair's posting, given its terms' postings (undefined: unknown term). */
  const pairAfter = (
    first: string,
    second: string,
    firstEntry: ScoringEntry | undefined,
    secondEntry: ScoringEntry | undefined,
  ): ScoringEntry | undefined => {
    if (!pairsByUnigram) return pairEntry(first, second);
    if (firstEntry === undefined || secondEntry === undefined) return undefined;
    return unordered && second < first ? secondEntry.seconds?.get(first) : firstEntry.seconds?.get(second);
  };
  const unigramEntry = (term: string): ScoringEntry | undefined =>
    byParts ? unigramEntries.get(term) : entryByTerm.get(term);
  const pairEntry = (first: string, second: string): ScoringEntry | undefined => {
    if (!byParts) return entryByTerm.get(pairTerm(first, second));
    return unordered && second < first
      ? pairEntries.get(second)?.get(first)
      : pairEntries.get(first)?.get(second);
  };
  const pairTerm = (first: string, second: string): string =>
    unordered && second < first ? `${second}_${first}` : `${first}_${second}`;
  /** Per slot, the scoring call that last counted the term (see `scoring`); unknown terms in a set. */
  const countedIn = new Uint32Array(entryByTerm.size);
  let scoring = 0;
  const countedUnknown = new Set<string>();
  /** Per unigram of the message being scored, its posting (kept for its bigrams). */
  const entryAt: Array<ScoringEntry | undefined> = [];
  /** Evidence per intent for the message being scored, zeroed per call rather than allocated. */
  const evidenceScratch = new Float64Array(profiles.length);
  const exampleWeights =
    prebuilt?.exampleWeights ??
    uniqueTermsOf.map((examples) =>
      examples.map((terms) => {
        let sum = 0;
        for (const term of terms) sum += idf(term);
        return sum;
      }),
    );
  uniqueTermsOf.length = 0;
  /** Shared weight per example of the intent being re-ranked, and the examples touched (reset after use). */
  const sharedScratch = new Float64Array(Math.max(0, ...profiles.map((profile) => profile.exampleCount)));
  const touched: number[] = [];
  const unknownWeight = settings.unknownWeight * Math.log(1 + intentCount);
  // Words of the bot's own answers are real words, never corrected (English: the answers are in English).
  const speller = createSpellingCorrector(
    surfaceVocabulary,
    english ? answerWords(kb) : new Set<string>(),
    prebuilt?.speller,
  );
  offerIndex(kb, settings.lang, { profiles, surfaceVocabulary, postings, exampleWeights });
  // In an inflected language an unseen form of a known word ("грелкой" beside "грелку") is no typo: its stem
  // already matches, and "correcting" it could turn it into a different word one letter away.
  const knownStems = english ? null : new Set([...surfaceVocabulary].map(stem));
  const correct = (word: string) => (knownStems?.has(stem(word)) ? word : speller.correct(word));

  /**
   * Built on the first very short message rather than at start-up (a tenth of a warm load): made from the
   * knowledge base alone, so the same matcher whenever it is built.
   */
  let shortMatcher: ReturnType<typeof createShortMatcher> | undefined;
  const shortMatcherFor = () =>
    (shortMatcher ??= createShortMatcher(
      [...kb.intents.values()].flatMap((intent) =>
        (intent.examples.get(settings.lang) ?? []).map((example) => ({
          intent: topicOf(intent.id),
          words: tokens(normalise(example)),
        })),
      ),
      (words) => words.length <= SHORT_MAX_WORDS || contentless(words),
    ));
  /**
   * "what do you know about", "tell me what you know": a message made only of stopwords has no term to score,
   * so a longer one is matched whole too, like a short one.
   */
  const contentless = (words: string[]): boolean =>
    words.length <= CONTENTLESS_MAX_WORDS && termsOf(words).unigrams.every(isQuestionWord);

  const { domainWords } = domain;
  /** "causes", "упражнения": a topic's name alone, as the stems of its words. */
  const topicNames = new Map<string, string>();
  for (const [intent, names] of Object.entries(vocabulary?.topic_names ?? {}))
    for (const name of names) topicNames.set(tokens(normalise(name)).map(stem).join(' '), intent);
  // A language's own floor for short messages (vocabulary file), unless the caller set a threshold: a long
  // story about cramps is understood with less confidence and is rarely out of scope.
  const shortFloor = options.threshold === undefined ? (vocabulary?.min_confidence ?? 0) : 0;
  const vagueWords = new Set((vocabulary?.vague_words ?? []).map(stem));
  const askingWords = new Set((vocabulary?.asking_words ?? []).map(stem));
  /** A term that asks how things stand or only says "cramps" ("connected?", "это судорога?"): no topic. */
  const namesNoTopic = (term: string): boolean => askingWords.has(term) || vagueWords.has(term);
  const pleaWords = new Set((vocabulary?.plea?.words ?? []).map(stem));
  const pleaForms = new Set(vocabulary?.plea?.words ?? []);
  const conversational = new Set(kb.vocabulary?.conversational_intents ?? []);
  const openers = new Set(kb.vocabulary?.opener_intents ?? []);
  const affirmed = createDeniedSigns(vocabulary?.denied_signs ?? [], stem, (rest) =>
    termsOf(rest).unigrams.some((term) => !vagueWords.has(term) && !QUESTION_WORDS.has(term)),
  );
  const gates = new Map(
    Object.entries(vocabulary?.topic_gates ?? {}).map(([id, words]) => [id, new Set(words.map(stem))]),
  );
  const gated = profiles.flatMap((profile, index) => {
    const gate = gates.get(profile.id);
    return gate ? [{ index, gate }] : [];
  });
  /** Per term, the gated profiles it opens (it is in their gate). */
  const opens = new Map<string, number[]>();
  for (const { index, gate } of gated)
    for (const term of gate) {
      const list = opens.get(term);
      if (list) list.push(index);
      else opens.set(term, [index]);
    }
  /** 1 for a profile closed to the message being scored; refilled per call rather than allocated. */
  const closedScratch = new Uint8Array(profiles.length);
  const openFor = (term: string) => {
    const list = opens.get(term);
    if (list) for (let k = 0; k < list.length; k++) closedScratch[list[k] as number] = 0;
  };
  /**
   * Profiles closed to these words because they name no one the profile's topic is about: a gated profile
   * stays closed unless one of the terms or word stems is in its gate.
   */
  const closedFor = (words: string[], unigrams: string[], stems?: readonly string[]): Uint8Array => {
    if (gated.length === 0) return closedScratch;
    for (const { index } of gated) closedScratch[index] = 1;
    for (const term of unigrams) openFor(term);
    if (stems) for (const term of stems) openFor(term);
    else for (const word of words) openFor(stem(word));
    return closedScratch;
  };

  /** Without a domain word only small talk can match, unless the message follows up the last answer. */
  const allowedWithoutDomain = (intent: string) =>
    conversational.has(intent) || intent === OUT_OF_SCOPE_INTENT;

  /** `read`: the words that count for the topic, when not all of `surface` do (denied signs left out). */
  const prepare = (surface: string[], read = surface): Prepared => ({
    surface,
    words: withoutPeople(rewriter.rewrite(read.map(correct))),
  });

  /** How well the message's most distinctive terms fit the intent's closest single example (weighted Dice). */
  const bestExample = (
    index: number,
    query: Array<{ term: string; weight: number }>,
    queryWeight: number,
  ) => {
    const { examplesWith } = profiles[index] as IntentProfile;
    const weights = exampleWeights[index] as number[];
    // Each example's shared weight is summed in query order, as a per-example loop over the query would.
    for (let q = 0; q < query.length; q++) {
      const { term, weight } = query[q] as { term: string; weight: number };
      const examples = examplesWith.get(term);
      if (!examples) continue;
      for (let k = 0; k < examples.length; k++) {
        const e = examples[k] as number;
        if (sharedScratch[e] === 0) touched.push(e);
        sharedScratch[e] = (sharedScratch[e] as number) + weight;
      }
    }
    let best = 0;
    for (let k = 0; k < touched.length; k++) {
      const e = touched[k] as number;
      const similarity = (2 * (sharedScratch[e] as number)) / (queryWeight + (weights[e] as number));
      if (similarity > best) best = similarity;
      sharedScratch[e] = 0;
    }
    touched.length = 0;
    return best;
  };

  const round = (value: number) => Math.round(value * 1000) / 1000;

  /** Turns ranked candidates into a classification; the out-of-scope class and low confidence give null. */
  const decide = (scored: IntentCandidate[]): Classification => {
    scored.sort((a, b) => b.confidence - a.confidence);
    const inScope = scored.filter((entry) => entry.intent !== OUT_OF_SCOPE_INTENT);
    const [top, ...rest] = inScope;
    if (!top) return NOTHING;
    const runnersUp = rest.map((entry) => ({ intent: entry.intent, confidence: round(entry.confidence) }));
    const outOfScopeWins = scored[0]?.intent === OUT_OF_SCOPE_INTENT;
    const confidence = round(top.confidence);
    const accepted = confidence >= settings.threshold && !outOfScopeWins;
    return { intent: accepted ? top.intent : null, confidence, runnersUp };
  };

  /** Whole-message fuzzy match against short examples: catches "hii", "ello", "thx so much". */
  const classifyShort = (surface: string[], onTopic: boolean): Classification | null => {
    const hit = shortMatcherFor().match(surface);
    if (!hit) return null;
    if (!onTopic && !allowedWithoutDomain(hit.intent)) return null;
    return decide([{ intent: hit.intent, confidence: hit.similarity }]);
  };

  /**
   * Step 2 and 3 over one list of words. `focus` holds the terms of a long message's question sentences,
   * which weigh FOCUS_WEIGHT times the story's; absent, every term weighs the same.
   */
  const score = (
    words: string[],
    onTopic: boolean,
    focus: Set<string> | null,
    stems?: readonly string[],
  ): Classification | null => {
    const unigrams = unigramsOf(words, stems);
    // Question words alone ("what time is it", "how so") ask nothing about cramps or the bot.
    if (unigrams.every(isQuestionWord)) return null;
    const closed = closedFor(words, unigrams, stems);
    if (unigrams.length === 0) return null;

    const evidence = evidenceScratch.fill(0);
    let knownWeight = 0;
    let totalWeight = 0;
    // The most distinctive terms, for step 3.
    const query: Array<{ term: string; weight: number }> = [];
    // Each distinct term counts once, in the order it first occurs (a term has one posting, and a posting one term).
    // Unigrams and bigrams are counted apart: two stamps per call.
    if (scoring >= 0xfffffffd) {
      countedIn.fill(0);
      scoring = 0;
    }
    scoring += 2;
    const unigramStamp = scoring - 1;
    const bigramStamp = scoring;
    if (countedUnknown.size > 0) countedUnknown.clear();
    for (let u = 0; u < unigrams.length; u++) {
      const term = unigrams[u] as string;
      const emphasis = focus?.has(term) ? FOCUS_WEIGHT : 1;
      const posting = unigramEntry(term);
      entryAt[u] = posting;
      if (posting === undefined) {
        if (countedUnknown.has(term)) continue;
        countedUnknown.add(term);
        totalWeight += unknownWeight * emphasis;
        continue;
      }
      if (countedIn[posting.slot] === unigramStamp) continue;
      countedIn[posting.slot] = unigramStamp;
      const { indexes, typical, idf: weight } = posting;
      totalWeight += weight * emphasis;
      knownWeight += weight * emphasis;
      // An entry that would not be kept is not made: most terms and profiles miss the few places.
      if (query.length < QUERY_TERMS || (query[QUERY_TERMS - 1] as { weight: number }).weight < weight)
        keepBest(query, { term, weight }, QUERY_TERMS, weightOf);
      for (let at = 0; at < indexes.length; at++) {
        const index = indexes[at] as number;
        evidence[index] = (evidence[index] as number) + emphasis * weight * (typical[at] as number);
      }
    }
    if (knownWeight === 0) return null;
    // Bigram evidence is added on top, so the best possible score stays 1 ("everything explained").
    let possible = knownWeight;
    // Bigrams of neighbouring terms (see termsOf), each distinct one once; an unknown one counts for nothing.
    for (let u = 1; u < unigrams.length; u++) {
      const first = unigrams[u - 1] as string;
      const second = unigrams[u] as string;
      const posting = pairAfter(first, second, entryAt[u - 1], entryAt[u]);
      if (posting === undefined || countedIn[posting.slot] === bigramStamp) continue;
      countedIn[posting.slot] = bigramStamp;
      const { indexes, typical, idf: weight } = posting;
      const emphasis = focus?.has(pairTerm(first, second)) ? FOCUS_WEIGHT : 1;
      possible += BIGRAM_BOOST * weight * emphasis;
      for (let at = 0; at < indexes.length; at++) {
        const index = indexes[at] as number;
        evidence[index] =
          (evidence[index] as number) + emphasis * BIGRAM_BOOST * weight * (typical[at] as number);
      }
    }
    const coverage = knownWeight / totalWeight;
    const ranked: Ranked[] = [];
    for (let index = 0; index < profiles.length; index++) {
      const value = evidence[index] as number;
      if (value <= 0 || closed[index] === 1) continue;
      if (!onTopic && !allowedWithoutDomain((profiles[index] as IntentProfile).id)) continue;
      const share = value / possible;
      if (ranked.length < RERANK || (ranked[RERANK - 1] as Ranked).score < share)
        keepBest(ranked, { index, score: share }, RERANK, scoreOf);
    }

    // Step 3: the closest single example of the best candidates, with the most distinctive terms.
    const queryWeight = query.reduce((sum, entry) => sum + entry.weight, 0);
    const clearWinner = (ranked[0]?.score ?? 0) - (ranked[1]?.score ?? 0) > RERANK_MARGIN;
    const emphasisScale = focus ? FOCUS_WEIGHT : 1;
    const scored: IntentCandidate[] = ranked.map(({ index, score: evidenceScore }) => {
      const similarity = clearWinner ? evidenceScore : bestExample(index, query, queryWeight);
      const combined = EVIDENCE_WEIGHT * evidenceScore + EXAMPLE_WEIGHT * similarity;
      // Strong absolute evidence (several distinctive words) and little unknown vocabulary both raise trust.
      const strength = 1 - Math.exp(-(evidence[index] as number) / emphasisScale / settings.evidenceScale);
      return {
        intent: (profiles[index] as IntentProfile).id,
        confidence: combined * strength * coverage ** settings.coveragePower,
      };
    });
    return decide(scored);
  };

  /**
   * Without any cramp word only small talk can match, and it must match clearly: a general question that
   * shares one word with "who reads my messages" ("my blood sugar reading") is out of scope.
   */
  const offTopicFloor = (result: Classification | null, onTopic: boolean): Classification | null =>
    !onTopic && result?.intent && result.confidence < OFF_TOPIC_MIN_CONFIDENCE
      ? { ...result, intent: null }
      : result;

  /** `stems`: the words' stems. */
  const isVague = (words: string[], stems: readonly string[]): boolean => {
    if (vagueWords.size === 0 || words.length > VAGUE_MAX_WORDS) return false;
    // A question of five or six words ("is a cramp a muscle spasm") asks something even with vague words.
    if (words.length > VAGUE_QUESTION_MAX_WORDS && QUESTION_START.has(words[0] as string)) return false;
    // "that helped", "very helpful": a form of a plea word that is not itself a plea says something.
    if (words.some((word, i) => pleaWords.has(stems[i] as string) && !pleaForms.has(word))) return false;
    const unigrams = unigramsOf(words, stems);
    const unique = new Set(unigrams);
    return (
      unique.size > 0 && unique.size <= VAGUE_MAX_TERMS && [...unique].every((term) => vagueWords.has(term))
    );
  };

  const classify = (
    text: string,
    context: { lastIntent: string | null } = { lastIntent: null },
  ): Classification => {
    const whole = classifyText(text, context);
    const result =
      whole.intent && openers.has(whole.intent) ? (smallTalkOpenerDropped(text, context) ?? whole) : whole;
    if (shortFloor === 0 || !result.intent || result.confidence >= shortFloor) return result;
    // A short follow-up to the last answer ("а детям?") is read in its light, not held to the floor.
    if (context.lastIntent !== null) return result;
    if (tokens(normalise(text)).length >= LONG_MIN_WORDS) return result;
    return { ...result, intent: null };
  };

  /**
   * "hi, what can you do?", "привет, почему сводит икры?": a greeting opening a message that goes on to ask
   * something is manners, and what follows is what is asked (vocabulary.yaml opener_intents). Null when the
   * message is not a greeting then more, or what follows is not understood on its own (the whole decides).
   */
  const smallTalkOpenerDropped = (
    text: string,
    context: { lastIntent: string | null },
  ): Classification | null => {
    const parts = clauses(normalise(text));
    if (parts.length < 2) return null;
    const opener = classifyText((parts[0] as string[]).join(' '), context);
    if (!opener.intent || !openers.has(opener.intent)) return null;
    const rest = classifyText(
      parts
        .slice(1)
        .map((words) => words.join(' '))
        .join(' . '),
      context,
    );
    if (!rest.intent || rest.intent === opener.intent) return null;
    // Small talk after the greeting ("hello, anyone there?") is still small talk unless plainly asked.
    return conversational.has(rest.intent) && rest.confidence < SURE_SMALL_TALK ? null : rest;
  };

  const classifyText = (text: string, context: { lastIntent: string | null }): Classification => {
    const normalised = normalise(text);
    const typed = tokens(normalised);
    const { words, surface } = prepare(typed, affirmed(normalised, typed));
    const followsUp = context.lastIntent !== null && surface.length <= FOLLOW_UP_MAX_WORDS;
    const stems = words.map(stem);
    const onTopic = followsUp || domain.isAbout(words, stems);
    // Long "words" (a pasted token, keyboard mashing) skip the whole-message fuzzy match: no short example
    // is that long anyway.
    const short =
      surface.length > 0 &&
      ((surface.length <= SHORT_MAX_WORDS && joinedLength(surface) <= 40) ||
        (joinedLength(surface) <= CONTENTLESS_MAX_CHARS && contentless(surface)));
    const named = surface.length <= TOPIC_NAME_MAX_WORDS ? topicNames.get(stems.join(' ')) : undefined;
    if (named && !followsUp) return { intent: named, confidence: TOPIC_NAME_CONFIDENCE, runnersUp: [] };
    if (isVague(words, stems) && !followsUp) {
      const plea = vocabulary?.plea;
      const crying = plea && stems.some((term) => pleaWords.has(term));
      const aboutCramp = stems.some((term) => domainWords.has(term));
      if (plea && crying && aboutCramp) return { intent: plea.intent, confidence: 0.5, runnersUp: [] };
      // Spelled out: a spread adding a key takes a slow path in Node 20 (see objects.ts).
      return { intent: null, confidence: 0, runnersUp: NOTHING.runnersUp, vague: true };
    }

    // Fewer than two sentences are never used.
    const sentences = surface.length >= LONG_MIN_WORDS && maySplit(text) ? sentencesOf(text) : [];
    const focus = sentences.length >= 2 ? focusTerms(sentences) : null;
    const whole = offTopicFloor(score(words, onTopic, focus, stems), onTopic);
    // The question of a long message, read on its own, wins when the whole is only weakly understood (the
    // story drowned it) and the question alone is understood better; a clear whole keeps the story's topic
    // ("swimming ... how do I prevent it?" is about swimming).
    const weakWhole = !whole?.intent || whole.confidence < WEAK_WHOLE_CONFIDENCE;
    const asked = focus && onTopic && weakWhole ? askedAlone(sentences) : null;
    if (asked?.intent && asked.confidence > (whole?.intent ? whole.confidence : 0)) return asked;
    // Small talk is checked too: "should I see a doctor about them" asks about the cramps, not about the bot.
    const referring = !onTopic && !followsUp ? refersBack(surface, words) : null;
    if (referring && referring.confidence > (whole?.intent ? whole.confidence : 0)) return referring;
    if (whole?.intent) return whole;
    if (short) {
      const shortHit = classifyShort(surface, onTopic);
      if (shortHit) return shortHit;
    }
    // Only a message about cramps is read sentence by sentence, and only for cramp topics: a story about a
    // kitchen that ends in "thanks" is still out of scope.
    if (sentences.length >= 2 && onTopic && !followsUp) {
      const bySentence = classifySentences(sentences);
      if (bySentence) return bySentence;
    }
    return whole ?? NOTHING;
  };

  /**
   * A message to a cramp bot that names no cramp word but points back at them ("how do I stop them", "what
   * vitamins help with them", "should I drink water when I get one") is about cramps when every content word
   * is one the knowledge base uses and it fits a cramp topic clearly. A word the knowledge base has never
   * seen ("my nosebleeds", "panic attacks") or another body part ("my stomach cramps") keeps it out of scope.
   */
  const refersBack = (surface: string[], words: string[]): Classification | null => {
    if (!surface.some(pointsBack) || !domain.namesNothing(words)) return null;
    const { unigrams } = termsOf(words);
    // One word the knowledge base has never seen ("in the future", "my triggers") may sit in a question
    // that is plainly about the cramps, if the rest fits a topic clearly; two or more ("my nosebleeds at
    // night") make it another subject.
    const unknown = unigrams.filter((term) => idf(term) === 0).length;
    if (unknown > 1 || (unknown === 1 && unigrams.length < 3)) return null;
    const result = score(words, true, null);
    if (!result?.intent || conversational.has(result.intent)) return null;
    const needed = unknown === 0 ? REFERRING_MIN_CONFIDENCE : REFERRING_WITH_UNKNOWN_MIN_CONFIDENCE;
    return result.confidence >= needed ? result : null;
  };

  /** Terms of the sentences that ask (or, without a question, of the last sentence), to weigh above the story. */
  const focusTerms = (sentences: Sentence[]): Set<string> | null => {
    const asking = sentences.filter((sentence) => sentence.question);
    const chosen = asking.length ? asking : sentences.slice(-1);
    if (chosen.length === sentences.length) return null;
    const terms = new Set<string>();
    let unigramCount = 0;
    for (const sentence of chosen) {
      const { unigrams, bigrams } = termsOf(prepare(sentence.words).words);
      for (const term of unigrams) terms.add(term);
      for (const term of bigrams) terms.add(term);
      unigramCount += unigrams.length;
    }
    // "...cramps in the legs every night. connected?", "is this common?": a one-word question that only asks
    // how things stand (vocabulary.yaml asking_words) names no topic; weighing it above the story would let
    // that word decide. Any other lone word ("это из за жары?") still names what is asked.
    if (unigramCount >= FOCUS_MIN_TERMS) return terms;
    const [only] = terms;
    return only !== undefined && !namesNoTopic(only) ? terms : null;
  };

  /** The question sentences of a long message together, as if sent alone (cramp topics only). */
  const askedAlone = (sentences: Sentence[]): Classification | null => {
    const asking = sentences.filter((sentence) => sentence.question);
    if (asking.length === 0 || asking.length === sentences.length) return null;
    const { words } = prepare(asking.flatMap((sentence) => sentence.words));
    // Russian: "что можно сделать?" alone says nothing of the topic, the story around it does. English
    // questions carry their own topic words more often ("what can I do to stop it happening again?").
    if (!english && domainWords.size > 0 && !words.some((word) => domainWords.has(stem(word)))) return null;
    // "Is this a known thing and why?": a question made only of asking words names no topic (see focusTerms).
    const { unigrams } = termsOf(words);
    if (unigrams.every((term) => namesNoTopic(term) || QUESTION_WORDS.has(term))) return null;
    const result = score(words, true, null);
    return result?.intent && !conversational.has(result.intent) ? result : null;
  };

  /** A long message not understood as a whole: the best-understood sentence, question sentences first. */
  const classifySentences = (sentences: Sentence[]): Classification | null => {
    let best: Classification | null = null;
    const ordered = [...sentences]
      .sort((a, b) => Number(b.question) - Number(a.question))
      .slice(0, MAX_SENTENCES);
    for (const sentence of ordered) {
      const { words } = prepare(sentence.words);
      const result = score(words, true, null);
      if (!result?.intent || conversational.has(result.intent)) continue;
      if (sentence.question) return result;
      if (!best || result.confidence > best.confidence) best = result;
    }
    return best;
  };

  return { classify };
};

export type Matcher = ReturnType<typeof createMatcher>;
