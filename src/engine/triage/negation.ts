/**
 * Negation scope. "No swelling or redness, just cramps" and "my calf is not swollen" must not count the
 * negated symptoms, while "can not breathe" is a symptom: phrases that contain a negator are matched
 * first and their negator is then "consumed" (it no longer opens a scope).
 */
import {
  RU_DEGREE_WORDS,
  RU_FILLERS,
  RU_GENITIVE_ENDINGS,
  RU_LIST_WORDS,
  RU_NEGATORS,
  RU_NOT_NEGATING_AFTER,
  RU_NOT_NEGATING_NEXT,
  RU_ONE_WORD_NEGATORS,
  RU_PAST_BE,
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
  'nothing',
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

/** "and" followed by one of these starts a new statement, out of the negation before it. */
const AND_WORDS: ReadonlySet<string> = new Set(['and', 'и', 'а']);
const NEW_SUBJECTS: ReadonlySet<string> = new Set([
  ...['my', 'his', 'her', 'their', 'our', 'i', 'he', 'she', 'they', 'we', 'now', 'then', 'today'],
  // "can't move it and it's freezing": the thing itself as the new subject.
  ...['it', 'its'],
  ...['у', 'мой', 'моя', 'мое', 'мои', 'его', 'ее', 'я', 'он', 'она', 'они', 'мы', 'теперь', 'сейчас'],
]);

/**
 * "can't straighten my legs and urine brown": "and" followed by another part of the body's news (urine,
 * breathing, the face) starts a new statement too, not one more thing that cannot be done.
 */
const NEW_TOPICS: ReadonlySet<string> = new Set([
  ...['urine', 'pee', 'wee', 'breathing', 'breath', 'chest', 'face', 'speech', 'temperature', 'temp'],
  ...['fever', 'lips', 'tongue', 'throat', 'skin', 'vomiting', 'heart', 'pulse'],
  ...['моча', 'дыхание', 'грудь', 'лицо', 'речь', 'температура', 'губы', 'язык', 'горло', 'кожа', 'рвота'],
  ...['сердце', 'пульс'],
]);

/** "not sure", "no idea", "oh no": a negator that negates nothing that follows. */
const NOT_NEGATING_NEXT: Readonly<Record<string, ReadonlySet<string>>> = {
  not: new Set(['sure', 'certain', 'know', 'only', 'just', 'that']),
  no: new Set(['idea', 'clue', 'matter', 'doubt', 'way', 'one']),
  ...Object.fromEntries(Object.entries(RU_NOT_NEGATING_NEXT).map(([word, next]) => [word, new Set(next)])),
};

/** "или нет": a negator that negates nothing after the word before it. */
const NOT_NEGATING_AFTER: Readonly<Record<string, ReadonlySet<string>>> = Object.fromEntries(
  Object.entries(RU_NOT_NEGATING_AFTER).map(([word, before]) => [word, new Set(before)]),
);

/**
 * Negators that deny only the next content word: Russian "не", and "nothing", which as a subject denies its
 * predicate ("nothing's swollen or red") but must not reach past it ("nothing helps, my calf is swollen").
 */
const ONE_WORD_NEGATORS: ReadonlySet<string> = new Set([...RU_ONE_WORD_NEGATORS, 'nothing']);
/** After "nothing", a list goes on with "or" ("nothing swollen or red"). */
const ENGLISH_LIST_JOINERS: ReadonlySet<string> = new Set(['or', 'nor']);
const LIST_JOINERS: ReadonlySet<string> = new Set(['и', 'или']);
const DEGREE_WORDS: ReadonlySet<string> = new Set(RU_DEGREE_WORDS);

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
  // A negative index is a named-property lookup, far slower than an array read: never made.
  const before = i > 0 ? tokens[i - 1] : undefined;
  if (token.word === 'of') return before?.word === 'free' && before?.clause === token.clause;
  if (!NEGATORS.has(token.word)) return false;
  // "отёка нет не красная" (typed without commas): "нет" after its noun denies it, whatever follows.
  const postposed =
    POSTPOSED.has(token.word) &&
    before?.clause === token.clause &&
    isContent(before) &&
    looksGenitive(before.word);
  if (
    !postposed &&
    Object.hasOwn(NOT_NEGATING_NEXT, token.word) &&
    NOT_NEGATING_NEXT[token.word]?.has(sameClauseNext)
  )
    return false;
  if (token.word === 'no' && before?.word === 'oh') return false;
  if (before?.clause === token.clause && NOT_NEGATING_AFTER[token.word]?.has(before.word)) return false;
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
  return isListWord(first, first.clause) || isListWord(second, first.clause);
};

/** "or"/"nor" in clause `clause` (a function, not a closure per call). */
const isListWord = (token: Token | undefined, clause: number): boolean =>
  token !== undefined && token.clause === clause && LIST_WORDS.has(token.word);

/** Russian "нет" after what it denies: "отёка нет", "покраснения и жара нет". */
const POSTPOSED: ReadonlySet<string> = new Set(RU_POSTPOSED_NEGATORS);

/** A post-posed negator ends its clause (or is followed only by "и"/"или" and more of the list). */
const closesClause = (tokens: readonly Token[], i: number): boolean => {
  const token = tokens[i] as Token;
  if (!POSTPOSED.has(token.word)) return false;
  const next = tokens[i + 1];
  return !next || next.clause !== token.clause;
};

/** "отёка не было": "не" with a past "to be" after a noun denies the noun, as "нет" does. */
const PAST_BE: ReadonlySet<string> = new Set(RU_PAST_BE);

/** Russian genitive endings: what "нет" denies takes them ("одышки нет", "отёка нет", "болей нет"). */
const looksGenitive = (word: string): boolean => RU_GENITIVE_ENDINGS.some((ending) => word.endsWith(ending));

const isContent = (token: Token | undefined): boolean =>
  token !== undefined &&
  !FILLERS.has(token.word) &&
  !NEGATORS.has(token.word) &&
  !SCOPE_BREAKERS.has(token.word) &&
  !PRONOUN_STARTS.has(token.word);

/**
 * How many tokens a post-posed denial inside a run-on clause spans ("одышки нет грудь не болит": 1 for
 * "нет", 2 for "не было"), or 0 when the negator looks forward ("у меня нет отёка", "нет одышки").
 */
const postposedSpan = (tokens: readonly Token[], i: number): number => {
  const token = tokens[i] as Token;
  const before = i > 0 ? tokens[i - 1] : undefined;
  if (!before || before.clause !== token.clause || !isContent(before) || !looksGenitive(before.word))
    return 0;
  const pastBe = token.word === 'не' && PAST_BE.has(tokens[i + 1]?.word ?? '');
  if (!POSTPOSED.has(token.word) && !pastBe) return 0;
  const span = pastBe ? 2 : 1;
  const next = tokens[i + span];
  // "болит икра нет отёка": the next word is what is denied, so "нет" looks forward.
  if (next && next.clause === token.clause && isContent(next) && looksGenitive(next.word)) return 0;
  return span;
};

/** Negates the content words before a post-posed negator in its clause, as far as `reach` goes. */
const negateBefore = (tokens: readonly Token[], i: number, negated: Uint8Array, reach = SCOPE): void => {
  const clause = (tokens[i] as Token).clause;
  let budget = reach;
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
  let oneWord = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (i > 0 && token.clause !== tokens[i - 1]?.clause && !(budget > 0 && continuesList(tokens, i)))
      budget = 0;
    if (opensScope(tokens, i, consumed)) {
      const span = closesClause(tokens, i) ? 0 : postposedSpan(tokens, i);
      if (span > 0) {
        negateBefore(tokens, i, negated, 1);
        budget = 0;
        i += span - 1;
        continue;
      }
      if (closesClause(tokens, i)) negateBefore(tokens, i, negated);
      oneWord = ONE_WORD_NEGATORS.has(token.word);
      budget = oneWord ? 1 : SCOPE;
      continue;
    }
    if (SCOPE_BREAKERS.has(token.word) && !(oneWord && DEGREE_WORDS.has(token.word))) {
      budget = 0;
      continue;
    }
    // "which never happens and my chest feels tight": "and" with a new subject asserts a new clause.
    if (
      budget > 0 &&
      AND_WORDS.has(token.word) &&
      (NEW_SUBJECTS.has(tokens[i + 1]?.word ?? '') || NEW_TOPICS.has(tokens[i + 1]?.word ?? ''))
    ) {
      budget = 0;
      continue;
    }
    if (budget === 0) continue;
    negated[i] = 1;
    if (!FILLERS.has(token.word) && !(oneWord && DEGREE_WORDS.has(token.word))) budget--;
    // "не замечала отёка и покраснения": a genitive after "не" goes on as a list.
    const next = tokens[i + 1];
    if (oneWord && budget === 0 && next?.clause === token.clause) {
      if (LIST_JOINERS.has(next.word) && isContent(token) && looksGenitive(token.word)) budget = 1;
      else if (ENGLISH_LIST_JOINERS.has(next.word) && isContent(token)) budget = 1;
    }
  }
  return negated;
};

/**
 * A question the writer answers "no" to at once ("chest pain? no. short of breath? no. just a cramp",
 * "голова кружится? нет."): the answer denies what was asked, so the pair reads as a denial ("no chest pain").
 */
const ANSWERED_NO = /([^.?!\n]*[^\s.?!])\s*\?+\s*(no|nope|nah|none|нет|неа|не-а)\s*(?=[.!,;:)\n]|$)/giu;

/**
 * The end of ANSWERED_NO alone: every fold needs it, and it is found in one pass, whereas ANSWERED_NO tries
 * its question from every position (quadratic in a long message that asks something but answers nothing).
 */
const ANSWER_NO = /\?\s*(?:no|nope|nah|none|нет|неа|не-а)\s*(?:[.!,;:)\n]|$)/iu;

export const foldAnsweredDenials = (text: string): string =>
  text.includes('?') && ANSWER_NO.test(text)
    ? text.replace(
        ANSWERED_NO,
        (_, asked: string, no: string) => `${/^[a-z]/i.test(no) ? 'no' : 'нет'} ${asked.trim()}.`,
      )
    : text;
