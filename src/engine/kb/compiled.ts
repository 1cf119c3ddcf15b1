import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, parse, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { type LanguageWords, languageWords, rememberLanguageWords } from '../language/words.js';
import { answerWords, rememberAnswerWords } from '../match/answer-words.js';
import { FuzzyIndex } from '../normalise/fuzzy.js';
import { normalise, primeNormalise } from '../normalise/index.js';
import type { RedFlagRules } from '../triage/index.js';
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
const FORMAT = 'crampbot-kb-compiled-1';
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

/** Version of an installed package, found from its entry point (packages may not export package.json). */
const packageVersion = (name: string): string => {
  try {
    let dir = dirname(require.resolve(name));
    while (dir !== parse(dir).root) {
      try {
        const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
          name?: string;
          version?: string;
        };
        if (manifest.name === name) return manifest.version ?? '?';
      } catch {
        // no package.json at this level
      }
      dir = dirname(dir);
    }
  } catch {
    // not installed: the load itself will say so
  }
  return '?';
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

/** Every intent example, in a fixed order (the knowledge base's own texts, never a message). */
const examplesOf = (kb: KnowledgeBase): string[] =>
  [...kb.intents.values()].flatMap((intent) => [...intent.examples.values()].flat());

/** Stored beside the knowledge base: the language detector's words, drawn from it (language/words.ts). */
export const encodeCompiled = (name: string, kb: KnowledgeBase): Buffer => {
  const matchers = [...new Set(eachRules(kb).map((rules) => rules.matcher))];
  const stemmers = matchers.map((matcher) => matcher.stemmers);
  // The concepts as written (a third of the snapshot) only serve building and the clinical review of
  // kb:lint, which reads the files afresh; answering uses the compiled matcher.
  const allSources = [...new Set(eachRules(kb).map((rules) => rules.sources))];
  const concepts = allSources.map((sources) => sources.concepts);
  try {
    for (const sources of allSources) sources.concepts = new Map();
    for (const matcher of matchers) matcher.stemmers = [];
    return serialize({
      name,
      kb,
      languageWords: languageWords(kb),
      normalised: examplesOf(kb).map(normalise),
      answerWords: [...answerWords(kb.answers)],
    });
  } finally {
    matchers.forEach((matcher, i) => {
      matcher.stemmers = stemmers[i] ?? [];
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
    /** Words of the answers (match/answer-words.ts), so the matcher need not tokenise every answer. */
    answerWords?: string[];
  } | null;
  if (stored?.name !== name || !stored.kb || !stored.languageWords || !stored.normalised) return null;
  const kb = stored.kb;
  rememberLanguageWords(kb, stored.languageWords);
  if (stored.answerWords) rememberAnswerWords(kb.answers, stored.answerWords);
  const normalised = stored.normalised;
  const examples = examplesOf(kb);
  if (examples.length === normalised.length)
    primeNormalise(examples.map((example, i): [string, string] => [example, normalised[i] as string]));
  // The serializer keeps data, not classes or functions: give the typo indexes back their methods and
  // the matchers their stemmers. Shared objects stay shared (one matcher serves every language).
  for (const matcher of new Set(eachRules(kb).map((rules) => rules.matcher))) {
    Object.setPrototypeOf(matcher.fuzzy, FuzzyIndex.prototype);
    if (matcher.stemFuzzy) Object.setPrototypeOf(matcher.stemFuzzy, FuzzyIndex.prototype);
    matcher.stemmers = matcher.stemmerNames.map(stemmerFor);
  }
  return kb;
};
