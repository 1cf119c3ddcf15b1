import { normalise, tokens } from '../normalise/index.js';

/** One sentence of a message: its normalised words and whether it asks something. */
export interface Sentence {
  words: string[];
  question: boolean;
}

/** Sentence ends in the raw text: a question mark must survive to mark the question. */
const SENTENCE = /[^.!?…\n]+[.!?…\n]*/g;

/** First words that make a sentence a question or a request ("should I...", "any tips..."). */
const ASKING_START = new Set([
  'what',
  'why',
  'how',
  'when',
  'where',
  'which',
  'who',
  'should',
  'can',
  'could',
  'would',
  'will',
  'is',
  'are',
  'do',
  'does',
  'did',
  'any',
  'anything',
  'tips',
  'advice',
  'help',
  'please',
  'tell',
  'explain',
]);

/** Phrases that ask inside a sentence: "so what do I do", "I want to know if...". */
const ASKING_INSIDE = [
  'what to do',
  'what do i',
  'what can i',
  'what should',
  'how do i',
  'how can i',
  'how to',
  'should i',
  'is it normal',
  'is that normal',
  'is this normal',
  'want to know',
  'wondering',
  'any advice',
  'any tips',
  'tell me',
  'is there anything',
  'can you',
  'could you',
  'need help',
  'need advice',
];

/** The phrases as looked for, whole words only: by their first word, so a sentence is read once. */
const ASKING_INSIDE_BY_FIRST = new Map<string, string[][]>();
for (const phrase of ASKING_INSIDE) {
  const words = phrase.split(' ');
  const list = ASKING_INSIDE_BY_FIRST.get(words[0] as string);
  if (list) list.push(words);
  else ASKING_INSIDE_BY_FIRST.set(words[0] as string, [words]);
}

/** Whether the phrase's words occur in `words` from `at` on. */
const phraseAt = (words: readonly string[], at: number, phrase: readonly string[]): boolean => {
  if (at + phrase.length > words.length) return false;
  for (let k = 1; k < phrase.length; k++) if (words[at + k] !== phrase[k]) return false;
  return true;
};

const asks = (raw: string, words: string[]): boolean => {
  if (/\?\s*$/.test(raw)) return true;
  if (ASKING_START.has(words[0] ?? '')) return true;
  for (let at = 0; at < words.length; at++) {
    const phrases = ASKING_INSIDE_BY_FIRST.get(words[at] as string);
    if (phrases === undefined) continue;
    for (const phrase of phrases) if (phraseAt(words, at, phrase)) return true;
  }
  return false;
};

const isSentenceEnd = (code: number): boolean =>
  code === 0x2e || code === 0x21 || code === 0x3f || code === 0x2026 || code === 0x0a;

/**
 * Whether `sentencesOf` may find two sentences or more: only when a sentence end stands between two
 * characters other than spaces and sentence ends (what lies outside them is spaces: no words). Most messages
 * are one sentence, and skip the pattern and a normalisation per sentence.
 */
export const maySplit = (text: string): boolean => {
  let content = false;
  let ended = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isSentenceEnd(code)) ended = content;
    else if (code !== 0x20) {
      if (ended) return true;
      content = true;
    }
  }
  return false;
};

/** The sentences of a (long) message in order; empty sentences are dropped. */
export const sentencesOf = (text: string): Sentence[] => {
  const sentences: Sentence[] = [];
  for (const match of text.matchAll(SENTENCE)) {
    const raw = match[0];
    const words = tokens(normalise(raw));
    if (words.length === 0) continue;
    sentences.push({ words, question: asks(raw.trim(), words) });
  }
  return sentences;
};
