import { fileURLToPath } from 'node:url';
import { createEngine, type Engine, loadKnowledgeBase } from '../../src/engine/index.js';

/** The small fixture knowledge base (test/fixtures/kb-mini), independent of the curated content. */
export const KB_MINI_ROOT = fileURLToPath(new URL('../fixtures/kb-mini/', import.meta.url));

export const kbMiniPaths = {
  intentsDir: `${KB_MINI_ROOT}intents`,
  knowledgeDir: `${KB_MINI_ROOT}knowledge`,
};

let cached: Engine | undefined;

/** Loads the fixture engine once per test file. */
export const miniEngine = (): Engine => {
  cached ??= createEngine(loadKnowledgeBase(kbMiniPaths));
  return cached;
};
