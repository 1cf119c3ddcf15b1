import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { LEVELS } from '../engine/types.js';
import type { DevSet, IntentCase, TriageCase } from './types.js';

/** Where the development set lives, relative to the project root. */
export const DEFAULT_DATA_DIR = join('test', 'data');

/** File name patterns of the development set (JSON Lines). */
export const DATA_FILES = {
  intents: /^dev-intents-.+\.jsonl$/,
  outOfScope: /^dev-out-of-scope(-[a-z]{2})?\.jsonl$/,
  triage: /^dev-triage(-[a-z]{2})?\.jsonl$/,
} as const;

/** Languages besides English that development files can be written in (`dev-triage-ru.jsonl`). */
const OTHER_LANGUAGES = new Set(['ru']);

/** Language of a development file: `-ru.jsonl` is Russian, anything else English. */
export const langOfFile = (name: string): string => {
  const code = /-([a-z]{2})\.jsonl$/.exec(name)?.[1] ?? 'en';
  return OTHER_LANGUAGES.has(code) ? code : 'en';
};

/** A malformed line of the development set; the message names the file and line. */
export class DatasetError extends Error {
  constructor(
    readonly source: string,
    detail: string,
  ) {
    super(`${source}: ${detail}`);
    this.name = 'DatasetError';
  }
}

const text = z.string().trim().min(1).max(10_000);
const intentLine = z.object({ text, intent: z.string().min(1).nullable() });
const triageLine = z.object({
  text,
  level: z.enum(LEVELS),
  kind: z.enum(['redflag', 'control']),
});

/** Parses JSON Lines; blank lines are skipped, anything else must match `schema`. */
export const parseJsonLines = <S extends z.ZodType>(file: string, content: string, schema: S) => {
  const rows: Array<{ value: z.infer<S>; source: string }> = [];
  content.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const source = `${file}:${index + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new DatasetError(source, `not valid JSON (${(error as Error).message})`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new DatasetError(source, `${issue?.path.join('.') || 'line'}: ${issue?.message ?? 'invalid'}`);
    }
    rows.push({ value: parsed.data, source });
  });
  return rows;
};

const filesMatching = (dir: string, pattern: RegExp): string[] => {
  try {
    return readdirSync(dir)
      .filter((name) => pattern.test(name))
      .sort();
  } catch {
    return [];
  }
};

/**
 * Reads every development file that exists (they are written in parallel, so any may still be missing).
 * In-scope lines go to `inScope`, lines labelled `null` (in any intents or out-of-scope file) to `outOfScope`.
 */
export const loadDevSet = (dir: string = DEFAULT_DATA_DIR, lang = 'en'): DevSet => {
  const ofLang = (names: string[]) => names.filter((name) => langOfFile(name) === lang);
  const set: DevSet = { files: [], inScope: [], outOfScope: [], triage: [] };
  for (const name of ofLang([
    ...filesMatching(dir, DATA_FILES.intents),
    ...filesMatching(dir, DATA_FILES.outOfScope),
  ])) {
    set.files.push(name);
    for (const { value, source } of parseJsonLines(name, readFileSync(join(dir, name), 'utf8'), intentLine)) {
      const item: IntentCase = { text: value.text, intent: value.intent, source };
      (item.intent === null ? set.outOfScope : set.inScope).push(item);
    }
  }
  for (const name of ofLang(filesMatching(dir, DATA_FILES.triage))) {
    set.files.push(name);
    for (const { value, source } of parseJsonLines(name, readFileSync(join(dir, name), 'utf8'), triageLine)) {
      const item: TriageCase = { text: value.text, level: value.level, kind: value.kind, source };
      set.triage.push(item);
    }
  }
  return set;
};

/** Where held-out blind sets go (written outside the team); scored apart from the development set. */
export const BLIND_DIR = join(DEFAULT_DATA_DIR, 'blind');

const anyLine = z.union([intentLine, triageLine]);

/**
 * Any labelled JSON Lines file, or every `.jsonl` file of a folder, as one set: intent lines
 * (`{"text", "intent"}`, `intent: null` = out of scope) and triage lines (`{"text", "level", "kind"}`).
 */
export const loadSet = (path: string): DevSet => {
  const set: DevSet = { files: [], inScope: [], outOfScope: [], triage: [] };
  const isDir = statSync(path).isDirectory();
  const files = isDir
    ? readdirSync(path)
        .filter((name) => name.endsWith('.jsonl'))
        .sort()
        .map((name) => join(path, name))
    : [path];
  for (const file of files) {
    set.files.push(isDir ? basename(file) : file);
    for (const { value, source } of parseJsonLines(basename(file), readFileSync(file, 'utf8'), anyLine)) {
      if ('level' in value) {
        set.triage.push({ text: value.text, level: value.level, kind: value.kind, source });
        continue;
      }
      const item: IntentCase = { text: value.text, intent: value.intent, source };
      (item.intent === null ? set.outOfScope : set.inScope).push(item);
    }
  }
  return set;
};
