import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { createEngine, type KnowledgeBase, loadKnowledgeBase } from '../../src/engine/index.js';

/** A private copy of the knowledge base and an empty snapshot folder. */
const copyKnowledge = () => {
  const root = mkdtempSync(join(tmpdir(), 'crampbot-kb-'));
  cpSync('intents', join(root, 'intents'), { recursive: true });
  cpSync('knowledge', join(root, 'knowledge'), { recursive: true });
  const paths = { intentsDir: join(root, 'intents'), knowledgeDir: join(root, 'knowledge') };
  return { root, paths, snapshotDir: join(root, 'snapshots') };
};

const snapshots = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.json'));
/** Compiled snapshots: the finished knowledge base (src/engine/kb/compiled.ts). */
const compiledSnapshots = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.kb'));
const removeCompiled = (dir: string) => {
  for (const name of compiledSnapshots(dir)) rmSync(join(dir, name));
};

describe('knowledge snapshot', () => {
  it('is written on the first load and used by the next one while no file changed', () => {
    const { paths, snapshotDir } = copyKnowledge();
    const first = loadKnowledgeBase(paths, { snapshotDir });
    const [name] = snapshots(snapshotDir);
    if (!name) throw new Error('no snapshot written');
    // Mark the snapshot: the next load shows the mark only if it really read the snapshot.
    const file = join(snapshotDir, name);
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    const greeting = join(paths.intentsDir, 'greeting.yaml');
    stored.files[greeting].examples.push('marked by the snapshot test');
    writeFileSync(file, JSON.stringify(stored));
    removeCompiled(snapshotDir); // else the compiled snapshot serves the load before the parsed YAML could
    const second = loadKnowledgeBase(paths, { snapshotDir });
    expect(second.intents.get('greeting')?.examples.get('en')).toContain('marked by the snapshot test');
    expect(second.answers.size).toBe(first.answers.size);
  });

  it('can never be stale: any edit to any knowledge file is seen on the next load', () => {
    const { paths, snapshotDir } = copyKnowledge();
    loadKnowledgeBase(paths, { snapshotDir });
    for (const [file, from, to] of [
      [join(paths.intentsDir, 'greeting.yaml'), '  - hi\n', '  - hi\n  - ahoy there, new example\n'],
      [
        join(paths.knowledgeDir, 'messages.yaml'),
        'Did you mean one of these?',
        'Did you perhaps mean one of these?',
      ],
      [join(paths.knowledgeDir, 'idioms.yaml'), '      - nod off\n', '      - nod off\n      - conk out\n'],
    ] as const) {
      const text = readFileSync(file, 'utf8');
      expect(text).toContain(from);
      writeFileSync(file, text.replace(from, to));
      const kb = loadKnowledgeBase(paths, { snapshotDir });
      const seen = JSON.stringify({
        greeting: kb.intents.get('greeting')?.examples.get('en'),
        messages: kb.messages,
        idioms: kb.idioms,
      });
      expect(seen).toContain(to.trim().split('\n').at(-1)?.replace(/^ *- /, '') ?? to);
    }
  });

  it('still reports a broken file by name, however many snapshots exist', () => {
    const { paths, snapshotDir } = copyKnowledge();
    loadKnowledgeBase(paths, { snapshotDir });
    const file = join(paths.knowledgeDir, 'vocabulary.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nvague_words: [Not One Word]\n`);
    expect(() => loadKnowledgeBase(paths, { snapshotDir })).toThrow(/vocabulary\.yaml/);
  });

  it('ignores a damaged snapshot and loads from the files', () => {
    const { paths, snapshotDir } = copyKnowledge();
    const clean = loadKnowledgeBase(paths, { snapshotDir });
    for (const name of snapshots(snapshotDir)) writeFileSync(join(snapshotDir, name), '{"hash": "x", "fil');
    for (const name of compiledSnapshots(snapshotDir))
      writeFileSync(join(snapshotDir, name), readFileSync(join(snapshotDir, name)).subarray(0, 1000));
    const kb = loadKnowledgeBase(paths, { snapshotDir });
    expect(kb.intents.size).toBe(clean.intents.size);
  });

  it('keeps the compiled knowledge base and a warm load reads it back', () => {
    const { paths, snapshotDir } = copyKnowledge();
    loadKnowledgeBase(paths, { snapshotDir });
    const [name] = compiledSnapshots(snapshotDir);
    if (!name) throw new Error('no compiled snapshot written');
    const file = join(snapshotDir, name);
    const stored = deserialize(readFileSync(file)) as { kb: KnowledgeBase };
    stored.kb.intents.get('greeting')?.examples.get('en')?.push('marked by the snapshot test');
    writeFileSync(file, serialize(stored));
    const warm = loadKnowledgeBase(paths, { snapshotDir });
    expect(warm.intents.get('greeting')?.examples.get('en')).toContain('marked by the snapshot test');
  });

  it('is not read under another name (other knowledge, other code, other folder)', () => {
    const { paths, snapshotDir } = copyKnowledge();
    loadKnowledgeBase(paths, { snapshotDir });
    const [name] = compiledSnapshots(snapshotDir);
    if (!name) throw new Error('no compiled snapshot written');
    const file = join(snapshotDir, name);
    const stored = deserialize(readFileSync(file)) as { name: string; kb: KnowledgeBase };
    stored.kb.intents.get('greeting')?.examples.get('en')?.push('marked by the snapshot test');
    stored.name = 'made-by-other-code.kb';
    writeFileSync(file, serialize(stored));
    const kb = loadKnowledgeBase(paths, { snapshotDir });
    expect(kb.intents.get('greeting')?.examples.get('en')).not.toContain('marked by the snapshot test');
  });

  it('reads back the red-flag phrases and typo indexes as built, shared objects still shared', () => {
    const { paths, snapshotDir } = copyKnowledge();
    const fresh = loadKnowledgeBase(paths, { snapshotDir: null });
    loadKnowledgeBase(paths, { snapshotDir });
    const warm = loadKnowledgeBase(paths, { snapshotDir });
    const built = fresh.redFlags.matcher;
    const read = warm.redFlags.matcher;
    expect(read).not.toBe(built);
    expect(Object.keys(read)).toEqual(Object.keys(built));
    expect(read.byFirstWord).toEqual(built.byFirstWord);
    expect(read.numberFirst).toEqual(built.numberFirst);
    // An index read back builds its typo buckets on the first typo it is asked about: ask both the same.
    for (const matcher of [built, read]) {
      matcher.fuzzy.lookup('physicain');
      matcher.stemFuzzy?.lookup('опухда');
    }
    expect(read.fuzzy).toEqual(built.fuzzy);
    expect(read.stemFuzzy).toEqual(built.stemFuzzy);
    // One matcher serves every language, and a phrase listed under several words is one object.
    expect(warm.translations.get('ru')?.redFlags.matcher).toBe(read);
    const distinct = (matcher: typeof built) => new Set([...matcher.byFirstWord.values()].flat()).size;
    expect(distinct(read)).toBe(distinct(built));
  });

  it('answers every example and every red-flag example exactly as a fresh load does', () => {
    const { paths, snapshotDir } = copyKnowledge();
    const fresh = createEngine(loadKnowledgeBase(paths, { snapshotDir: null }));
    loadKnowledgeBase(paths, { snapshotDir });
    expect(compiledSnapshots(snapshotDir)).toHaveLength(1);
    const warm = createEngine(loadKnowledgeBase(paths, { snapshotDir }));
    const messages = [
      ...[...fresh.kb.intents.values()].flatMap((intent) => [...intent.examples.values()].flat()),
      ...fresh.kb.redFlags.rules.flatMap((rule) => [...rule.examples, ...rule.controls]),
      // typos reach the typo indexes, Russian in Latin letters the language detector
      'my caf is sweling and red',
      'nogu svodit noch',
      'не могу дышать',
    ];
    const read = (engine: typeof fresh) =>
      messages.map((text) => ({ text, classified: engine.classify(text), triage: engine.triage(text) }));
    expect(read(warm)).toEqual(read(fresh));
  });
});
