/**
 * Stemmers a lexicon may ask for (`stemmer: ru`). Loaded only when a lexicon names one, so English-only
 * knowledge never pays for them.
 */
import { createRequire } from 'node:module';
import { type SnowballStemmer, snowballStem } from '../language/snowball.js';
import type { StemmerName } from './sources.js';

export type Stem = (word: string) => string;

const require = createRequire(import.meta.url);
const loaded = new Map<StemmerName, Stem>();
const CYRILLIC = /[\u0400-\u04ff]/;

const build = (name: StemmerName): Stem => {
  switch (name) {
    case 'ru': {
      // A maintained Snowball stemmer for Russian; ё is already е in triage tokens. Loaded on the first
      // Cyrillic word: a warm start and English messages never need the package.
      let stemmer: SnowballStemmer | undefined;
      const load = () => {
        const { StemmerRu } = require('@nlpjs/lang-ru') as { StemmerRu: new () => SnowballStemmer };
        return new StemmerRu();
      };
      // Snowball's Russian rules only ever touch Cyrillic letters: the English words of most messages
      // come back unchanged, so they skip the stemmer. Not through its own unbounded cache (see
      // snowballStem): triage reads each word once per word (readWord), compilation once per lexicon word.
      return (word) => {
        if (!CYRILLIC.test(word)) return word;
        stemmer ??= load();
        return snowballStem(stemmer, word);
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
