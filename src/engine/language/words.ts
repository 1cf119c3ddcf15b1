import type { KnowledgeBase } from '../kb/load.js';
import { normalise, tokens } from '../normalise/index.js';
import { NEGATION_WORDS } from '../triage/negation.js';
import { QUESTION_WORDS } from '../triage/question.js';
import { stemRu } from './stem-ru.js';

/** What the language detector knows of each language, drawn from the knowledge base. */
export interface LanguageWords {
  /** Stems the Russian knowledge uses, for telling Latin-letter Russian from English. */
  russianStems: ReadonlySet<string>;
  /** Words the English knowledge uses, plus function words. */
  englishWords: ReadonlySet<string>;
}

const russianStems = (kb: KnowledgeBase): Set<string> => {
  const stems = new Set<string>();
  for (const intent of kb.intents.values())
    for (const example of intent.examples.get('ru') ?? [])
      for (const word of tokens(normalise(example))) stems.add(stemRu(word));
  const ru = kb.translations.get('ru');
  if (ru) for (const word of ru.redFlags.matcher.stems) stems.add(word.slice(1));
  return stems;
};

const englishWords = (kb: KnowledgeBase): Set<string> => {
  const words = new Set<string>([...NEGATION_WORDS, ...QUESTION_WORDS].filter((word) => /^[a-z]/.test(word)));
  for (const intent of kb.intents.values())
    for (const example of intent.examples.get('en') ?? [])
      for (const word of tokens(normalise(example))) words.add(word);
  for (const word of kb.redFlags.matcher.vocabulary) words.add(word);
  return words;
};

/**
 * Keyed by the very knowledge-base object: a compiled snapshot (kb/compiled.ts) hands back the words it
 * stored with that object, and a changed copy ({ ...kb, intents }) is a different object, so it never
 * gets another's words.
 */
const known = new WeakMap<KnowledgeBase, LanguageWords>();

export const languageWords = (kb: KnowledgeBase): LanguageWords => {
  let words = known.get(kb);
  if (!words) {
    words = { russianStems: russianStems(kb), englishWords: englishWords(kb) };
    known.set(kb, words);
  }
  return words;
};

/** Words stored in a compiled snapshot together with `kb`, built from the same files by the same code. */
export const rememberLanguageWords = (kb: KnowledgeBase, words: LanguageWords): void => {
  known.set(kb, words);
};
