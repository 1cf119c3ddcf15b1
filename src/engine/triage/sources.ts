/**
 * Reads red-flag knowledge from disk. Two layouts:
 * - a directory (knowledge/red-flags/): one rules file per family (`<family>.yaml`) and one concept
 *   lexicon per language (`lexicons/<code>.yaml`), so a new language adds a lexicon, never rules;
 * - a single file holding `concepts`, `rules` and `not_typos` together (small test fixtures).
 * Every phrase and rule remembers the file and field it came from, so errors name both.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { z } from 'zod';
import { fromZodError, KnowledgeError } from '../kb/errors.js';
import { parseKnowledgeYaml } from '../kb/yaml.js';
import {
  type ContextFile,
  contextFileSchema,
  lexiconFileSchema,
  type RuleFile,
  redFlagsFileSchema,
  ruleFamilyFileSchema,
  type STEMMER_NAMES,
} from './schema.js';

export type StemmerName = (typeof STEMMER_NAMES)[number];

export interface SourcedPhrase {
  text: string;
  file: string;
  /** e.g. `concepts.swollen.3` */
  field: string;
  stemmer: StemmerName | undefined;
}

export interface SourcedConcept {
  /** Where the concept was first defined (for "unused" errors). */
  file: string;
  field: string;
  phrases: SourcedPhrase[];
}

export interface SourcedRule {
  rule: RuleFile;
  file: string;
  /** e.g. `rules.2` */
  field: string;
}

export interface RedFlagSources {
  concepts: Map<string, SourcedConcept>;
  rules: SourcedRule[];
  notTypos: string[];
  /** The files read, relative to the working directory. */
  files: string[];
  /** How time, worry, numbers and earlier turns change meaning (context.yaml), with its file. */
  context: { file: string; data: ContextFile } | null;
}

const emptySources = (): RedFlagSources => ({
  concepts: new Map(),
  rules: [],
  notTypos: [],
  files: [],
  context: null,
});

const addConcepts = (
  sources: RedFlagSources,
  file: string,
  concepts: Record<string, string[]>,
  stemmer: StemmerName | undefined,
): void => {
  for (const [name, phrases] of Object.entries(concepts)) {
    let concept = sources.concepts.get(name);
    if (!concept) {
      concept = { file, field: `concepts.${name}`, phrases: [] };
      sources.concepts.set(name, concept);
    }
    phrases.forEach((text, at) => {
      concept.phrases.push({ text, file, field: `concepts.${name}.${at}`, stemmer });
    });
  }
};

const addRules = (sources: RedFlagSources, file: string, rules: RuleFile[]): void => {
  rules.forEach((rule, index) => {
    sources.rules.push({ rule, file, field: `rules.${index}` });
  });
};

const parseWith = <T>(schema: z.ZodType<T>, data: unknown, file: string): T => {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw fromZodError(file, parsed.error);
  return parsed.data;
};

/** Red-flag data already parsed from YAML, in the single-file layout. */
export const sourcesFromData = (data: unknown, file: string): RedFlagSources => {
  const parsed = parseWith(redFlagsFileSchema, data, file);
  const sources = emptySources();
  sources.files.push(file);
  addConcepts(sources, file, parsed.concepts, undefined);
  addRules(sources, file, parsed.rules);
  sources.notTypos.push(...parsed.not_typos);
  return sources;
};

const readYaml = (path: string, shown: string): unknown => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new KnowledgeError(shown, null, 'file is missing or unreadable');
  }
  try {
    return parseKnowledgeYaml(path, text);
  } catch (error) {
    throw new KnowledgeError(shown, null, `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
};

const shownPath = (path: string): string => relative(process.cwd(), path) || path;

const yamlFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort();

/** The one file of the folder that holds no rules: see contextFileSchema. */
const CONTEXT_FILE = 'context.yaml';

/** Reads the directory layout: every `*.yaml` is a family of rules, every `lexicons/*.yaml` a language. */
export const readSourcesDirectory = (dir: string): RedFlagSources => {
  const sources = emptySources();
  const lexiconDir = join(dir, 'lexicons');
  const lexicons = (() => {
    try {
      return yamlFiles(lexiconDir);
    } catch {
      throw new KnowledgeError(shownPath(lexiconDir), null, 'folder of concept lexicons is missing');
    }
  })();
  if (!lexicons.includes('en.yaml'))
    throw new KnowledgeError(shownPath(lexiconDir), null, 'has no en.yaml (the English lexicon)');
  // English first: it defines the concepts; other languages add ways of saying them.
  for (const name of ['en.yaml', ...lexicons.filter((item) => item !== 'en.yaml')]) {
    const shown = shownPath(join(lexiconDir, name));
    const lexicon = parseWith(lexiconFileSchema, readYaml(join(lexiconDir, name), shown), shown);
    if (`${lexicon.language}.yaml` !== name)
      throw new KnowledgeError(shown, 'language', `"${lexicon.language}" does not match the file name`);
    if (name !== 'en.yaml') {
      for (const concept of Object.keys(lexicon.concepts)) {
        if (!sources.concepts.has(concept))
          throw new KnowledgeError(
            shown,
            `concepts.${concept}`,
            'is not a concept of en.yaml (a language adds words for existing concepts; new concepts go in en.yaml first)',
          );
      }
    }
    sources.files.push(shown);
    addConcepts(sources, shown, lexicon.concepts, lexicon.stemmer);
    sources.notTypos.push(...lexicon.not_typos);
  }
  for (const name of yamlFiles(dir)) {
    const shown = shownPath(join(dir, name));
    if (name === CONTEXT_FILE) {
      sources.files.push(shown);
      sources.context = {
        file: shown,
        data: parseWith(contextFileSchema, readYaml(join(dir, name), shown), shown),
      };
      continue;
    }
    const family = parseWith(ruleFamilyFileSchema, readYaml(join(dir, name), shown), shown);
    sources.files.push(shown);
    addRules(sources, shown, family.rules);
  }
  if (sources.rules.length === 0) throw new KnowledgeError(shownPath(dir), null, 'holds no rules file');
  return sources;
};

/** A directory in the split layout, or one YAML file in the single-file layout. */
export const readSources = (path: string): RedFlagSources => {
  const shown = shownPath(path);
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    throw new KnowledgeError(shown, null, 'file is missing or unreadable');
  }
  return isDirectory ? readSourcesDirectory(path) : sourcesFromData(readYaml(path, shown), shown);
};
