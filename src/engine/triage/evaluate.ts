/**
 * One message through the pipeline: words -> phrases -> negation -> concepts -> rules.
 */
import { LEVELS, type Level, type TriageResult } from '../types.js';
import { candidatesFor, findPhrases, type Matcher } from './match.js';
import { negatedTokens } from './negation.js';
import { isGeneralQuestion } from './question.js';
import { type Token, tokenise } from './tokens.js';

export interface CompiledRule {
  id: string;
  level: Exclude<Level, 'none'>;
  /** Alternatives as concept indexes. */
  when: readonly (readonly number[])[];
}

/** What triage saw, for tests, the knowledge linter and debugging a missed or false flag. */
export interface TriageTrace extends TriageResult {
  /** Concepts present and not negated. */
  concepts: string[];
  /** Concepts found only inside a negation ("no swelling"). */
  negated: string[];
  /** A question about signs in general, with no personal report: the level stays `none`. */
  generalQuestion: boolean;
}

const rank = (level: Level): number => LEVELS.indexOf(level);

export const evaluate = (text: string, matcher: Matcher, rules: readonly CompiledRule[]): TriageTrace => {
  const tokens: Token[] = tokenise(text);
  const candidates = tokens.map((token) => candidatesFor(token.word, matcher));
  const phrases = findPhrases(tokens, candidates, matcher);

  const consumed = new Uint8Array(tokens.length);
  for (const { pattern, positions } of phrases) {
    pattern.elements.forEach((element, k) => {
      if (element.kind === 'words' && element.negator) consumed[positions[k] as number] = 1;
    });
  }
  const negated = negatedTokens(tokens, consumed);

  const present = new Uint8Array(matcher.conceptNames.length);
  const seenNegated = new Uint8Array(matcher.conceptNames.length);
  for (const { pattern, positions } of phrases) {
    // An unordered phrase is negated when any of its words is ("face is not droopy").
    const isNegated = pattern.unordered
      ? positions.some((position) => negated[position])
      : negated[positions[0] as number];
    const target = isNegated ? seenNegated : present;
    for (const concept of pattern.concepts) target[concept] = 1;
  }

  const generalQuestion = isGeneralQuestion(text, tokens);
  const fired = generalQuestion
    ? []
    : rules
        .filter((rule) => rule.when.some((alternative) => alternative.every((concept) => present[concept])))
        .sort((a, b) => rank(a.level) - rank(b.level));
  const names = (flags: Uint8Array, skip?: Uint8Array): string[] =>
    matcher.conceptNames.filter((_, i) => flags[i] && !skip?.[i]);
  return {
    level: fired[0]?.level ?? 'none',
    rules: fired.map((rule) => rule.id),
    concepts: names(present),
    negated: names(seenNegated, present),
    generalQuestion,
  };
};
