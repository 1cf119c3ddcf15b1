/**
 * Finds concept phrases in a tokenised message. A phrase's words must appear in order within one clause,
 * with at most MAX_GAP other words between neighbours ("calf [is really] hot"), and never across a word
 * that starts a new thought ("hot [bath then] calf cramp" is not a hot calf).
 *
 * Cost: each message word is looked up once (memoised typo index), then only phrases that begin with
 * that word are tried, each in a window of bounded size. Linear in the message length.
 */
import type { FuzzyIndex } from '../normalise/fuzzy.js';
import type { TriageGrammar } from './grammar.js';
import { NEGATORS } from './negation.js';
import type { Token } from './tokens.js';

export const MAX_GAP = 2;

/** Gap words that end a phrase: time and cause links, prepositions of place, and negators. */
export const GAP_BREAKERS: ReadonlySet<string> = new Set([
  ...['after', 'before', 'then', 'when', 'while', 'during', 'because', 'since', 'but', 'so', 'if', 'than'],
  ...['in', 'on', 'at', 'from', 'until', 'into', 'onto'],
  ...NEGATORS,
]);

export const MATCH_WORDS: readonly string[] = [...GAP_BREAKERS];

export type Element =
  | { kind: 'words'; words: ReadonlySet<string>; negator: boolean }
  | { kind: 'number'; min: number; max: number };

export interface Pattern {
  elements: readonly Element[];
  /** Concepts this phrase counts for (its own and every concept that includes it). */
  concepts: readonly number[];
}

export interface Matcher {
  fuzzy: FuzzyIndex;
  /** The language's words: how message words become keys, and the negation and question vocabulary. */
  grammar: TriageGrammar;
  /** Phrases by the vocabulary word they start with. */
  byFirstWord: ReadonlyMap<string, readonly Pattern[]>;
  /** Phrases that start with a number ("#10+ minutes"). */
  numberFirst: readonly Pattern[];
  conceptNames: readonly string[];
}

export interface PhraseMatch {
  pattern: Pattern;
  /** Message positions of the phrase's elements, in order. */
  positions: number[];
}

const elementMatches = (element: Element, token: Token, candidates: readonly string[]): boolean => {
  if (element.kind === 'number')
    return token.number !== null && token.number >= element.min && token.number <= element.max;
  for (const word of candidates) if (element.words.has(word)) return true;
  return false;
};

const extend = (
  pattern: Pattern,
  k: number,
  from: number,
  tokens: readonly Token[],
  candidates: readonly (readonly string[])[],
  positions: number[],
  gapBreakers: ReadonlySet<string>,
): boolean => {
  const element = pattern.elements[k];
  if (!element) return true;
  const clause = tokens[from - 1]?.clause;
  for (let j = from; j < tokens.length && j <= from + MAX_GAP; j++) {
    const token = tokens[j] as Token;
    if (token.clause !== clause) return false;
    if (j > from && gapBreakers.has((tokens[j - 1] as Token).word)) return false;
    if (elementMatches(element, token, candidates[j] ?? [])) {
      positions[k] = j;
      if (extend(pattern, k + 1, j + 1, tokens, candidates, positions, gapBreakers)) return true;
    }
  }
  return false;
};

/** Every phrase occurrence in the message (one per phrase and start position). */
export const findPhrases = (
  tokens: readonly Token[],
  candidates: readonly (readonly string[])[],
  matcher: Matcher,
): PhraseMatch[] => {
  const found: PhraseMatch[] = [];
  const tryPattern = (pattern: Pattern, start: number, seen: Set<Pattern>): void => {
    if (seen.has(pattern)) return;
    seen.add(pattern);
    const positions = [start];
    if (extend(pattern, 1, start + 1, tokens, candidates, positions, matcher.grammar.gapBreakers))
      found.push({ pattern, positions });
  };
  for (let i = 0; i < tokens.length; i++) {
    const seen = new Set<Pattern>();
    for (const word of candidates[i] ?? []) {
      for (const pattern of matcher.byFirstWord.get(word) ?? []) tryPattern(pattern, i, seen);
    }
    if ((tokens[i] as Token).number !== null) {
      for (const pattern of matcher.numberFirst) {
        if (elementMatches(pattern.elements[0] as Element, tokens[i] as Token, []))
          tryPattern(pattern, i, seen);
      }
    }
  }
  return found;
};
