/**
 * A language's grammar words for triage: how a message word becomes a matching key (English: itself;
 * Russian: its stem) and the words that make negation, questions and phrase gaps. Concepts and rules are
 * data; these are code because they describe how a language works, not what a symptom is.
 */
import { GAP_BREAKERS } from './match.js';
import { ENGLISH_NEGATION, NEGATION_WORDS, type NegationGrammar } from './negation.js';
import { ENGLISH_QUESTIONS, QUESTION_WORDS, type QuestionGrammar } from './question.js';

export interface TriageGrammar {
  code: string;
  /** Message and phrase words to matching keys, after the shared normaliser. */
  key: (word: string) => string;
  negation: NegationGrammar;
  questions: QuestionGrammar;
  /** Gap words that end a phrase ("after", "when", negators). */
  gapBreakers: ReadonlySet<string>;
  /** Every grammar word, never corrected as a typo of a symptom word. */
  words: readonly string[];
}

export const ENGLISH: TriageGrammar = {
  code: 'en',
  key: (word) => word,
  negation: ENGLISH_NEGATION,
  questions: ENGLISH_QUESTIONS,
  gapBreakers: GAP_BREAKERS,
  words: [...NEGATION_WORDS, ...QUESTION_WORDS, ...GAP_BREAKERS],
};

export const grammarWords = (grammar: TriageGrammar): readonly string[] => grammar.words;
