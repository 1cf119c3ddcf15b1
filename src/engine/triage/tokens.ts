import { BOUNDARY, isAsciiDigit as isDigit, normalise, pieces } from '../normalise/index.js';

export interface Token {
  word: string;
  /** Index of the clause (run of words between sentence boundaries) the word sits in. */
  clause: number;
  /** The value when the word is a number ("30", "40.2"), else null. */
  number: number | null;
}

/** The value of a number of at most six digits and one decimal point ("30", "40.2"), else null. */
const numberOf = (word: string): number | null => {
  if (word.length > 7) return null;
  let points = 0;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code === 0x2e) points++;
    else if (!isDigit(code)) return null;
  }
  return points <= 1 && word.length - points <= 6 ? Number(word) : null;
};

/** Where the number opening a word ends: its digits and a decimal point between digits. */
const numberEnd = (piece: string): number => {
  let end = 0;
  while (end < piece.length) {
    const code = piece.charCodeAt(end);
    if (isDigit(code)) end++;
    else if (code === 0x2e && end > 0 && isDigit(piece.charCodeAt(end + 1))) end++;
    else break;
  }
  return end;
};

/** Words counting up from two: "two", "three"... get 2, 3... */
const fromTwo = (words: readonly string[]): [string, number][] => words.map((word, i) => [word, i + 2]);

/**
 * Numbers people spell out ("when she was two", "два дня назад"), so that a number slot reads them as it reads
 * digits. "one" and "один" are left out: they are far more often "one leg", "одна нога" than a count.
 */
const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ...fromTwo(['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve']),
  ...fromTwo(['два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять', 'десять']),
  ...Object.entries({ twenty: 20, thirty: 30, forty: 40, fifty: 50 }),
  ...Object.entries({ две: 2, двух: 2, трех: 3, четырех: 4, пяти: 5, двадцать: 20, тридцать: 30, сорок: 40 }),
]);

const push = (out: Token[], word: string, clause: number): void => {
  const number = isDigit(word.charCodeAt(0)) ? numberOf(word) : (NUMBER_WORDS.get(word) ?? null);
  out.push({ word, clause, number });
};

/** The message as a flat list of words with clause numbers; linear in its length. */
export const tokenise = (raw: string): Token[] => {
  const out: Token[] = [];
  let clause = 0;
  let clauseHasWords = false;
  const normalised = normalise(raw);
  // ё and е are one letter in everyday Russian typing. Without one, the pieces are those the matcher reads
  // next (see `pieces`).
  const parts = normalised.includes('ё') ? normalised.replaceAll('ё', 'е').split(' ') : pieces(normalised);
  for (let at = 0; at < parts.length; at++) {
    const piece = parts[at] as string;
    if (piece === '') continue;
    if (piece === BOUNDARY) {
      if (clauseHasWords) clause++;
      clauseHasWords = false;
      continue;
    }
    // "30mins" is "30" and "mins", so that durations typed without a space still count.
    const end = numberEnd(piece);
    if (end === 0 || end === piece.length) push(out, piece, clause);
    else {
      push(out, piece.slice(0, end), clause);
      push(out, piece.slice(end), clause);
    }
    clauseHasWords = true;
  }
  return joinListTails(out);
};

/** "and" / "or" joining the last two items of a list, in both languages. */
const LIST_JOINERS: ReadonlySet<string> = new Set(['and', 'or', 'и', 'или', 'а', 'да']);

/**
 * "cramps in my legs, arms and belly", "сводит ноги, руки и живот": the comma before the last items of a list
 * is not a new clause, so a three-word clause "X and Y" joins the clause before it (phrases and negation then
 * read the list as one: "no swelling, redness or heat").
 */
const joinListTails = (tokens: Token[]): Token[] => {
  let shift = 0;
  let start = 0;
  while (start < tokens.length) {
    const clause = (tokens[start] as Token).clause;
    let end = start;
    while (end < tokens.length && (tokens[end] as Token).clause === clause) end++;
    const isListTail = start > 0 && end - start === 3 && LIST_JOINERS.has((tokens[start + 1] as Token).word);
    if (isListTail) shift++;
    if (shift > 0) for (let i = start; i < end; i++) (tokens[i] as Token).clause = clause - shift;
    start = end;
  }
  return tokens;
};

/** Tokenises a phrase from the knowledge file exactly as a message would be. */
export const phraseWords = (text: string): string[] => tokenise(text).map((token) => token.word);
