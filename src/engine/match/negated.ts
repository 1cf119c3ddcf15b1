/**
 * Signs a message denies ("not swollen", "no redness", "without any swelling", "нет отёка", "не опухла")
 * say what the trouble is not, so they must not pull the topic they name: "my calf is not swollen, no
 * redness, just cramps at night" is about night cramps, not veins. The negation scope is the triage's
 * (triage/negation.ts), so topic and triage read a denial alike.
 *
 * Only sign words go (knowledge/vocabulary*.yaml `denied_signs`), and only those the negator reaches before
 * any other content word: elsewhere a negation carries the question's meaning ("so I do not get cramps" is
 * prevention, "I do not drink much water" hydration, "чтобы не сводило" prevention).
 */
import { BOUNDARY } from '../normalise/index.js';
import { NEGATION_WORDS, NEGATORS, negatedTokens } from '../triage/negation.js';
import type { Token } from '../triage/tokens.js';

const GRAMMAR: ReadonlySet<string> = new Set(NEGATION_WORDS);

/** Triage tokens write ё as е; so are the signs compared. */
const fold = (word: string): string => (word.includes('ё') ? word.replaceAll('ё', 'е') : word);

/**
 * First letters of the negators (below U+0500: Latin and Cyrillic): most words start with another, and are
 * not looked up. A word starting above it is looked up.
 */
const NEGATOR_START = new Uint8Array(0x500);
for (const word of NEGATORS) {
  const code = word.charCodeAt(0);
  if (code < NEGATOR_START.length) NEGATOR_START[code] = 1;
}
const isNegator = (word: string): boolean => {
  const code = word.charCodeAt(0);
  return (code < NEGATOR_START.length ? NEGATOR_START[code] === 1 : true) && NEGATORS.has(word);
};

/**
 * `signs`: the words (any form) whose denial says nothing of the topic; `key` the matcher's stem, so every
 * form of a listed word counts; `saysMore` whether the words left still ask something (else the message was
 * only the denial, "no swelling?", and is read whole as before).
 */
export const createDeniedSigns = (
  signs: readonly string[],
  key: (word: string) => string,
  saysMore: (words: string[]) => boolean,
) => {
  const signKeys = new Set(signs.map((word) => key(fold(word))));
  const isSign = (word: string) => signKeys.has(key(word));

  /**
   * The words of a normalised message (`words`: as `tokens` gives them), less the signs it denies; `words`
   * itself when it denies none.
   */
  return (normalised: string, words: string[]): string[] => {
    let negator = false;
    for (let i = 0; i < words.length && !negator; i++) negator = isNegator(words[i] as string);
    // Most messages deny nothing: no clause bookkeeping for them.
    if (!negator || signKeys.size === 0) return words;
    // Only a sign is ever dropped: without one, no clause bookkeeping either.
    let sign = false;
    for (let i = 0; i < words.length && !sign; i++) sign = isSign(fold(words[i] as string));
    if (!sign) return words;
    const pieces = normalised.split(' ');
    const parts: Token[] = [];
    let clause = 0;
    for (const piece of pieces) {
      if (piece === '') continue;
      if (piece === BOUNDARY) clause++;
      else parts.push({ word: fold(piece), clause, number: null });
    }
    const negated = negatedTokens(parts, new Uint8Array(parts.length));
    const dropped = new Uint8Array(parts.length);
    let any = false;
    // A run of negated words keeps dropping signs until its first other content word.
    let open = false;
    for (let i = 0; i < parts.length; i++) {
      if (!negated[i]) {
        open = false;
        continue;
      }
      if (i === 0 || !negated[i - 1]) open = true;
      const { word } = parts[i] as Token;
      if (!open || GRAMMAR.has(word)) continue;
      if (isSign(word)) {
        dropped[i] = 1;
        any = true;
      } else open = false;
    }
    if (!any) return words;
    const kept = words.filter((_, i) => !dropped[i]);
    return saysMore(kept) ? kept : words;
  };
};
