/**
 * Negation scope. "No swelling or redness, just cramps" and "my calf is not swollen" must not count the
 * negated symptoms, while "can not breathe" is a symptom: phrases that contain a negator are matched
 * first and their negator is then "consumed" (it no longer opens a scope).
 */
import {
  RU_FILLERS,
  RU_LIST_WORDS,
  RU_NEGATORS,
  RU_NOT_NEGATING_NEXT,
  RU_POSTPOSED_NEGATORS,
  RU_PRONOUN_STARTS,
  RU_SCOPE_BREAKERS,
} from './russian.js';
import type { Token } from './tokens.js';

export const NEGATORS: ReadonlySet<string> = new Set([
  ...RU_NEGATORS,
  'no',
  'not',
  'without',
  'never',
  'nor',
  'neither',
  'denies',
  'deny',
]);

/** Content words a negator reaches ("not [really] swollen [or] red [or] hot" reaches three). */
const SCOPE = 3;

/** Words that neither end the scope nor use it up. */
const FILLERS: ReadonlySet<string> = new Set([
  ...RU_FILLERS,
  ...['a', 'an', 'the', 'any', 'or', 'nor', 'and', 'of', 'at', 'all', 'as', 'such', 'too', 'even', 'very'],
  ...['really', 'much', 'other', 'extra', 'more', 'real', 'obvious', 'obviously', 'visible', 'noticeable'],
  ...['sign', 'signs', 'kind', 'sort', 'like', 'i', 'it', 'there', 'my', 'his', 'her', 'their', 'your'],
  ...['is', 'are', 'was', 'were', 'am', 'be', 'been', 'have', 'has', 'had', 'do', 'does', 'did'],
  ...['get', 'got', 'feel', 'feels', 'felt', 'notice', 'noticed', 'see', 'seen'],
]);

/** Words that close a scope: what follows is asserted again ("no fever but my calf is hot"). */
export const SCOPE_BREAKERS: ReadonlySet<string> = new Set([
  ...RU_SCOPE_BREAKERS,
  ...['but', 'though', 'although', 'however', 'except', 'yet', 'still', 'now', 'then', 'because', 'since'],
  ...['so', 'which', 'while', 'whereas', 'just', 'only', 'apart', 'instead', 'until', 'today', 'suddenly'],
]);

/** "not sure", "no idea", "oh no": a negator that negates nothing that follows. */
const NOT_NEGATING_NEXT: Readonly<Record<string, ReadonlySet<string>>> = {
  not: new Set(['sure', 'certain', 'know', 'only', 'just', 'that']),
  no: new Set(['idea', 'clue', 'matter', 'doubt', 'way', 'one']),
  ...Object.fromEntries(Object.entries(RU_NOT_NEGATING_NEXT).map(([word, next]) => [word, new Set(next)])),
};

/** A clause that only continues a list after a comma: "no swelling, redness or heat". */
const PRONOUN_STARTS: ReadonlySet<string> = new Set([
  ...RU_PRONOUN_STARTS,
  'i',
  'my',
  'me',
  'he',
  'she',
  'his',
  'her',
  'it',
  'we',
  'they',
]);

const LIST_WORDS: ReadonlySet<string> = new Set(['or', 'nor', ...RU_LIST_WORDS]);

export const NEGATION_WORDS: readonly string[] = [
  ...NEGATORS,
  ...FILLERS,
  ...SCOPE_BREAKERS,
  ...Object.values(NOT_NEGATING_NEXT).flatMap((words) => [...words]),
  'free',
  'oh',
];

const opensScope = (tokens: readonly Token[], i: number, consumed: Uint8Array): boolean => {
  const token = tokens[i];
  if (!token || consumed[i]) return false;
  const next = tokens[i + 1];
  const sameClauseNext = next && next.clause === token.clause ? next.word : '';
  if (token.word === 'of') return tokens[i - 1]?.word === 'free' && tokens[i - 1]?.clause === token.clause;
  if (!NEGATORS.has(token.word)) return false;
  if (Object.hasOwn(NOT_NEGATING_NEXT, token.word) && NOT_NEGATING_NEXT[token.word]?.has(sameClauseNext))
    return false;
  if (token.word === 'no' && tokens[i - 1]?.word === 'oh') return false;
  return true;
};

/**
 * Whether the clause starting at `start` merely continues a negated list from the clause before:
 * "no swelling, redness or heat" (one word, or "or"/"nor" among its first two words).
 */
const continuesList = (tokens: readonly Token[], start: number): boolean => {
  const first = tokens[start];
  if (!first || PRONOUN_STARTS.has(first.word) || SCOPE_BREAKERS.has(first.word)) return false;
  const second = tokens[start + 1];
  if (!second || second.clause !== first.clause) return true;
  const isOr = (token: Token | undefined): boolean =>
    token !== undefined && token.clause === first.clause && LIST_WORDS.has(token.word);
  return isOr(first) || isOr(second);
};

/** Russian "нет" after what it denies: "отёка нет", "покраснения и жара нет". */
const POSTPOSED: ReadonlySet<string> = new Set(RU_POSTPOSED_NEGATORS);

/** A post-posed negator ends its clause (or is followed only by "и"/"или" and more of the list). */
const closesClause = (tokens: readonly Token[], i: number): boolean => {
  const token = tokens[i] as Token;
  if (!POSTPOSED.has(token.word)) return false;
  const next = tokens[i + 1];
  return !next || next.clause !== token.clause;
};

/** Negates the content words before a post-posed negator in its clause, as far as SCOPE reaches. */
const negateBefore = (tokens: readonly Token[], i: number, negated: Uint8Array): void => {
  const clause = (tokens[i] as Token).clause;
  let budget = SCOPE;
  for (let j = i - 1; j >= 0 && budget > 0; j--) {
    const token = tokens[j] as Token;
    if (token.clause !== clause || SCOPE_BREAKERS.has(token.word) || NEGATORS.has(token.word)) break;
    negated[j] = 1;
    if (!FILLERS.has(token.word)) budget--;
  }
};

/**
 * Marks every token that sits inside a negation scope. `consumed` flags negators that belong to a
 * matched symptom phrase ("can not breathe"). One left-to-right pass.
 */
export const negatedTokens = (tokens: readonly Token[], consumed: Uint8Array): Uint8Array => {
  const negated = new Uint8Array(tokens.length);
  let budget = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (i > 0 && token.clause !== tokens[i - 1]?.clause && !(budget > 0 && continuesList(tokens, i)))
      budget = 0;
    if (opensScope(tokens, i, consumed)) {
      if (closesClause(tokens, i)) negateBefore(tokens, i, negated);
      budget = SCOPE;
      continue;
    }
    if (SCOPE_BREAKERS.has(token.word)) {
      budget = 0;
      continue;
    }
    if (budget === 0) continue;
    negated[i] = 1;
    if (!FILLERS.has(token.word)) budget--;
  }
  return negated;
};
