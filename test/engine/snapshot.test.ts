import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/engine/index.js';

/** A private copy of the knowledge base and an empty snapshot folder. */
const copyKnowledge = () => {
  const root = mkdtempSync(join(tmpdir(), 'crampbot-kb-'));
  cpSync('intents', join(root, 'intents'), { recursive: true });
  cpSync('knowledge', join(root, 'knowledge'), { recursive: true });
  const paths = { intentsDir: join(root, 'intents'), knowledgeDir: join(root, 'knowledge') };
  return { root, paths, snapshotDir: join(root, 'snapshots') };
};

const snapshots = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.json'));

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
    const kb = loadKnowledgeBase(paths, { snapshotDir });
    expect(kb.intents.size).toBe(clean.intents.size);
  });
});
