import type { KnowledgeBase } from '../kb/load.js';
import { normalise, tokens } from '../normalise/index.js';

type Answers = KnowledgeBase['answers'];

/**
 * Keyed by the answers map itself: a compiled snapshot (kb/compiled.ts) hands back the words it stored
 * with it (tokenising every answer was a tenth of a warm load), and an engine made with another country
 * shares the same answers, so the same words.
 */
const known = new WeakMap<Answers, ReadonlySet<string>>();

/**
 * Every word the project itself writes: the bot's answers, its messages, and the red-flag rules and phrases.
 * These are real words, never corrected as typos of another word (see match/spelling.ts): "heard" is not
 * "heart", "tried" not "tired", "wants" not "warts", although no intent example uses them.
 */
export const answerWords = (
  kb: Pick<KnowledgeBase, 'answers' | 'messages' | 'redFlags'>,
): ReadonlySet<string> => {
  let words = known.get(kb.answers);
  if (!words) {
    const { concepts, rules, notTypos } = kb.redFlags.sources;
    const texts = [
      JSON.stringify([...kb.answers.values()]),
      JSON.stringify(kb.messages),
      JSON.stringify(rules.map(({ rule }) => rule)),
      ...[...concepts.values()].flatMap((concept) => concept.phrases.map((phrase) => phrase.text)),
      ...notTypos,
    ];
    words = new Set(texts.flatMap((text) => tokens(normalise(text))));
    known.set(kb.answers, words);
  }
  return words;
};

/** Words stored in a compiled snapshot with these answers, built from the same files by the same code. */
export const rememberAnswerWords = (answers: Answers, words: Iterable<string>): void => {
  known.set(answers, new Set(words));
};
