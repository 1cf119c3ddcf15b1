import { createMatcher } from './src/engine/match/index.js';
import { loadKnowledgeBase } from './src/engine/index.js';
const m = createMatcher(loadKnowledgeBase());
for (const t of process.argv.slice(2)) console.log(t, JSON.stringify(m.classify(t)));
