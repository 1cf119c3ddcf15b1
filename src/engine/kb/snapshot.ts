import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A snapshot of the parsed YAML of every knowledge file, so start-up skips YAML parsing (most of
 * loadEngine()'s cost). It is stored under a name that is the hash of the exact bytes of every file it was
 * made from (and their names), so a snapshot can only ever be found for the very same files: when any file
 * changes, is added or removed, the name changes and the files are parsed again. Nothing can be stale, and
 * validation (zod, cross-checks) still runs on every load from it, so it never skips a check.
 *
 * The same folder keeps compiled snapshots (compiled.ts: the finished knowledge base, named by the files
 * AND the code), which spare a warm start the validation and compiling too; these parsed-YAML snapshots
 * still serve a start whose code changed but whose knowledge did not.
 */

/** Bumped if the snapshot's layout changes; part of the hash. */
const FORMAT = 'crampbot-kb-snapshot-2';
/** Snapshots kept per folder: other knowledge versions (tests, branches) may come back. */
const KEEP = 16;

export const defaultSnapshotDir = (): string =>
  process.env.CRAMPBOT_SNAPSHOT_DIR ?? join(tmpdir(), 'crampbot-kb-snapshots');

export interface SourceFiles {
  /** Absolute file name → its text, for every file the knowledge base reads. */
  texts: Map<string, string>;
  /** Hash of the names and bytes of all of them. */
  hash: string;
}

export const readSources = (files: string[]): SourceFiles => {
  const digest = createHash('sha256').update(FORMAT);
  const bytes = new Map<string, Buffer>();
  for (const file of [...files].sort()) {
    let content: Buffer;
    try {
      content = readFileSync(file);
    } catch {
      continue; // the loader reports missing files with its own message
    }
    bytes.set(file, content);
    digest.update(`\0${file}\0${content.length}\0`).update(content);
  }
  // Hashed as bytes and decoded only when asked for: a start from a compiled snapshot reads no text.
  let texts: Map<string, string> | undefined;
  return {
    get texts() {
      texts ??= new Map([...bytes].map(([file, content]) => [file, content.toString('utf8')]));
      return texts;
    },
    hash: digest.digest('hex'),
  };
};

/** Parsed YAML by file name, or null when there is no snapshot for exactly these sources. */
export const readSnapshot = (dir: string | null, sources: SourceFiles): Map<string, unknown> | null => {
  if (!dir) return null;
  try {
    const stored = JSON.parse(readFileSync(join(dir, `${sources.hash}.json`), 'utf8')) as {
      hash?: unknown;
      files?: Record<string, unknown>;
    };
    if (stored.hash !== sources.hash || !stored.files) return null;
    const files = new Map(Object.entries(stored.files));
    for (const file of sources.texts.keys()) if (!files.has(file)) return null;
    return files;
  } catch {
    return null; // missing, unreadable or half-written: parse the files instead
  }
};

/** Best effort: a read-only or full disk only costs the next start-up its speed. */
export const writeSnapshot = (
  dir: string | null,
  sources: SourceFiles,
  parsed: Map<string, unknown>,
): void => {
  if (!dir) return;
  try {
    mkdirSync(dir, { recursive: true });
    const target = join(dir, `${sources.hash}.json`);
    const partial = `${target}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify({ hash: sources.hash, files: Object.fromEntries(parsed) }));
    renameSync(partial, target);
    prune(dir);
  } catch {
    // ignored on purpose, see above
  }
};

/** Keeps the newest KEEP snapshots of each kind. */
const prune = (dir: string): void => {
  for (const suffix of ['.json', '.kb']) {
    const old = readdirSync(dir)
      .filter((name) => name.endsWith(suffix))
      .map((name) => ({ name, time: statSync(join(dir, name)).mtimeMs }))
      .sort((a, b) => b.time - a.time)
      .slice(KEEP);
    for (const { name } of old) rmSync(join(dir, name), { force: true });
  }
};

/** The bytes stored under `name`, or null when there are none. */
export const readSnapshotBytes = (dir: string | null, name: string): Buffer | null => {
  if (!dir) return null;
  try {
    return readFileSync(join(dir, name));
  } catch {
    return null;
  }
};

/** Best effort, like writeSnapshot; written whole or not at all (renamed into place). */
export const writeSnapshotBytes = (dir: string | null, name: string, bytes: () => Uint8Array): void => {
  if (!dir) return;
  try {
    mkdirSync(dir, { recursive: true });
    const target = join(dir, name);
    const partial = `${target}.${process.pid}.tmp`;
    writeFileSync(partial, bytes());
    renameSync(partial, target);
    prune(dir);
  } catch {
    // ignored on purpose, see writeSnapshot
  }
};
