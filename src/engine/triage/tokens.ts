import { BOUNDARY, normalise } from '../normalise/index.js';

export interface Token {
  word: string;
  /** Index of the clause (run of words between sentence boundaries) the word sits in. */
  clause: number;
  /** The value when the word is a whole number ("30"), else null. */
  number: number | null;
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** Splits "30mins" into "30" and "mins", so that durations typed without a space still count. */
const splitNumberUnit = (word: string): string[] => {
  let end = 0;
  while (end < word.length && isDigit(word.charCodeAt(end))) end++;
  if (end === 0 || end === word.length) return [word];
  return [word.slice(0, end), word.slice(end)];
};

/** The message as a flat list of words with clause numbers; linear in its length. */
export const tokenise = (raw: string): Token[] => {
  const out: Token[] = [];
  let clause = 0;
  let clauseHasWords = false;
  // ё and е are one letter in everyday Russian typing.
  for (const piece of normalise(raw).replaceAll('ё', 'е').split(' ')) {
    if (piece === '') continue;
    if (piece === BOUNDARY) {
      if (clauseHasWords) clause++;
      clauseHasWords = false;
      continue;
    }
    for (const word of splitNumberUnit(piece)) {
      const number =
        isDigit(word.charCodeAt(0)) && word.length <= 6 && /^\d+$/.test(word) ? Number(word) : null;
      out.push({ word, clause, number });
      clauseHasWords = true;
    }
  }
  return out;
};

/** Tokenises a phrase from the knowledge file exactly as a message would be. */
export const phraseWords = (text: string): string[] => tokenise(text).map((token) => token.word);
