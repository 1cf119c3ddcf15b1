/**
 * General questions ("what are the signs of a clot?", "when should I worry about calf pain?") name red-flag
 * symptoms without reporting them. They must not raise the level; the answer lists the signs instead.
 * A message counts as a report as soon as it speaks about a person ("my", "she", "someone") or about
 * now ("since yesterday"), so "my calf is swollen and hot, is it a clot?" is still triaged.
 */

import { allowedEdits, editDistance } from '../normalise/fuzzy.js';
import {
  isRuPastVerb,
  RU_ASKING_ANYWHERE,
  RU_ASKING_ENDINGS,
  RU_INFO_WORDS,
  RU_NOT_A_STATEMENT,
  RU_OPENERS,
  RU_PERSONAL,
  RU_QUESTION_PARTICLE,
  RU_STATEMENT_AFTER_OPENER,
  RU_SUPPOSING_WORDS,
  RU_WEAK_PERSONAL,
} from './russian.js';
import type { Token } from './tokens.js';

const PERSONAL: ReadonlySet<string> = new Set([
  ...RU_PERSONAL,
  ...['my', 'mine', 'myself', 'we', 'our', 'ours', 'us', 'he', 'him', 'his', 'himself'],
  ...['she', 'hers', 'herself', 'her'],
  ...['now', 'today', 'tonight', 'yesterday', 'ago', 'currently', 'since', 'lately', 'tomorrow'],
  // "the cramp in mum's leg", "is it bad that dad can't...": a relative named is a real person.
  ...['mum', 'mom', 'mummy', 'mommy', 'dad', 'daddy', 'husband', 'wife', 'grandma', 'grandad', 'granddad'],
  ...['grandpa', 'granny', 'nan', 'nana', 'nanna', 'gran', 'grandmother', 'grandfather', 'flatmate'],
  ...['roommate', 'boyfriend', 'girlfriend', 'fiance', 'fiancee', 'hubby', 'missus'],
  // The same possessive typed without its apostrophe ("grandads mouth is drooping", "mums leg").
  ...['mums', 'moms', 'dads', 'husbands', 'wifes', 'grandmas', 'grandads', 'granddads', 'grandpas'],
  ...['grannys', 'nans', 'nanas', 'grans', 'hubbys', 'boyfriends', 'girlfriends'],
]);

/**
 * "should I worry", "can I take": the inverted "I" of a general question, not a report. "do I have a
 * clot?" and "did I tear something?" are about the asker, so do/did are not listed.
 */
const QUESTION_AUXILIARIES: ReadonlySet<string> = new Set([
  ...['should', 'can', 'could', 'would', 'will', 'shall', 'must', 'may', 'might', 'am'],
]);

/** "tell me the signs": "me" as the asker, not the patient. */
const ASKING_VERBS: ReadonlySet<string> = new Set([
  'tell',
  'show',
  'explain',
  'give',
  'remind',
  'teach',
  'let',
]);

/** "is it normal to..." is generic; "is it a clot" and "is this normal?" point at something real. */
const GENERIC_AFTER_IT: ReadonlySet<string> = new Set([
  ...['normal', 'possible', 'true', 'common', 'safe', 'ok', 'okay', 'bad', 'dangerous', 'serious', 'worth'],
  ...['better', 'wise', 'likely', 'usual', 'important', 'necessary', 'mean'],
]);
const GENERIC_LINKS: ReadonlySet<string> = new Set(['to', 'for', 'when', 'if', 'that']);

/** "can barely walk", "can not breathe": a clipped statement, not a question, even if it opens like one. */
const STATEMENT_AFTER_OPENER: ReadonlySet<string> = new Set([
  ...RU_STATEMENT_AFTER_OPENER,
  ...['not', 'barely', 'hardly', 'only', 'just', 'still', 'never', 'no', 'also', 'really', 'definitely'],
]);

/** Bounded: a flood of unique junk words cannot grow memory without limit. */
const STATEMENT_MEMO_LIMIT = 10_000;
const statementMemo = new Map<string, boolean>();

/** Typed in a hurry counts too: "can abrely walk" is "can barely walk", a statement. */
const isStatementAfterOpener = (word: string): boolean => {
  if (STATEMENT_AFTER_OPENER.has(word)) return true;
  const limit = allowedEdits(word.length);
  if (limit === 0) return false;
  // The answer never changes for a word, and every clause of every message asks it: worked out once.
  const known = statementMemo.get(word);
  if (known !== undefined) return known;
  let near = false;
  for (const other of STATEMENT_AFTER_OPENER)
    if (allowedEdits(other.length) > 0 && editDistance(word, other, limit) <= limit) {
      near = true;
      break;
    }
  if (statementMemo.size >= STATEMENT_MEMO_LIMIT) statementMemo.clear();
  statementMemo.set(word, near);
  return near;
};

const OPENERS: ReadonlySet<string> = new Set([
  ...RU_OPENERS,
  ...['what', 'when', 'why', 'how', 'which', 'who', 'where', 'can', 'could', 'is', 'are', 'does', 'do'],
  ...['should', 'would', 'will', 'may', 'might', 'shall'],
]);

/** Asking about a condition in general: "signs of", "symptoms of", "difference between". */
const INFO_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['signs', 'of'],
  // "what are the signs someone is having a stroke?": the signs in anyone, not someone's reported.
  ['signs', 'someone'],
  ['signs', 'somebody'],
  ['signs', 'that'],
  ['symptoms', 'someone'],
  ['symptoms', 'that'],
  // "как понять, что это не судорога?": how to tell, in general.
  ['как', 'понять'],
  ['как', 'отличить'],
  ['как', 'определить'],
  ['sign', 'of'],
  ['symptoms', 'of'],
  ['symptom', 'of'],
  ['difference', 'between'],
  ['warning', 'signs'],
  ['when', 'to'],
  ['mean', 'when'],
  ['mean', 'if'],
  ['side', 'effects'],
  ['side', 'effect'],
  ['side', 'efects'],
];

/**
 * Typed like a search ("blood clot symptoms in leg"): the clause asks, though it has no question word. Only
 * that clause: "dvt symptoms? calf swollen after a long drive" still reports the calf.
 */
const SEARCH_PAIRS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['clot', new Set(['symptoms', 'signs'])],
  ['dvt', new Set(['symptoms', 'signs'])],
  ['stroke', new Set(['symptoms', 'signs'])],
  ['symptoms', new Set(['in'])],
]);

/** A clause that ends on one of these reads like a search too ("blood clot in leg symptoms"). */
const SEARCH_ENDINGS: ReadonlySet<string> = new Set(['symptoms', 'signs', 'symptom']);

/** The second words of INFO_PAIRS by their first: one lookup per word rather than a scan of the pairs. */
const INFO_PAIR_NEXT: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const next = new Map<string, Set<string>>();
  for (const [first, second] of INFO_PAIRS) {
    const set = next.get(first);
    if (set) set.add(second);
    else next.set(first, new Set([second]));
  }
  return next;
})();

/** Clauses that open like this ask, suppose or continue; they do not state what is happening. */
const RU_QUESTION_PARTICLES: ReadonlySet<string> = new Set([RU_QUESTION_PARTICLE]);

/** Single words that ask about a condition in general (Russian: "признаки тромба"). */
const INFO_WORDS: ReadonlySet<string> = new Set(RU_INFO_WORDS);

const ASKING_ENDINGS: ReadonlySet<string> = new Set(RU_ASKING_ENDINGS);
const ASKING_ANYWHERE: ReadonlySet<string> = new Set(RU_ASKING_ANYWHERE);

const NO_CLAUSES: ReadonlySet<number> = new Set();

/** Clauses that ask whether the thing can happen at all (in a message with a question mark). */
const clausesAskingWhetherPossible = (tokens: readonly Token[]): ReadonlySet<number> => {
  let asking: Set<number> | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const last = tokens[i + 1]?.clause !== token.clause;
    if (ASKING_ANYWHERE.has(token.word) || (last && ASKING_ENDINGS.has(token.word))) {
      asking ??= new Set();
      asking.add(token.clause);
    }
  }
  return asking ?? NO_CLAUSES;
};

/** Words that point at something only weakly ("this", "это"). */
const WEAK_PERSONAL: ReadonlySet<string> = new Set(['this', ...RU_WEAK_PERSONAL]);

const NOT_A_STATEMENT: ReadonlySet<string> = new Set([
  ...RU_NOT_A_STATEMENT,
  // "...? asking because of a tv show": why the asker asks, not what is happening.
  'asking',
  'if',
  'or',
  'and',
  'but',
  'also',
  'just',
  'like',
  'so',
]);

/** Words people put before a question in a run-on ("so basically is it bad..."); the opener comes after. */
const LEAD_INS: ReadonlySet<string> = new Set([
  ...['so', 'basically', 'ok', 'okay', 'hi', 'hey', 'hello', 'um', 'umm', 'well', 'quick', 'question'],
  ...['please', 'pls', 'sorry', 'also', 'and', 'anyway', 'right', 'doc', 'doctor'],
]);

/** A clause of three or more words that does not open as a question: "calf swollen after long drive". */
const STATEMENT_LENGTH = 3;

export const QUESTION_WORDS: readonly string[] = [
  ...PERSONAL,
  ...QUESTION_AUXILIARIES,
  ...ASKING_VERBS,
  ...GENERIC_AFTER_IT,
  ...GENERIC_LINKS,
  ...OPENERS,
  ...STATEMENT_AFTER_OPENER,
  ...NOT_A_STATEMENT,
  ...INFO_PAIRS.flat(),
  ...LEAD_INS,
  ...INFO_WORDS,
  ...ASKING_ENDINGS,
  ...ASKING_ANYWHERE,
  ...WEAK_PERSONAL,
  'i',
  'me',
  'it',
  'this',
  'help',
  'someone',
  'somebody',
];

const wordAt = (tokens: readonly Token[], i: number, clause: number): string => {
  // A negative index is a named-property lookup, far slower than an array read: checked first.
  if (i < 0) return '';
  const token = tokens[i];
  return token && token.clause === clause ? token.word : '';
};

type Person = 'strong' | 'weak' | null;

const RU_SUPPOSING: ReadonlySet<string> = new Set(RU_SUPPOSING_WORDS);

/** Whether a word of `words` comes before position `i` in its clause. */
const clauseHasBefore = (tokens: readonly Token[], i: number, words: ReadonlySet<string>): boolean => {
  const clause = (tokens[i] as Token).clause;
  for (let j = i - 1; j >= 0 && (tokens[j] as Token).clause === clause; j--)
    if (words.has((tokens[j] as Token).word)) return true;
  return false;
};

/** "I wonder...", "I'd like to know...", "I want to understand...": the asker, not someone with a sign. */
const ASKER_OPENERS: ReadonlyArray<readonly string[]> = [
  ['wonder'],
  ['wondered'],
  ['was', 'wondering'],
  ['am', 'wondering'],
  ['would', 'like', 'to', 'know'],
  ['would', 'like', 'to', 'understand'],
  ['want', 'to', 'know'],
  ['want', 'to', 'understand'],
  ['wanted', 'to', 'know'],
  ['wanted', 'to', 'ask'],
  ['just', 'want', 'to', 'know'],
  ['just', 'wanted', 'to', 'know'],
  ['am', 'curious'],
  ['was', 'curious'],
];

const asksToKnow = (tokens: readonly Token[], i: number): boolean => {
  const clause = (tokens[i] as Token).clause;
  return ASKER_OPENERS.some((words) => words.every((word, k) => wordAt(tokens, i + 1 + k, clause) === word));
};

/** "how do I know if...", "how do I tell whether...": how anyone tells, not what the asker has. */
const TELLING_VERBS: ReadonlySet<string> = new Set(['know', 'tell', 'recognise', 'recognize', 'spot']);
const asksHowToTell = (tokens: readonly Token[], i: number): boolean => {
  const clause = (tokens[i] as Token).clause;
  return (
    wordAt(tokens, i - 1, clause) === 'do' &&
    wordAt(tokens, i - 2, clause) === 'how' &&
    TELLING_VERBS.has(wordAt(tokens, i + 1, clause))
  );
};

/** Whether token `i` is the first of its clause. */
const opensClause = (tokens: readonly Token[], i: number): boolean =>
  i === 0 || tokens[i - 1]?.clause !== tokens[i]?.clause;

/**
 * "...? just curious, mine is normal": a clause saying the asker's own is fine denies having the sign, so it
 * is neither a person reported on nor a statement. Only the whole clause: "my pee is dark" still reports.
 */
const OWN_LINKS: ReadonlySet<string> = new Set(['is', 'are', 's', 'looks', 'look', 'seems', 'seem', 'was']);
const OWN_DEGREES: ReadonlySet<string> = new Set(['totally', 'perfectly', 'completely', 'absolutely', 'all']);
const OWN_FINE: ReadonlySet<string> = new Set(['normal', 'fine', 'ok', 'okay', 'clear', 'good']);
const OWN_TAILS: ReadonlySet<string> = new Set(['though', 'tho', 'lol', 'thankfully', 'luckily']);

/** Whether the clause opening at `start` is only "mine is normal", "my urine looks fine" and the like. */
const saysOwnIsFine = (tokens: readonly Token[], start: number): boolean => {
  const clause = (tokens[start] as Token).clause;
  let at = start;
  const first = wordAt(tokens, at, clause);
  if (first === 'my') at += 2;
  else if (first === 'mine') at += 1;
  else return false;
  // "mine's fine" reaches here as "mine fine": the link is optional.
  if (OWN_LINKS.has(wordAt(tokens, at, clause))) at++;
  if (OWN_DEGREES.has(wordAt(tokens, at, clause))) at++;
  if (!OWN_FINE.has(wordAt(tokens, at, clause))) return false;
  at++;
  if (OWN_TAILS.has(wordAt(tokens, at, clause))) at++;
  return wordAt(tokens, at, clause) === '';
};

/** Whether a clause of the message is only "mine is normal" and the like (see saysOwnIsFine). */
export const deniesOwnSign = (tokens: readonly Token[]): boolean => {
  for (let i = 0; i < tokens.length; i++) if (opensClause(tokens, i) && saysOwnIsFine(tokens, i)) return true;
  return false;
};

/** What a person asks for their own sake: "for my own knowledge", "for my information". */
const OWN_SAKE: ReadonlySet<string> = new Set(['knowledge', 'information', 'info', 'interest', 'curiosity']);
const asksForOwnSake = (tokens: readonly Token[], i: number): boolean => {
  const clause = (tokens[i] as Token).clause;
  const next = wordAt(tokens, i + 1, clause);
  return OWN_SAKE.has(next) || (next === 'own' && OWN_SAKE.has(wordAt(tokens, i + 2, clause)));
};

/** How surely this word points at a real person or moment. */
const personAt = (tokens: readonly Token[], i: number): Person => {
  const { word, clause } = tokens[i] as Token;
  const before = wordAt(tokens, i - 1, clause);
  const after = wordAt(tokens, i + 1, clause);
  // "asking for my own knowledge": why the asker asks, not a person or sign reported.
  if ((word === 'my' || word === 'our') && asksForOwnSake(tokens, i)) return null;
  if (PERSONAL.has(word)) return 'strong';
  if (word === 'i')
    return QUESTION_AUXILIARIES.has(before) || asksToKnow(tokens, i) || asksHowToTell(tokens, i)
      ? null
      : 'strong';
  if (word === 'me') return ASKING_VERBS.has(before) ? null : 'strong';
  if (word === 'help' && before === '' && after === '') return 'strong';
  // "signs of someone drowning" asks in general; "someone at the pool went under" reports.
  if (WEAK_PERSONAL.has(word) || word === 'someone' || word === 'somebody') return 'weak';
  // "нормально, что икра опухла?": a Russian past-tense verb tells of something that happened, unless it
  // sits in an "если" clause ("что делать, если человек потерял сознание?").
  if (isRuPastVerb(word) && !clauseHasBefore(tokens, i, RU_SUPPOSING)) return 'weak';
  if (word === 'it') {
    const generic = GENERIC_AFTER_IT.has(after) && GENERIC_LINKS.has(wordAt(tokens, i + 2, clause));
    return generic ? null : 'weak';
  }
  return null;
};

/**
 * True when the message asks about red-flag signs in general without reporting any. A single plain
 * statement clause ("dvt? calf swollen after long drive") makes it a report even without "my". Linear.
 */
export const isGeneralQuestion = (raw: string, tokens: readonly Token[]): boolean => {
  let weakPerson = false;
  let asks = raw.includes('?');
  let asksForInfo = false;
  let states = false;
  let clauseLength = 0;
  let clauseAsks = false;
  /** The clause that made the message a statement, while only one has. */
  let statedBy = -1;
  const askingWhetherPossible = asks ? clausesAskingWhetherPossible(tokens) : NO_CLAUSES;
  for (let i = 0; i < tokens.length; i++) {
    if (opensClause(tokens, i) && saysOwnIsFine(tokens, i)) {
      const clause = (tokens[i] as Token).clause;
      while (tokens[i + 1]?.clause === clause) i++;
      continue;
    }
    const person = personAt(tokens, i);
    if (person === 'strong') return false;
    if (person === 'weak') weakPerson = true;
    const { word, clause } = tokens[i] as Token;
    const next = wordAt(tokens, i + 1, clause);
    if (opensClause(tokens, i)) {
      clauseLength = 0;
      // "so basically is chest pain serious": look past lead-ins for the opener.
      let at = i;
      while (LEAD_INS.has(wordAt(tokens, at, clause)) && at - i < 3) at++;
      const opener = wordAt(tokens, at, clause);
      const afterOpener = wordAt(tokens, at + 1, clause);
      // Russian "болит ли нога при тромбе?": "ли" after the first word makes a yes/no question. An opener
      // with nothing after it ("convulsions. r") asks nothing.
      const opensQuestion =
        (OPENERS.has(opener) && afterOpener !== '' && !isStatementAfterOpener(afterOpener)) ||
        RU_QUESTION_PARTICLES.has(afterOpener);
      clauseAsks = opensQuestion || NOT_A_STATEMENT.has(word) || askingWhetherPossible.has(clause);
      if (opensQuestion) asks = true;
    }
    // "I'd like to know what a seizure looks like": a question without a question mark.
    if (word === 'i' && asksToKnow(tokens, i)) {
      clauseAsks = true;
      asks = true;
    }
    if (!clauseAsks && (SEARCH_PAIRS.get(word)?.has(next) || (next === '' && SEARCH_ENDINGS.has(word)))) {
      clauseAsks = true;
      asks = true;
      if (statedBy === clause) states = false;
    }
    clauseLength++;
    if (clauseLength === STATEMENT_LENGTH && !clauseAsks && !states) {
      states = true;
      statedBy = clause;
    }
    if (INFO_WORDS.has(word)) asksForInfo = true;
    if (INFO_PAIR_NEXT.get(word)?.has(next)) asksForInfo = true;
  }
  if (asksForInfo) return true;
  // "если моча тёмная после тренировки, это опасно?": "это" points back at the supposed case, not at
  // something real. A strong person word ("у меня", "my") still makes it a report.
  return asks && !states && (!weakPerson || opensWithIf(tokens));
};

const IF_WORDS: ReadonlySet<string> = new Set(['if', 'если']);

/** The message opens (after lead-ins such as "а", "so") with "if" or "если". */
const opensWithIf = (tokens: readonly Token[]): boolean => {
  let at = 0;
  while (at < 3 && (LEAD_INS.has(wordAt(tokens, at, 0)) || wordAt(tokens, at, 0) === 'а')) at++;
  return IF_WORDS.has(wordAt(tokens, at, 0));
};
