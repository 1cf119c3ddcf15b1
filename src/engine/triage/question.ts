/**
 * General questions ("what are the signs of a clot?", "when should I worry about calf pain?") name red-flag
 * symptoms without reporting them. They must not raise the level; the answer lists the signs instead.
 * A message counts as a report as soon as it speaks about a person ("my", "she", "someone") or about
 * now ("since yesterday"), so "my calf is swollen and hot, is it a clot?" is still triaged.
 */
import type { Token } from './tokens.js';

const PERSONAL: ReadonlySet<string> = new Set([
  ...['my', 'mine', 'myself', 'we', 'our', 'ours', 'us', 'he', 'him', 'his', 'himself'],
  ...['she', 'hers', 'herself', 'her', 'someone', 'somebody'],
  ...['now', 'today', 'tonight', 'yesterday', 'ago', 'currently', 'since', 'lately', 'tomorrow'],
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
  ...['not', 'barely', 'hardly', 'only', 'just', 'still', 'never', 'no', 'also', 'really', 'definitely'],
]);

const OPENERS: ReadonlySet<string> = new Set([
  ...['what', 'when', 'why', 'how', 'which', 'who', 'where', 'can', 'could', 'is', 'are', 'does', 'do'],
  ...['should', 'would', 'will', 'may', 'might', 'shall'],
]);

/** Asking about a condition in general: "signs of", "symptoms of", "difference between". */
const INFO_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['signs', 'of'],
  ['sign', 'of'],
  ['symptoms', 'of'],
  ['symptom', 'of'],
  ['difference', 'between'],
  ['warning', 'signs'],
  ['when', 'to'],
];

/** Clauses that open like this ask, suppose or continue; they do not state what is happening. */
const NOT_A_STATEMENT: ReadonlySet<string> = new Set([
  'if',
  'or',
  'and',
  'but',
  'also',
  'just',
  'like',
  'so',
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
  'i',
  'me',
  'it',
  'this',
  'help',
];

/** The words question detection is built from; one set per language (see grammar.ts). */
export interface QuestionGrammar {
  personal: ReadonlySet<string>;
  /** Words that point at something real only weakly ("this"): enough to stop a yes/no question counting. */
  weakPersonal: ReadonlySet<string>;
  auxiliaries: ReadonlySet<string>;
  askingVerbs: ReadonlySet<string>;
  genericAfterIt: ReadonlySet<string>;
  genericLinks: ReadonlySet<string>;
  statementAfterOpener: ReadonlySet<string>;
  openers: ReadonlySet<string>;
  infoPairs: ReadonlyArray<readonly [string, string]>;
  /** Single words that ask for general information on their own ("признаки", "симптомы"). */
  infoWords: ReadonlySet<string>;
  notAStatement: ReadonlySet<string>;
}

export const ENGLISH_QUESTIONS: QuestionGrammar = {
  personal: PERSONAL,
  weakPersonal: new Set(['this']),
  auxiliaries: QUESTION_AUXILIARIES,
  askingVerbs: ASKING_VERBS,
  genericAfterIt: GENERIC_AFTER_IT,
  genericLinks: GENERIC_LINKS,
  statementAfterOpener: STATEMENT_AFTER_OPENER,
  openers: OPENERS,
  infoPairs: INFO_PAIRS,
  infoWords: new Set(),
  notAStatement: NOT_A_STATEMENT,
};

const wordAt = (tokens: readonly Token[], i: number, clause: number): string => {
  const token = tokens[i];
  return token && token.clause === clause ? token.word : '';
};

type Person = 'strong' | 'weak' | null;

/** How surely this word points at a real person or moment. */
const personAt = (tokens: readonly Token[], i: number, grammar: QuestionGrammar): Person => {
  const { word, clause } = tokens[i] as Token;
  const before = wordAt(tokens, i - 1, clause);
  const after = wordAt(tokens, i + 1, clause);
  if (grammar.personal.has(word)) return 'strong';
  if (word === 'i') return grammar.auxiliaries.has(before) ? null : 'strong';
  if (word === 'me') return grammar.askingVerbs.has(before) ? null : 'strong';
  if (word === 'help' && before === '' && after === '') return 'strong';
  if (grammar.weakPersonal.has(word)) return 'weak';
  if (word === 'it') {
    const generic =
      grammar.genericAfterIt.has(after) && grammar.genericLinks.has(wordAt(tokens, i + 2, clause));
    return generic ? null : 'weak';
  }
  return null;
};

/**
 * True when the message asks about red-flag signs in general without reporting any. A single plain
 * statement clause ("dvt? calf swollen after long drive") makes it a report even without "my". Linear.
 */
export const isGeneralQuestion = (
  raw: string,
  tokens: readonly Token[],
  grammar: QuestionGrammar = ENGLISH_QUESTIONS,
): boolean => {
  let weakPerson = false;
  let asks = raw.includes('?');
  let asksForInfo = false;
  let states = false;
  let clauseLength = 0;
  let clauseAsks = false;
  for (let i = 0; i < tokens.length; i++) {
    const person = personAt(tokens, i, grammar);
    if (person === 'strong') return false;
    if (person === 'weak') weakPerson = true;
    const { word, clause } = tokens[i] as Token;
    const next = wordAt(tokens, i + 1, clause);
    if (i === 0 || tokens[i - 1]?.clause !== clause) {
      clauseLength = 0;
      const opens = grammar.openers.has(word) && !grammar.statementAfterOpener.has(next);
      clauseAsks = opens || grammar.notAStatement.has(word);
      if (opens) asks = true;
    }
    clauseLength++;
    if (clauseLength === STATEMENT_LENGTH && !clauseAsks) states = true;
    if (grammar.infoWords.has(word)) asksForInfo = true;
    if (grammar.infoPairs.some(([first, second]) => first === word && second === next)) asksForInfo = true;
  }
  if (asksForInfo) return true;
  return asks && !states && !weakPerson;
};
