import { createRequire } from 'node:module';

type ParseYaml = (text: string) => unknown;
let yamlParser: ParseYaml | null = null;
/** The YAML library is loaded on the first file the snapshot cannot serve: a warm start never loads it. */
const parseYaml: ParseYaml = (text) => {
  yamlParser ??= (createRequire(import.meta.url)('yaml') as { parse: ParseYaml }).parse;
  return yamlParser(text);
};

/**
 * YAML parsing shared by every knowledge reader (intents, answers, red flags, their translations), so one
 * snapshot (snapshot.ts) serves them all. While loadKnowledgeBase runs, a file whose text is exactly the
 * text the snapshot was made from comes from the snapshot; any other text is parsed. Loading is
 * synchronous, so the load in progress is simply held here until it ends.
 */
interface Load {
  /** Texts the snapshot's hash was computed from, by file name. */
  texts: ReadonlyMap<string, string>;
  snapshot: ReadonlyMap<string, unknown> | null;
  /** Everything read during this load, to write the next snapshot from. */
  parsed: Map<string, unknown>;
}

let current: Load | null = null;

/** Runs `load` with `snapshot` serving the files in `texts`; parsed files are recorded in `parsed`. */
export const withYamlSnapshot = <T>(
  texts: ReadonlyMap<string, string>,
  snapshot: ReadonlyMap<string, unknown> | null,
  parsed: Map<string, unknown>,
  load: () => T,
): T => {
  const outer = current;
  current = { texts, snapshot, parsed };
  try {
    return load();
  } finally {
    current = outer;
  }
};

/** Parsed YAML of `file`, whose content is `text`; throws the parser's error on bad YAML. */
export const parseKnowledgeYaml = (file: string, text: string): unknown => {
  if (!current || current.texts.get(file) !== text) return parseYaml(text);
  let data: unknown;
  if (current.snapshot?.has(file)) data = current.snapshot.get(file);
  else data = parseYaml(text);
  current.parsed.set(file, data);
  return data;
};
