/**
 * Finds concept phrases in a tokenised message. A phrase's words must appear in order within one clause,
 * with at most MAX_GAP other words between neighbours ("calf [is really] hot"), and never across a word
 * that starts a new thought ("hot [bath then] calf cramp" is not a hot calf). An unordered phrase (`~`)
 * needs its words in one clause within UNORDERED_WINDOW words of each other, in any order ("face droops",
 * "drooping face", "his face looks droopy").
 *
 * Cost: each message word is looked up once (memoised typo index, word forms, prefixes, stems), then only
 * phrases that begin with that word are tried, each in a window of bounded size. Linear in the message
 * length.
 */
import type { FuzzyIndex } from '../normalise/fuzzy.js';
import { TwoGenerationCache } from '../normalise/memo.js';
import { baseForms } from './forms.js';
import { NEGATORS } from './negation.js';
import { RU_LINKS } from './russian.js';
import type { StemmerName } from './sources.js';
import type { Stem } from './stemmers.js';
import type { Token } from './tokens.js';

export const MAX_GAP = 2;
/** How far apart (in words) the words of an unordered phrase may be. */
export const UNORDERED_WINDOW = 6;

/** Links of time and cause, and negators: what is on either side is not one description. */
const LINKS: readonly string[] = [
  ...['after', 'before', 'then', 'when', 'while', 'during', 'because', 'since', 'but', 'so', 'if', 'than'],
  ...['until', 'and', 'or'],
  ...RU_LINKS,
];
/** Gap words that end a phrase: links, prepositions of place, and negators. */
const GAP_BREAKERS: ReadonlySet<string> = new Set([
  ...LINKS.filter((word) => word !== 'and' && word !== 'or'),
  ...['in', 'on', 'at', 'from', 'into', 'onto'],
  ...NEGATORS,
]);
/** Words an unordered phrase never reaches across ("face fine but arm weak" is not a weak face). */
const UNORDERED_BREAKERS: ReadonlySet<string> = new Set([
  ...LINKS.filter((word) => word !== 'and' && word !== 'or' && word !== 'since'),
  ...NEGATORS,
]);

/** A link word that, right before a symptom word, only makes it stronger ("so swollen"). */
const INTENSIFIER = 'so';

export const MATCH_WORDS: readonly string[] = [...GAP_BREAKERS];

export type Element =
  | { kind: 'words'; words: ReadonlySet<string>; negator: boolean }
  | { kind: 'number'; min: number; max: number };

export interface Pattern {
  elements: readonly Element[];
  /** Concepts this phrase counts for (its own and every concept that includes it). */
  concepts: readonly number[];
  /** Words in any order within one clause. */
  unordered: boolean;
  /** Words side by side, no gap ("leg day" is not "leg aches every day"). */
  adjacent: boolean;
  /** Index of the phrase in its matcher (0 to phraseCount - 1): per-message marks are kept by it. */
  id: number;
}

/** context.yaml as concept indexes (-1 where not set). */
export interface CompiledContext {
  exclusive: ReadonlySet<number>;
  historyMarker: number;
  presentMarker: number;
  keeps: ReadonlySet<number>;
  /** "yesterday": past when a later clause says it is over, else now (-1 where not set). */
  recentMarker: number;
  /** "fine now", "checked, all ok": says what came before is over (-1 where not set). */
  resolvedMarker: number;
  hypothetical: number;
  /** "in a film", "во сне": its whole clause is a story, not a report (-1 where not set). */
  fiction: number;
  alarm: number;
  calm: number;
  carry: { hours: number; concepts: ReadonlySet<number> } | null;
}

export interface Matcher {
  fuzzy: FuzzyIndex;
  /** Plain lexicon words (for word forms: "walks" counts only because "walk" is listed). */
  vocabulary: ReadonlySet<string>;
  /** Prefix terms by their first three letters. */
  prefixes: ReadonlyMap<string, readonly string[]>;
  /** Stems of stemmed lexicons, marked with STEM_MARK. */
  stems: ReadonlySet<string>;
  /** The same stems unmarked, typo-tolerant ("опухда" finds "опухл"), as words of plain lexicons are. */
  stemFuzzy?: FuzzyIndex;
  stemmers: readonly Stem[];
  /** The stemmers' names, in the same order (a compiled snapshot stores these, not the functions). */
  stemmerNames: readonly StemmerName[];
  /** Phrases by a vocabulary word they may start with. */
  byFirstWord: ReadonlyMap<string, readonly Pattern[]>;
  /** Phrases that start with a number ("#10+ minutes"). */
  numberFirst: readonly Pattern[];
  /**
   * Phrase ids by the lexicon keys of their anchor: the element the fewest phrases share, so the one a
   * message is least likely to hold. A phrase can only be found in a message where some word satisfies
   * its anchor, so only those phrases are tried (see findPhrases).
   */
  byAnchor: ReadonlyMap<string, readonly number[]>;
  /** Phrases made of number slots only: possible in any message holding a number. */
  numberAnchored: readonly number[];
  phraseCount: number;
  conceptNames: readonly string[];
  context: CompiledContext;
}

export interface PhraseMatch {
  pattern: Pattern;
  /** Message positions of the phrase's elements, in phrase order. */
  positions: number[];
}

/** Lexicon keys a message word may stand for: itself or its typo, its base form, a prefix, a stem. */
export const candidatesFor = (word: string, matcher: Matcher): string[] => {
  const found = [...matcher.fuzzy.lookup(word)];
  // A listed word is read as itself: "ankles" stays plural (both legs), never "ankle" (one leg).
  if (!matcher.vocabulary.has(word)) {
    for (const form of baseForms(word))
      if (matcher.vocabulary.has(form) && !found.includes(form)) found.push(form);
  }
  for (const prefix of matcher.prefixes.get(word.slice(0, 3)) ?? []) {
    if (word.startsWith(prefix)) found.push(`${prefix}*`);
  }
  for (const stem of matcher.stemmers) {
    const stemmed = stem(word);
    const key = `=${stemmed}`;
    if (matcher.stems.has(key)) found.push(key);
    else for (const near of matcher.stemFuzzy?.lookup(stemmed) ?? []) found.push(`=${near}`);
  }
  if (found.length === 0 && matcher.stemmers.length > 0) found.push(...unswapped(word, matcher));
  return found;
};

/** Words this long may have two neighbouring letters swapped ("кржуится" for "кружится"). */
const SWAP_MIN_LENGTH = 6;

/**
 * What a long Russian word reads as once two neighbouring letters typed in the wrong order are put back
 * ("кржуится" is "кружится", "свниц" is "свинц"): a stem of a few letters allows no typo, and a swap is
 * the commonest slip on a phone. Past the first two letters (a word's start is rarely mistyped), only for
 * words nothing else reads, and worked out once per word (readWord keeps the answer).
 */
const unswapped = (word: string, matcher: Matcher): string[] => {
  if (word.length < SWAP_MIN_LENGTH || !/^[а-я]+$/.test(word)) return [];
  const prefixes = matcher.prefixes.get(word.slice(0, 3)) ?? [];
  for (let i = 2; i + 1 < word.length; i++) {
    if (word[i] === word[i + 1]) continue;
    const fixed = `${word.slice(0, i)}${word[i + 1]}${word[i]}${word.slice(i + 2)}`;
    for (const stem of matcher.stemmers) {
      const key = `=${stem(fixed)}`;
      if (matcher.stems.has(key)) return [key];
    }
    const prefix = (i > 2 ? prefixes : (matcher.prefixes.get(fixed.slice(0, 3)) ?? [])).find((p) =>
      fixed.startsWith(p),
    );
    if (prefix !== undefined) return [`${prefix}*`];
  }
  return [];
};

/** Bounded, per matcher: a flood of unique junk words cannot grow memory without limit. */
const CANDIDATES_MEMO_LIMIT = 20_000;

/** What a message word stands for: its lexicon keys, and the phrases that may start with it. */
export interface WordReading {
  candidates: readonly string[];
  /** Phrases starting with one of the candidates, each once, in the order findPhrases tries them. */
  starts: readonly Pattern[];
  /** The ids of `starts`, in the same order: checked against a message's marks without touching a phrase. */
  startIds: readonly number[];
  /** Ids of the phrases whose anchor one of the candidates satisfies (see Matcher.byAnchor). */
  anchored: readonly number[];
}

const readingMemos = new WeakMap<Matcher, TwoGenerationCache<WordReading>>();
/** The matcher of the last word read: nearly every call uses the same one, so the WeakMap is skipped. */
let lastMatcher: Matcher | null = null;
let lastMemo: TwoGenerationCache<WordReading> | null = null;

/** The ids of a phrase list, by list: lists of a single candidate are shared, and so are their ids. */
const listIds = new WeakMap<readonly Pattern[], readonly number[]>();
const idsOf = (patterns: readonly Pattern[]): readonly number[] => {
  let ids = listIds.get(patterns);
  if (!ids) {
    ids = patterns.map((pattern) => pattern.id);
    listIds.set(patterns, ids);
  }
  return ids;
};

const NO_PATTERNS: readonly Pattern[] = [];
const NO_IDS: readonly number[] = [];
const NO_WORDS: readonly string[] = [];

/** The phrases a word's candidates start and the ids they anchor, each once, in candidate order. */
const readingOf = (candidates: readonly string[], matcher: Matcher): WordReading => {
  // One candidate (the common case): its lists hold each phrase once already (see compile.ts).
  if (candidates.length <= 1) {
    const only = candidates[0];
    const starts = only === undefined ? undefined : matcher.byFirstWord.get(only);
    return {
      candidates,
      starts: starts ?? NO_PATTERNS,
      startIds: starts ? idsOf(starts) : NO_IDS,
      anchored: (only === undefined ? undefined : matcher.byAnchor.get(only)) ?? NO_IDS,
    };
  }
  const starts = new Set<Pattern>();
  const anchored = new Set<number>();
  for (const candidate of candidates) {
    for (const pattern of matcher.byFirstWord.get(candidate) ?? []) starts.add(pattern);
    for (const id of matcher.byAnchor.get(candidate) ?? []) anchored.add(id);
  }
  const startList = [...starts];
  return {
    candidates,
    starts: startList,
    startIds: startList.map((pattern) => pattern.id),
    anchored: [...anchored],
  };
};

/**
 * `candidatesFor` and the phrases they start, worked out once per word and matcher (what a word stands for
 * never changes while the knowledge is loaded). Per word, never per message; shared, so never mutated.
 */
export const readWord = (word: string, matcher: Matcher): WordReading => {
  let memo = matcher === lastMatcher ? lastMemo : readingMemos.get(matcher);
  if (!memo) {
    memo = new TwoGenerationCache(CANDIDATES_MEMO_LIMIT);
    readingMemos.set(matcher, memo);
  }
  lastMatcher = matcher;
  lastMemo = memo;
  let found = memo.get(word);
  if (!found) {
    found = readingOf(candidatesFor(word, matcher), matcher);
    memo.set(word, found);
  }
  return found;
};

const elementMatches = (element: Element, token: Token, candidates: readonly string[]): boolean => {
  if (element.kind === 'number')
    return token.number !== null && token.number >= element.min && token.number <= element.max;
  for (const word of candidates) if (element.words.has(word)) return true;
  return false;
};

/**
 * A Russian negator binds to the very next word: "не дышит" is a symptom, but in "в груди не болит, дышу
 * нормально" the "не" belongs to "болит" and must not join "дышу" into "не дышит".
 */
const tightNegators = new WeakMap<Element, boolean>();
const isTightNegator = (element: Element | undefined): boolean => {
  if (element?.kind !== 'words' || !element.negator) return false;
  let tight = tightNegators.get(element);
  if (tight === undefined) {
    tight = [...element.words].some((word) => /[\u0400-\u04ff]/.test(word));
    tightNegators.set(element, tight);
  }
  return tight;
};

const extend = (
  pattern: Pattern,
  k: number,
  from: number,
  tokens: readonly Token[],
  readings: readonly WordReading[],
  positions: number[],
): boolean => {
  const element = pattern.elements[k];
  if (!element) return true;
  const clause = tokens[from - 1]?.clause;
  const gap = pattern.adjacent || isTightNegator(pattern.elements[k - 1]) ? 0 : MAX_GAP;
  for (let j = from; j < tokens.length && j <= from + gap; j++) {
    const token = tokens[j] as Token;
    if (token.clause !== clause) return false;
    const matches = elementMatches(element, token, (readings[j] as WordReading).candidates);
    const before = j > from ? (tokens[j - 1] as Token).word : '';
    // "so" right before the word it qualifies ("chest is so tight") intensifies; elsewhere it links.
    if (GAP_BREAKERS.has(before) && !(matches && before === INTENSIFIER)) return false;
    if (matches) {
      positions[k] = j;
      if (extend(pattern, k + 1, j + 1, tokens, readings, positions)) return true;
    }
  }
  return false;
};

/** Whether a word between `a` and `b` (exclusive) ends the description. */
const brokenBetween = (tokens: readonly Token[], a: number, b: number): boolean => {
  const from = Math.min(a, b);
  const to = Math.max(a, b);
  for (let j = from + 1; j < to; j++) {
    const word = (tokens[j] as Token).word;
    if (UNORDERED_BREAKERS.has(word) && !(word === INTENSIFIER && j + 1 === to)) return true;
  }
  return false;
};

/** An unordered phrase with element `k` at `start`: every other element near it, in the same clause. */
const matchUnordered = (
  pattern: Pattern,
  k: number,
  start: number,
  tokens: readonly Token[],
  readings: readonly WordReading[],
): number[] | null => {
  const clause = (tokens[start] as Token).clause;
  const positions: number[] = [];
  // At most a handful of elements: a short array is cheaper than a Set per attempt.
  const used: number[] = [start];
  for (let e = 0; e < pattern.elements.length; e++) {
    if (e === k) {
      positions[e] = start;
      continue;
    }
    const element = pattern.elements[e] as Element;
    let best = -1;
    for (let d = 1; d <= UNORDERED_WINDOW && best < 0; d++) {
      for (let side = 0; side < 2; side++) {
        const j = side === 0 ? start - d : start + d;
        const token = tokens[j];
        if (!token || token.clause !== clause || used.includes(j)) continue;
        if (brokenBetween(tokens, start, j)) continue;
        if (elementMatches(element, token, (readings[j] as WordReading).candidates)) {
          best = j;
          break;
        }
      }
    }
    if (best < 0) return null;
    used.push(best);
    positions[e] = best;
  }
  return positions;
};

const holdsNumber = (tokens: readonly Token[]): boolean => {
  for (const token of tokens) if (token.number !== null) return true;
  return false;
};

/**
 * Per matcher: a byte per phrase, set while a message holding its anchor is read and cleared after (a
 * quarter of the memory of a stamp per phrase, so the marks stay in the fastest cache).
 */
const possibleMarks = new WeakMap<Matcher, Uint8Array>();
let lastMarked: Matcher | null = null;
let lastMarks: Uint8Array | null = null;

/**
 * Marks the phrases whose anchor some word of the message satisfies; the rest cannot be found, so they
 * are never tried (a mark left over would only cost a failed attempt). `unmark` clears the same marks.
 */
const markPossible = (readings: readonly WordReading[], matcher: Matcher, numbers: boolean): Uint8Array => {
  let marks = matcher === lastMarked ? lastMarks : possibleMarks.get(matcher);
  if (!marks) {
    marks = new Uint8Array(matcher.phraseCount);
    possibleMarks.set(matcher, marks);
  }
  lastMarked = matcher;
  lastMarks = marks;
  setMarks(readings, matcher, numbers, marks, 1);
  return marks;
};

const setMarks = (
  readings: readonly WordReading[],
  matcher: Matcher,
  numbers: boolean,
  marks: Uint8Array,
  value: number,
): void => {
  for (const reading of readings) for (const id of reading.anchored) marks[id] = value;
  if (numbers) for (const id of matcher.numberAnchored) marks[id] = value;
};

/** Positions of an ordered attempt, reused (most attempts fail); a match gets a copy. */
const scratch: number[] = [];

/** Tries `pattern` starting at `start`, adding each occurrence found to `found`. */
const attempt = (
  pattern: Pattern,
  start: number,
  tokens: readonly Token[],
  readings: readonly WordReading[],
  found: PhraseMatch[],
): void => {
  if (pattern.unordered) {
    const word = (readings[start] as WordReading).candidates;
    const token = tokens[start] as Token;
    const { elements } = pattern;
    for (let k = 0; k < elements.length; k++) {
      if (!elementMatches(elements[k] as Element, token, word)) continue;
      const positions = matchUnordered(pattern, k, start, tokens, readings);
      if (positions) found.push({ pattern, positions });
    }
    return;
  }
  scratch[0] = start;
  if (extend(pattern, 1, start + 1, tokens, readings, scratch))
    found.push({ pattern, positions: scratch.slice(0, pattern.elements.length) });
};

/** Every phrase occurrence in the message (one per phrase and start position). */
export const findPhrases = (
  tokens: readonly Token[],
  readings: readonly WordReading[],
  matcher: Matcher,
): PhraseMatch[] => {
  const found: PhraseMatch[] = [];
  const numbers = matcher.numberAnchored.length > 0 && holdsNumber(tokens);
  const marks = markPossible(readings, matcher, numbers);
  try {
    // Each pattern is tried once per start position; a phrase not marked possible would fail, so is
    // skipped. Only messages with a number need the set.
    let seen: Set<Pattern> | null = null;
    for (let i = 0; i < tokens.length; i++) {
      const { starts: known, startIds } = readings[i] as WordReading;
      // readWord's list holds each pattern once already.
      for (let s = 0; s < startIds.length; s++)
        if (marks[startIds[s] as number] === 1) attempt(known[s] as Pattern, i, tokens, readings, found);
      if ((tokens[i] as Token).number !== null) {
        seen ??= new Set<Pattern>();
        seen.clear();
        for (const pattern of known) seen.add(pattern);
        for (const pattern of matcher.numberFirst) {
          if (seen.has(pattern) || marks[pattern.id] !== 1) continue;
          if (!elementMatches(pattern.elements[0] as Element, tokens[i] as Token, NO_WORDS)) continue;
          seen.add(pattern);
          attempt(pattern, i, tokens, readings, found);
        }
      }
    }
  } finally {
    setMarks(readings, matcher, numbers, marks, 0);
  }
  return found;
};
