import type { KnowledgeBase } from '../kb/load.js';
import { normalise, tokens } from '../normalise/index.js';

type Answers = KnowledgeBase['answers'];

/**
 * Keyed by the answers map itself: a compiled snapshot (kb/compiled.ts) hands back the words it stored
 * with it (tokenising every answer was a tenth of a warm load), and an engine made with another country
 * shares the same answers, so the same words.
 */
const known = new WeakMap<Answers, ReadonlySet<string>>();

/** Every word the bot's own answers use: real words, never corrected as typos (see match/spelling.ts). */
export const answerWords = (answers: Answers): ReadonlySet<string> => {
  let words = known.get(answers);
  if (!words) {
    words = new Set([...answers.values()].flatMap((answer) => tokens(normalise(JSON.stringify(answer)))));
    known.set(answers, words);
  }
  return words;
};

/** Words stored in a compiled snapshot with these answers, built from the same files by the same code. */
export const rememberAnswerWords = (answers: Answers, words: Iterable<string>): void => {
  known.set(answers, new Set(words));
};
