import type { KnowledgeBase } from '../kb/load.js';
import type { FuzzyIndex } from '../normalise/fuzzy.js';

/**
 * The part of a matcher that is built from the knowledge base alone: per-topic term shares, the inverted
 * index, example weights and the spelling index. Building it was most of a warm start (createMatcher
 * normalises, rewrites and counts every example), so a compiled snapshot (kb/compiled.ts) stores it with the
 * knowledge base it was built from and hands it back here; createMatcher then only wires it up.
 *
 * It depends on the knowledge base and the language only (never on thresholds or other options), and is
 * only ever handed back for the very objects it was built from, so a changed copy ({ ...kb, idioms }) builds
 * its own. The structures are read-only once built, so matchers may share them.
 */
export interface MatcherIndex {
  profiles: Array<{
    id: string;
    share: Map<string, number>;
    examplesWith: Map<string, number[]>;
    exampleCount: number;
  }>;
  /** Final: every word added while building is already in it (adding one again changes nothing). */
  surfaceVocabulary: Set<string>;
  postings: Map<string, { indexes: readonly number[]; typical: readonly number[]; idf: number }>;
  exampleWeights: number[][];
  /** The spelling corrector's typo index over `surfaceVocabulary` (absent: the corrector builds it). */
  speller?: Pick<FuzzyIndex, 'lookupUnmemoised' | 'mayStartNear'>;
}

/** What else, besides kb.intents (the key), the index was built from. */
interface Stored {
  idioms: KnowledgeBase['idioms'];
  vocabulary: KnowledgeBase['vocabulary'];
  vocabularies: KnowledgeBase['vocabularies'];
  byLang: Map<string, MatcherIndex>;
}

const stored = new WeakMap<KnowledgeBase['intents'], Stored>();

const entryFor = (kb: KnowledgeBase, create: boolean): Stored | undefined => {
  const entry = stored.get(kb.intents);
  if (
    entry &&
    entry.idioms === kb.idioms &&
    entry.vocabulary === kb.vocabulary &&
    entry.vocabularies === kb.vocabularies
  )
    return entry;
  if (!create) return undefined;
  const fresh: Stored = {
    idioms: kb.idioms,
    vocabulary: kb.vocabulary,
    vocabularies: kb.vocabularies,
    byLang: new Map(),
  };
  stored.set(kb.intents, fresh);
  return fresh;
};

/** The index stored for this knowledge base and language, or undefined: then createMatcher builds it. */
export const prebuiltIndex = (kb: KnowledgeBase, lang: string): MatcherIndex | undefined =>
  entryFor(kb, false)?.byLang.get(lang);

/** Kept for a knowledge base just loaded (from a compiled snapshot, or built and just stored in one). */
export const rememberIndex = (kb: KnowledgeBase, lang: string, index: MatcherIndex): void => {
  entryFor(kb, true)?.byLang.set(lang, index);
};

/**
 * While `build` runs, createMatcher hands the index it built to `capture` (for a compiled snapshot to
 * store); at any other time offering one does nothing, so a matcher built in passing keeps nothing.
 */
let capturing: ((kb: KnowledgeBase, lang: string, index: MatcherIndex) => void) | null = null;

export const captureIndex = (
  build: () => void,
  capture: (kb: KnowledgeBase, lang: string, index: MatcherIndex) => void,
): void => {
  const previous = capturing;
  capturing = capture;
  try {
    build();
  } finally {
    capturing = previous;
  }
};

export const offerIndex = (kb: KnowledgeBase, lang: string, index: MatcherIndex): void => {
  capturing?.(kb, lang, index);
};
