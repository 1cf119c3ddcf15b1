/**
 * Stemmers a lexicon may ask for (`stemmer: ru`). Loaded only when a lexicon names one, so English-only
 * knowledge never pays for them.
 */
import { createRequire } from 'node:module';
import type { StemmerName } from './sources.js';

export type Stem = (word: string) => string;

const require = createRequire(import.meta.url);
const loaded = new Map<StemmerName, Stem>();
const CYRILLIC = /[\u0400-\u04ff]/;
/** Words stemmed between emptyings of the stemmer's own cache. */
const STEMMER_CACHE_LIMIT = 20_000;

const build = (name: StemmerName): Stem => {
  switch (name) {
    case 'ru': {
      // A maintained Snowball stemmer for Russian; ё is already е in triage tokens. Loaded on the first
      // Cyrillic word: a warm start and English messages never need the package.
      let stemmer: { stemWord(word: string): string; cache: Record<string, string> } | undefined;
      const load = () => {
        const { StemmerRu } = require('@nlpjs/lang-ru') as {
          StemmerRu: new () => { stemWord(word: string): string; cache: Record<string, string> };
        };
        return new StemmerRu();
      };
      // The stemmer keeps every word it stems in its own cache, without bound: emptied every
      // STEMMER_CACHE_LIMIT words (the callers keep their own bounded memos), the same stems either way.
      let sinceReset = 0;
      // Snowball's Russian rules only ever touch Cyrillic letters: the English words of most messages
      // come back unchanged, so they skip the stemmer.
      return (word) => {
        if (!CYRILLIC.test(word)) return word;
        stemmer ??= load();
        if (++sinceReset > STEMMER_CACHE_LIMIT) {
          stemmer.cache = {};
          sinceReset = 0;
        }
        return stemmer.stemWord(word);
      };
    }
  }
};

export const stemmerFor = (name: StemmerName): Stem => {
  const known = loaded.get(name);
  if (known) return known;
  const stem = build(name);
  loaded.set(name, stem);
  return stem;
};
