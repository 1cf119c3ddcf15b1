import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { type LanguageWords, languageWords, rememberLanguageWords } from '../language/words.js';
import { answerWords, rememberAnswerWords } from '../match/answer-words.js';
import { createMatcher } from '../match/index.js';
import { captureIndex, type MatcherIndex, rememberIndex } from '../match/prebuilt.js';
import { FuzzyIndex, type PackedFuzzy } from '../normalise/fuzzy.js';
import { normalise, primeNormalise } from '../normalise/index.js';
import type { RedFlagRules } from '../triage/index.js';
import type { Element, Matcher, Pattern } from '../triage/match.js';
import { stemmerFor } from '../triage/stemmers.js';
import type { KnowledgeBase } from './load.js';
import type { SourceFiles } from './snapshot.js';

/**
 * A compiled snapshot: the whole knowledge base as loadKnowledgeBase built it (validated, cross-checked,
 * red-flag phrases compiled, typo indexes built), stored with V8's serializer. A warm start reads it back
 * instead of validating and compiling again, which was most of loadEngine()'s time.
 *
 * What the knowledge base is depends on the knowledge files AND on the code that builds it (schemas,
 * normaliser, compiler, stemmer). So its name is a hash of both: the knowledge files' names and bytes (as
 * for the YAML snapshot), the bytes of every source file of the engine as it runs now, the versions of the
 * packages that shape the result, the Node version (the serializer's format) and the working folder (file
 * names in error messages are relative to it). Change any of them and the name changes: a compiled snapshot
 * can never be older than the files or the code. It is only written after a load that passed every check.
 */

/** Bumped if what is stored changes shape; part of the hash. */
const FORMAT = 'crampbot-kb-compiled-5';
/** Packages whose code shapes the compiled result (parsing, validation, stemming). */
const SHAPING_PACKAGES = ['yaml', 'zod', '@nlpjs/lang-ru', '@nlpjs/core'] as const;
const SUFFIX = '.kb';

const require = createRequire(import.meta.url);

/**
 * The folder of the engine's code as it runs: src/engine when run from source (tsx, vitest), otherwise
 * the folder of the bundle or build this module sits in (dist/start holds the whole bot in a few chunks).
 */
const codeRoot = (): string => {
  const here = fileURLToPath(import.meta.url);
  const marker = `${sep}engine${sep}kb${sep}`;
  const at = here.lastIndexOf(marker);
  return at >= 0 ? here.slice(0, at + `${sep}engine`.length) : dirname(here);
};

const CODE_FILE = /\.(?:[cm]?js|ts)$/;

const hashCode = (digest: ReturnType<typeof createHash>, dir: string, shown: string): void => {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') hashCode(digest, join(dir, entry.name), `${shown}/${entry.name}`);
    } else if (CODE_FILE.test(entry.name)) {
      const bytes = readFileSync(join(dir, entry.name));
      digest.update(`\0${shown}/${entry.name}\0${bytes.length}\0`).update(bytes);
    }
  }
};

/**
 * Version of an installed package: the package.json in the first node_modules folder on the lookup path
 * that holds it, which is where require would find it (without resolving an entry point, which was most
 * of a warm start's fingerprint).
 */
const packageVersion = (name: string): string => {
  for (const dir of require.resolve.paths(name) ?? []) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, name, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === name) return manifest.version ?? '?';
    } catch {
      // not in this folder
    }
  }
  return '?'; // not installed: the load itself will say so
};

let codeHash: string | null = null;

/** Hash of everything besides the knowledge files that decides what a load builds; once per process. */
export const codeFingerprint = (): string => {
  if (codeHash === null) {
    const digest = createHash('sha256').update(FORMAT).update(process.version);
    hashCode(digest, codeRoot(), '');
    for (const name of SHAPING_PACKAGES) digest.update(`\0${name}@${packageVersion(name)}`);
    codeHash = digest.digest('hex');
  }
  return codeHash;
};

/** Name of the compiled snapshot of these knowledge files, built by this code from this folder. */
export const compiledName = (sources: SourceFiles): string =>
  `${createHash('sha256')
    .update(`${sources.hash}\0${codeFingerprint()}\0${process.cwd()}`)
    .digest('hex')}${SUFFIX}`;

export const isCompiledName = (name: string): boolean => name.endsWith(SUFFIX);

/** Red-flag rules as stored: functions (stemmers) cannot be serialized, their names are kept instead. */
const eachRules = (kb: KnowledgeBase): RedFlagRules[] => [
  kb.redFlags,
  ...[...kb.translations.values()].map((translation) => translation.redFlags),
];

/**
 * The red-flag phrases as flat tables. Stored as objects they were most of the snapshot's reading time
 * (about 13,000 phrases, each its own objects, each word string written again in every set holding it);
 * as tables they read back in a few milliseconds. Phrases, their elements and word sets stay shared as
 * built (matching keeps per-phrase and per-element marks by identity).
 */
interface PackedPhrases {
  /** Every word set, as `setSizes[i]` words of `setWords` in the set's order. */
  setWords: string[];
  setSizes: Int32Array;
  /** Per element: 0 = words (set index, negator 0/1), 1 = number (min, max). */
  elements: Float64Array;
  /** Per phrase: its element count, then `elementsOf` and `conceptsOf` as counts and flat indexes. */
  phraseElements: Int32Array;
  elementsOf: Int32Array;
  phraseConcepts: Int32Array;
  conceptsOf: Int32Array;
  /** Per phrase: bit 1 if unordered, bit 2 if its words must be side by side; and its id. */
  flags: Uint8Array;
  ids: Int32Array;
  firstWords: string[];
  firstSizes: Int32Array;
  firstPhrases: Int32Array;
  numberFirst: Int32Array;
}

interface PackedMatcher {
  phrases: PackedPhrases;
  fuzzy: PackedFuzzy;
  stemFuzzy: PackedFuzzy | undefined;
}

interface StoredPhrases {
  byFirstWord: Matcher['byFirstWord'];
  numberFirst: Matcher['numberFirst'];
  fuzzy: Matcher['fuzzy'];
  stemFuzzy: Matcher['stemFuzzy'];
}

const packPhrases = (matcher: Matcher): PackedPhrases => {
  const sets = new Map<ReadonlySet<string>, number>();
  const setWords: string[] = [];
  const setSizes: number[] = [];
  const elements = new Map<Element, number>();
  const elementData: number[] = [];
  const phrases = new Map<Pattern, number>();
  const phraseElements: number[] = [];
  const elementsOf: number[] = [];
  const phraseConcepts: number[] = [];
  const conceptsOf: number[] = [];
  const flags: number[] = [];
  const ids: number[] = [];
  const elementIndex = (element: Element): number => {
    let index = elements.get(element);
    if (index !== undefined) return index;
    index = elements.size;
    elements.set(element, index);
    if (element.kind === 'words') {
      let set = sets.get(element.words);
      if (set === undefined) {
        set = sets.size;
        sets.set(element.words, set);
        setWords.push(...element.words);
        setSizes.push(element.words.size);
      }
      elementData.push(0, set, element.negator ? 1 : 0);
    } else {
      elementData.push(1, element.min, element.max);
    }
    return index;
  };
  const phraseIndex = (pattern: Pattern): number => {
    let index = phrases.get(pattern);
    if (index !== undefined) return index;
    index = phrases.size;
    phrases.set(pattern, index);
    const keys = Object.keys(pattern).join(',');
    if (keys !== 'elements,concepts,unordered,adjacent,id')
      throw new Error(`compiled snapshot: a phrase has other fields (${keys})`);
    phraseElements.push(pattern.elements.length);
    for (const element of pattern.elements) elementsOf.push(elementIndex(element));
    phraseConcepts.push(pattern.concepts.length);
    conceptsOf.push(...pattern.concepts);
    flags.push((pattern.unordered ? 1 : 0) | (pattern.adjacent ? 2 : 0));
    ids.push(pattern.id);
    return index;
  };
  const firstWords: string[] = [];
  const firstSizes: number[] = [];
  const firstPhrases: number[] = [];
  for (const [word, list] of matcher.byFirstWord) {
    firstWords.push(word);
    firstSizes.push(list.length);
    for (const pattern of list) firstPhrases.push(phraseIndex(pattern));
  }
  const numberFirst = matcher.numberFirst.map(phraseIndex);
  return {
    setWords,
    setSizes: Int32Array.from(setSizes),
    elements: Float64Array.from(elementData),
    phraseElements: Int32Array.from(phraseElements),
    elementsOf: Int32Array.from(elementsOf),
    phraseConcepts: Int32Array.from(phraseConcepts),
    conceptsOf: Int32Array.from(conceptsOf),
    flags: Uint8Array.from(flags),
    ids: Int32Array.from(ids),
    firstWords,
    firstSizes: Int32Array.from(firstSizes),
    firstPhrases: Int32Array.from(firstPhrases),
    numberFirst: Int32Array.from(numberFirst),
  };
};

const unpackPhrases = (
  packed: PackedPhrases,
): { byFirstWord: Map<string, Pattern[]>; numberFirst: Pattern[] } => {
  const sets: ReadonlySet<string>[] = [];
  let at = 0;
  for (const size of packed.setSizes) {
    sets.push(new Set(packed.setWords.slice(at, at + size)));
    at += size;
  }
  const elements: Element[] = [];
  const data = packed.elements;
  for (let i = 0; i < data.length; i += 3) {
    elements.push(
      data[i] === 0
        ? {
            kind: 'words',
            words: sets[data[i + 1] as number] as ReadonlySet<string>,
            negator: data[i + 2] === 1,
          }
        : { kind: 'number', min: data[i + 1] as number, max: data[i + 2] as number },
    );
  }
  // Lists are sliced from whole arrays: exactly as long as built ones, where pushing leaves spare room in
  // every one of some 40,000 small arrays (megabytes, and `npm start` has little memory to spare).
  const allElements = Array.from(packed.elementsOf, (index) => elements[index] as Element);
  const allConcepts = Array.from(packed.conceptsOf);
  const phrases: Pattern[] = [];
  let elementAt = 0;
  let conceptAt = 0;
  for (let i = 0; i < packed.ids.length; i++) {
    const elementCount = packed.phraseElements[i] as number;
    const conceptCount = packed.phraseConcepts[i] as number;
    phrases.push({
      elements: allElements.slice(elementAt, elementAt + elementCount),
      concepts: allConcepts.slice(conceptAt, conceptAt + conceptCount),
      unordered: ((packed.flags[i] as number) & 1) !== 0,
      adjacent: ((packed.flags[i] as number) & 2) !== 0,
      id: packed.ids[i] as number,
    });
    elementAt += elementCount;
    conceptAt += conceptCount;
  }
  const byFirstWord = new Map<string, Pattern[]>();
  at = 0;
  const allFirst = Array.from(packed.firstPhrases, (index) => phrases[index] as Pattern);
  packed.firstWords.forEach((word, i) => {
    const size = packed.firstSizes[i] as number;
    byFirstWord.set(word, allFirst.slice(at, at + size));
    at += size;
  });
  const numberFirst = Array.from(packed.numberFirst, (index) => phrases[index] as Pattern);
  return { byFirstWord, numberFirst };
};

/**
 * The English matcher's index and its spelling index (only English is matched at start-up; another language
 * builds its own on its first message). Built once here and kept for `kb`, so the engine made from this
 * load does not build it again.
 */
const englishIndex = (kb: KnowledgeBase): { index: MatcherIndex; speller: FuzzyIndex } | null => {
  let found: MatcherIndex | null = null;
  captureIndex(
    () => createMatcher(kb, { lang: 'en' }),
    (built, lang, index) => {
      if (built === kb && lang === 'en') found = index;
    },
  );
  if (!found) return null;
  const index: MatcherIndex = found;
  // As createSpellingCorrector builds it from the same words.
  const speller = new FuzzyIndex(new Set(index.surfaceVocabulary), []);
  rememberIndex(kb, 'en', { ...index, speller });
  return { index, speller };
};

/**
 * The index as flat tables, as the red-flag phrases are (see PackedPhrases): as objects (some 4,000 postings,
 * a map per topic) the serializer took longer to read it back than createMatcher took to build it. Terms are
 * stored once (the postings' keys, which hold every term of every topic) and referred to by position; every
 * map is written in its own order, so it reads back in the order it was built in.
 */
interface PackedIndex {
  terms: string[];
  /** Per term: its intents' count, then `indexes` and `typical` as flat lists; and its idf. */
  postingSizes: Int32Array;
  postingIndexes: Int32Array;
  postingTypical: Float64Array;
  idf: Float64Array;
  ids: string[];
  exampleCounts: Int32Array;
  /** Per topic: its share map's size, then terms (by position) and shares as flat lists. */
  shareSizes: Int32Array;
  shareTerms: Int32Array;
  shares: Float64Array;
  /** Per topic: its examplesWith map's size; per entry the term, the example count, then the examples. */
  withSizes: Int32Array;
  withTerms: Int32Array;
  withCounts: Int32Array;
  withExamples: Int32Array;
  /** Per topic: its example count (as exampleWeights holds them), then the weights. */
  weightSizes: Int32Array;
  weights: Float64Array;
  surfaceVocabulary: string[];
  speller: PackedFuzzy;
}

const packIndex = (index: MatcherIndex, spellerIndex: FuzzyIndex): PackedIndex => {
  const terms = [...index.postings.keys()];
  const position = new Map(terms.map((term, i) => [term, i]));
  const at = (term: string): number => {
    const found = position.get(term);
    if (found === undefined) throw new Error(`compiled snapshot: "${term}" has no posting`);
    return found;
  };
  const postings = [...index.postings.values()];
  const profiles = index.profiles;
  const shares = profiles.flatMap((profile) => [...profile.share]);
  const withs = profiles.flatMap((profile) => [...profile.examplesWith]);
  return {
    terms,
    postingSizes: Int32Array.from(postings, (posting) => posting.indexes.length),
    postingIndexes: Int32Array.from(postings.flatMap((posting) => posting.indexes)),
    postingTypical: Float64Array.from(postings.flatMap((posting) => posting.typical)),
    idf: Float64Array.from(postings, (posting) => posting.idf),
    ids: profiles.map((profile) => profile.id),
    exampleCounts: Int32Array.from(profiles, (profile) => profile.exampleCount),
    shareSizes: Int32Array.from(profiles, (profile) => profile.share.size),
    shareTerms: Int32Array.from(shares, ([term]) => at(term)),
    shares: Float64Array.from(shares, ([, share]) => share),
    withSizes: Int32Array.from(profiles, (profile) => profile.examplesWith.size),
    withTerms: Int32Array.from(withs, ([term]) => at(term)),
    withCounts: Int32Array.from(withs, ([, examples]) => examples.length),
    withExamples: Int32Array.from(withs.flatMap(([, examples]) => examples)),
    weightSizes: Int32Array.from(index.exampleWeights, (weights) => weights.length),
    weights: Float64Array.from(index.exampleWeights.flat()),
    surfaceVocabulary: [...index.surfaceVocabulary],
    speller: spellerIndex.pack(),
  };
};

/** Lists are sliced from whole arrays, as in unpackPhrases: exactly as long as built ones. */
const unpackIndex = (packed: PackedIndex): MatcherIndex => {
  const { terms } = packed;
  const postings: MatcherIndex['postings'] = new Map();
  const allIndexes = Array.from(packed.postingIndexes);
  const allTypical = Array.from(packed.postingTypical);
  let from = 0;
  terms.forEach((term, i) => {
    const size = packed.postingSizes[i] as number;
    postings.set(term, {
      indexes: allIndexes.slice(from, from + size),
      typical: allTypical.slice(from, from + size),
      idf: packed.idf[i] as number,
    });
    from += size;
  });
  const allExamples = Array.from(packed.withExamples);
  const allWeights = Array.from(packed.weights);
  let shareAt = 0;
  let withAt = 0;
  let exampleAt = 0;
  let weightAt = 0;
  const profiles: MatcherIndex['profiles'] = [];
  const exampleWeights: number[][] = [];
  packed.ids.forEach((id, p) => {
    const share = new Map<string, number>();
    for (let end = shareAt + (packed.shareSizes[p] as number); shareAt < end; shareAt++)
      share.set(terms[packed.shareTerms[shareAt] as number] as string, packed.shares[shareAt] as number);
    const examplesWith = new Map<string, number[]>();
    for (let end = withAt + (packed.withSizes[p] as number); withAt < end; withAt++) {
      const count = packed.withCounts[withAt] as number;
      examplesWith.set(
        terms[packed.withTerms[withAt] as number] as string,
        allExamples.slice(exampleAt, exampleAt + count),
      );
      exampleAt += count;
    }
    profiles.push({ id, share, examplesWith, exampleCount: packed.exampleCounts[p] as number });
    const weightCount = packed.weightSizes[p] as number;
    exampleWeights.push(allWeights.slice(weightAt, weightAt + weightCount));
    weightAt += weightCount;
  });
  return {
    profiles,
    surfaceVocabulary: new Set(packed.surfaceVocabulary),
    postings,
    exampleWeights,
    speller: lazyIndex(packed.speller),
  };
};

/**
 * The spelling index is only looked at for a word no example uses, so it is unpacked then: a start-up (and
 * an ordinary first message) skips a third of the snapshot's typo-index reading.
 */
const lazyIndex = (packed: PackedFuzzy): Pick<FuzzyIndex, 'lookupUnmemoised' | 'mayStartNear'> => {
  let index: FuzzyIndex | undefined;
  return {
    lookupUnmemoised: (word) => {
      index ??= FuzzyIndex.unpack(packed);
      return index.lookupUnmemoised(word);
    },
    mayStartNear: (word) => {
      index ??= FuzzyIndex.unpack(packed);
      return index.mayStartNear(word);
    },
  };
};

/** Every intent example, in a fixed order (the knowledge base's own texts, never a message). */
const examplesOf = (kb: KnowledgeBase): string[] =>
  [...kb.intents.values()].flatMap((intent) => [...intent.examples.values()].flat());

/**
 * Other texts an engine normalises as it is made: idiom phrases (and the words around a `#` number slot),
 * what they mean, topic names, follow-on phrases, cues and fillers, people words. Normalised at start-up
 * they were a sixth of a warm load.
 */
const phrasesOf = (kb: KnowledgeBase): string[] => {
  const vocabularies = [kb.vocabulary, ...(kb.vocabularies?.values() ?? [])];
  const rewrites = [...(kb.idioms?.rewrites ?? []), ...vocabularies.flatMap((v) => v?.rewrites ?? [])];
  return [
    ...rewrites.flatMap((rewrite) => [
      rewrite.means,
      ...rewrite.phrases.flatMap((phrase) => [phrase, ...phrase.split(' ')]),
    ]),
    ...vocabularies.flatMap((v) => Object.values(v?.topic_names ?? {}).flat()),
    ...vocabularies.flatMap((v) =>
      Object.values(v?.follow_ons ?? {}).flatMap((entry) => [...entry.phrases, ...entry.cues]),
    ),
    ...vocabularies.flatMap((v) => [...(v?.follow_on_fillers ?? []), ...(v?.people_words ?? [])]),
    ...(kb.idioms?.people_words ?? []),
  ];
};

const LAZY_FIELDS = ['byFirstWord', 'numberFirst', 'fuzzy', 'stemFuzzy'] as const;

/**
 * The red-flag phrases and typo indexes were a third of a warm load (reading them back, then rebuilding the
 * tables), and a start-up never needs them before the first message: the matchers get them on first use.
 * Each field reads all of them back, then they become plain fields again, as built.
 */
const lazyPhrases = (matchers: Matcher[], bytes: Uint8Array): void => {
  const unpack = (): void => {
    const packed = deserialize(bytes) as PackedMatcher[];
    for (const [i, matcher] of matchers.entries()) {
      const own = packed[i] as PackedMatcher;
      const fields: Partial<Record<(typeof LAZY_FIELDS)[number], unknown>> = {
        ...unpackPhrases(own.phrases),
        fuzzy: FuzzyIndex.unpack(own.fuzzy),
      };
      if (own.stemFuzzy) fields.stemFuzzy = FuzzyIndex.unpack(own.stemFuzzy);
      for (const key of LAZY_FIELDS)
        if (Object.hasOwn(matcher, key))
          Object.defineProperty(matcher, key, {
            value: fields[key],
            writable: true,
            enumerable: true,
            configurable: true,
          });
    }
  };
  for (const matcher of matchers)
    for (const key of LAZY_FIELDS) {
      // A matcher without a stem index was stored without the field (encodeCompiled).
      if (!Object.hasOwn(matcher, key)) continue;
      Object.defineProperty(matcher, key, {
        get() {
          unpack();
          return (matcher as unknown as Record<string, unknown>)[key];
        },
        enumerable: true,
        configurable: true,
      });
    }
};

/** Stored beside the knowledge base: the language detector's words, drawn from it (language/words.ts). */
export const encodeCompiled = (name: string, kb: KnowledgeBase): Buffer => {
  const english = englishIndex(kb);
  const matchers = [...new Set(eachRules(kb).map((rules) => rules.matcher))];
  const stemmers = matchers.map((matcher) => matcher.stemmers);
  // The concepts as written (a third of the snapshot) only serve building and the clinical review of
  // kb:lint, which reads the files afresh; answering uses the compiled matcher.
  const allSources = [...new Set(eachRules(kb).map((rules) => rules.sources))];
  const concepts = allSources.map((sources) => sources.concepts);
  const kept: StoredPhrases[] = matchers.map(({ byFirstWord, numberFirst, fuzzy, stemFuzzy }) => ({
    byFirstWord,
    numberFirst,
    fuzzy,
    stemFuzzy,
  }));
  const packed = matchers.map(
    (matcher): PackedMatcher => ({
      phrases: packPhrases(matcher),
      fuzzy: matcher.fuzzy.pack(),
      stemFuzzy: matcher.stemFuzzy?.pack(),
    }),
  );
  try {
    for (const sources of allSources) sources.concepts = new Map();
    for (const matcher of matchers) {
      const stored = matcher as unknown as Record<string, unknown>;
      matcher.stemmers = [];
      stored.byFirstWord = null;
      stored.numberFirst = null;
      stored.fuzzy = null;
      if (matcher.stemFuzzy) stored.stemFuzzy = null;
    }
    return serialize({
      name,
      kb,
      languageWords: languageWords(kb),
      normalised: examplesOf(kb).map(normalise),
      phrases: [...new Set(phrasesOf(kb))].map((phrase) => [phrase, normalise(phrase)]),
      answerWords: [...answerWords(kb)],
      // Serialized apart, so a load reads it only when a message first reaches the red-flag matcher.
      matchers: serialize(packed),
      matcherCount: packed.length,
      index: english && packIndex(english.index, english.speller),
    });
  } finally {
    matchers.forEach((matcher, i) => {
      matcher.stemmers = stemmers[i] ?? [];
      const { stemFuzzy, ...rest } = kept[i] as StoredPhrases;
      Object.assign(matcher, rest, stemFuzzy ? { stemFuzzy } : {});
    });
    allSources.forEach((sources, i) => {
      sources.concepts = concepts[i] ?? new Map();
    });
  }
};

/** The knowledge base stored under `name`, or null if the bytes are not one (damaged, other format). */
export const decodeCompiled = (name: string, bytes: Buffer): KnowledgeBase | null => {
  const stored = deserialize(bytes) as {
    name?: unknown;
    kb?: KnowledgeBase;
    languageWords?: LanguageWords;
    /** Normalised examples, in the order of examplesOf (the examples themselves are in `kb`). */
    normalised?: string[];
    /** Texts of phrasesOf with their normalised forms. */
    phrases?: Array<[string, string]>;
    /** Words of the answers (match/answer-words.ts), so the matcher need not tokenise every answer. */
    answerWords?: string[];
    /** The red-flag matchers' phrases and typo indexes, in eachRules order (see PackedPhrases), serialized. */
    matchers?: Uint8Array;
    matcherCount?: number;
    /** The English intent matcher's index (match/prebuilt.ts), null when building it failed. */
    index?: PackedIndex | null;
  } | null;
  if (stored?.name !== name || !stored.kb || !stored.languageWords || !stored.normalised) return null;
  const kb = stored.kb;
  rememberLanguageWords(kb, stored.languageWords);
  if (stored.answerWords) rememberAnswerWords(kb.answers, stored.answerWords);
  const normalised = stored.normalised;
  const examples = examplesOf(kb);
  if (examples.length === normalised.length)
    primeNormalise(examples.map((example, i): [string, string] => [example, normalised[i] as string]));
  if (stored.phrases) primeNormalise(stored.phrases);
  // The serializer keeps data, not classes or functions: give the typo indexes back their methods and
  // the matchers their stemmers. Shared objects stay shared (one matcher serves every language).
  const matchers = [...new Set(eachRules(kb).map((rules) => rules.matcher))];
  if (!stored.matchers || stored.matcherCount !== matchers.length) return null;
  for (const matcher of matchers) matcher.stemmers = matcher.stemmerNames.map(stemmerFor);
  lazyPhrases(matchers, stored.matchers);
  if (stored.index) rememberIndex(kb, 'en', unpackIndex(stored.index));
  return kb;
};
