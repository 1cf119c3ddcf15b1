/**
 * Finds concept phrases in a tokenised message. A phrase's words must appear in order within one clause,
 * with at most MAX_GAP other words between neighbours ("calf [is really] hot"), and never across a word
 * that starts a new thought ("hot [bath then] calf cramp" is not a hot calf). An unordered phrase (`~`)
 * needs its words in one clause within UNORDERED_WINDOW words of each other, in any order ("face droops",
 * "drooping face", "his face looks droopy").
 *
 * Cost: each message word is looked up once (memoised typo index, word forms, prefixes, stems); only
 * phrases whose anchor some word satisfies are tried, each only where its first word is, in a window of
 * bounded size. Linear in the message length.
 */

import { isEndingLetter } from '../language/detect.js';
import { type LetterTree, type LetterTreeEntry, letterTree } from '../language/letter-tree.js';
import { allowedEdits, editDistance, type FuzzyIndex } from '../normalise/fuzzy.js';
import { baseForms } from './forms.js';
import { NEGATORS } from './negation.js';
import { isRuLegForm, RU_LINKS } from './russian.js';
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
  /** "not getting better": the dated clause before it began a trouble that goes on (-1 where not set). */
  ongoingMarker: number;
  hypothetical: number;
  /** "in a film", "во сне": its whole clause is a story, not a report (-1 where not set). */
  fiction: number;
  alarm: number;
  calm: number;
  /** "what's the point of living": a question that is a report (-1 where not set). */
  rhetorical: number;
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
  /**
   * Cyrillic words of stemmed lexicons as written ("дышать"), with their stems ("дыш"): a slip that changes
   * the stem ("дышшать", "дышть") is read by the word it slipped from (see slipsOf).
   */
  writtenStems?: ReadonlyMap<string, string>;
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

const NO_CANDIDATES: readonly string[] = [];

const hasCyrillic = (word: string): boolean => {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code >= 0x400 && code <= 0x4ff) return true;
  }
  return false;
};

const latinStems = new WeakMap<Matcher, readonly string[] | null>();

/**
 * The stems a word without a Cyrillic letter may read as, unmarked ("cramp", "10"), or null when the
 * stemmers are not all Russian. The Russian stemmer leaves such a word as it is, and a stem holding more
 * Cyrillic letters than a typo of it may change is neither that word nor near it, in the stems or in their
 * typo index (made of the same stems). Worked out once per matcher.
 */
const latinStemsOf = (matcher: Matcher): readonly string[] | null => {
  let known = latinStems.get(matcher);
  if (known === undefined) {
    const found: string[] = [];
    for (const key of matcher.stems) {
      let cyrillic = 0;
      for (let i = 1; i < key.length; i++) {
        const code = key.charCodeAt(i);
        if (code >= 0x400 && code <= 0x4ff) cyrillic++;
      }
      if (cyrillic <= allowedEdits(key.length - 1)) found.push(key.slice(1));
    }
    known = matcher.stemmerNames.every((name) => name === 'ru') ? found : null;
    latinStems.set(matcher, known);
  }
  return known;
};

/**
 * Whether a word is sure to read as no stem: English words (most message words) then skip the stemmer, two
 * stem lookups and a typo search of the stems.
 */
const readsNoStem = (word: string, matcher: Matcher): boolean => {
  if (matcher.stemmers.length === 0) return true;
  if (hasCyrillic(word)) return false;
  const stems = latinStemsOf(matcher);
  if (stems === null) return false;
  for (const stem of stems) {
    if (stem === word) return false;
    const limit = allowedEdits(Math.min(word.length, stem.length));
    if (limit > 0 && editDistance(word, stem, limit) <= limit) return false;
  }
  return true;
};

/** Whether the last readingsOf found a stem of the word itself among the stems (not only a near one). */
let stemFound = false;

/** Lexicon keys a message word may stand for: itself or its typo, its base form, a prefix, a stem. */
export const candidatesFor = (word: string, matcher: Matcher): readonly string[] => {
  const noStem = readsNoStem(word, matcher);
  const found = readingsOf(word, matcher, noStem);
  // A word the lexicon does not have whole, read by nothing or only by a prefix or a near stem ("дыштаь" by
  // "дыш*"), may be a swap of a word it has (only a Cyrillic one: see unswapped). Whether it has the word's
  // stem readingsOf found already (readsWhole would stem the word again).
  if (!noStem && !matcher.vocabulary.has(word) && !stemFound)
    for (const key of unswapped(word, matcher)) if (!found.includes(key)) found.push(key);
  // readWord keeps the answer as long as the word: most typos read as nothing, and share one empty list.
  return found.length === 0 ? NO_CANDIDATES : found;
};

/** The lexicon keys a word reads as without undoing a swap: itself or its typo, base form, prefix, stem. */
const readingsOf = (word: string, matcher: Matcher, noStem = false): string[] => {
  // readWord keeps the answer per word: the indexes' own memos would only hold it a second time.
  const found = [...matcher.fuzzy.lookupUnmemoised(word)];
  // A listed word is read as itself: "ankles" stays plural (both legs), never "ankle" (one leg).
  if (!matcher.vocabulary.has(word)) {
    for (const form of baseForms(word))
      if (matcher.vocabulary.has(form) && !found.includes(form)) found.push(form);
  }
  for (const prefix of matcher.prefixes.get(word.slice(0, 3)) ?? []) {
    if (word.startsWith(prefix)) found.push(`${prefix}*`);
  }
  stemFound = false;
  if (noStem) return found;
  for (const stem of matcher.stemmers) {
    const stemmed = stem(word);
    const key = `=${stemmed}`;
    if (matcher.stems.has(key)) {
      found.push(key);
      stemFound = true;
      continue;
    }
    const near = matcher.stemFuzzy?.lookupUnmemoised(stemmed) ?? NO_CANDIDATES;
    for (const stemNear of near) found.push(`=${stemNear}`);
    // A slip back to a written word is read even beside a near stem: a new lexicon word's stem ("ставл", from
    // "ставлю") may sit one letter from a slip ("сталла") that meant another word ("стала").
    for (const slipped of slipsOf(word, matcher))
      if (!found.includes(`=${slipped}`)) found.push(`=${slipped}`);
  }
  return found;
};

/** A written word's length from which a dropped letter is read back (shorter ones make other words). */
const SLIP_MIN_LENGTH = 6;

const droppedLetters = new WeakMap<Matcher, ReadonlyMap<string, readonly string[]>>();

/** Every written word of SLIP_MIN_LENGTH or more with one letter after the first two dropped, to its stems. */
const droppedLettersOf = (matcher: Matcher): ReadonlyMap<string, readonly string[]> => {
  let known = droppedLetters.get(matcher);
  if (!known) {
    const map = new Map<string, string[]>();
    for (const [word, stem] of matcher.writtenStems ?? []) {
      if (word.length < SLIP_MIN_LENGTH) continue;
      for (let i = 2; i < word.length; i++) {
        const short = `${word.slice(0, i)}${word.slice(i + 1)}`;
        const stems = map.get(short);
        if (!stems) map.set(short, [stem]);
        else if (!stems.includes(stem)) stems.push(stem);
      }
    }
    known = map;
    droppedLetters.set(matcher, known);
  }
  return known;
};

/**
 * The stems a Cyrillic word reads as once a slip of the finger is undone that its stem, too short to allow a
 * typo ("дыш"), cannot absorb: a letter typed twice ("дышшать", "горрло") or one dropped ("дышть") from a word
 * the lexicons write out. Only these two slips: a letter typed in place of another often makes another real
 * word ("пугает" is not "путает"), a swap is undone by unswapped.
 */
const slipsOf = (word: string, matcher: Matcher): readonly string[] => {
  const written = matcher.writtenStems;
  if (!written || written.size === 0 || word.length < SLIP_MIN_LENGTH - 1 || !hasCyrillic(word))
    return NO_CANDIDATES;
  for (let i = 1; i + 1 < word.length; i++) {
    // Codes, not letters: a Cyrillic letter read as a string is a new string each time.
    if (word.charCodeAt(i) !== word.charCodeAt(i + 1)) continue;
    const stem = written.get(`${word.slice(0, i)}${word.slice(i + 1)}`);
    if (stem !== undefined) return [stem];
  }
  return droppedLettersOf(matcher).get(word) ?? NO_CANDIDATES;
};

/** Whether the lexicon has the word itself or its stem. */
const readsWhole = (word: string, matcher: Matcher): boolean =>
  matcher.vocabulary.has(word) || matcher.stemmers.some((stem) => matcher.stems.has(`=${stem(word)}`));

/** The stems (unmarked) and the vocabulary words as a letter tree: STEM_END or WORD_END where each ends. */
type StemTree = LetterTree;
const STEM_END = 1;
const WORD_END = 2;

const stemTrees = new WeakMap<Matcher, StemTree | null>();

/** The matcher's stem tree, or null when the stemmers are not all Russian. Made once per matcher. */
const stemTreeOf = (matcher: Matcher): StemTree | null => {
  let tree = stemTrees.get(matcher);
  if (tree === undefined) {
    tree = null;
    if (matcher.stemmerNames.every((name) => name === 'ru')) {
      // Stems without their mark.
      tree = letterTree([
        ...[...matcher.stems].map((key): LetterTreeEntry => [key, 1, STEM_END]),
        ...[...matcher.vocabulary].map((word): LetterTreeEntry => [word, 0, WORD_END]),
      ]);
    }
    stemTrees.set(matcher, tree);
  }
  return tree;
};

/** The code at `at` of the word with its letters at `swap` and `swap + 1` swapped (none for a negative swap). */
const swappedCode = (word: string, swap: number, at: number): number =>
  word.charCodeAt(swap < 0 ? at : at === swap ? at + 1 : at === swap + 1 ? swap : at);

/**
 * Whether readsWhole may be true of a word of Cyrillic letters without ё, or of swappedAt(word, swap) worked
 * out without making it: the lexicon has it, or a stem that starts it and is at least as long as the stemmer
 * keeps (the Russian stemmer only ever deletes endings, so it keeps every letter up to the last one no ending
 * has). Spares the stemmer, and the swapped word, the many swaps unswapped tries that start no stem at all.
 */
export const mayReadWhole = (word: string, matcher: Matcher, swap = -1): boolean => {
  const tree = stemTreeOf(matcher);
  if (tree === null) return true;
  const { children, ends } = tree;
  let kept = word.length;
  while (kept > 0 && isEndingLetter(swappedCode(word, swap, kept - 1))) kept--;
  if (kept === 0 && ((ends[0] as number) & STEM_END) !== 0) return true;
  let node = 0;
  for (let i = 0; i < word.length; i++) {
    const child = children.get(node * 65536 + swappedCode(word, swap, i));
    if (child === undefined) return false;
    if (((ends[child] as number) & STEM_END) !== 0 && i + 1 >= kept) return true;
    node = child;
  }
  return ((ends[node] as number) & WORD_END) !== 0;
};

/** Words this long may have two neighbouring letters swapped ("кржуится" for "кружится"). */
const SWAP_MIN_LENGTH = 6;
/** One pattern for every word: a literal in the function made a new RegExp object per call. */
const RUSSIAN_LETTERS = /^[а-я]+$/;

/** The word with the letters at `i` and `i + 1` swapped. */
const swappedAt = (word: string, i: number): string =>
  `${word.slice(0, i)}${word[i + 1]}${word[i]}${word.slice(i + 2)}`;

/**
 * What a long Russian word reads as once two neighbouring letters typed in the wrong order are put back
 * ("кржуится" is "кружится", "свниц" is "свинц"): a stem of a few letters allows no typo, and a swap is
 * the commonest slip on a phone. Past the first two letters (a word's start is rarely mistyped), only for
 * words nothing else reads but a prefix, and worked out once per word (readWord keeps the answer). A swap
 * giving a word the lexicon has whole (its stem) reads as that word in full; failing that, a prefix.
 */
const unswapped = (word: string, matcher: Matcher): readonly string[] => {
  if (word.length < SWAP_MIN_LENGTH || !RUSSIAN_LETTERS.test(word)) return NO_CANDIDATES;
  for (let i = 2; i + 1 < word.length; i++) {
    if (word.charCodeAt(i) === word.charCodeAt(i + 1)) continue;
    if (!mayReadWhole(word, matcher, i)) continue;
    const fixed = swappedAt(word, i);
    if (readsWhole(fixed, matcher)) return readingsOf(fixed, matcher);
  }
  // The prefixes of the word's first three letters, and (for the swap of its third and fourth) of its first
  // two and fourth, read by letter codes: no swapped word or start is made to look them up.
  const byThird = prefixesByStartOf(matcher).get(word.charCodeAt(0) * 65536 + word.charCodeAt(1));
  if (byThird === undefined) return NO_CANDIDATES;
  // The longest prefix a swap reaches that the word as typed does not.
  let longest = '';
  const prefixes = byThird.get(word.charCodeAt(2)) ?? NO_CANDIDATES;
  for (let i = 2; i + 1 < word.length; i++) {
    if (word.charCodeAt(i) === word.charCodeAt(i + 1)) continue;
    // Past the third letter the word's own start names the prefixes: none, no swap to make.
    if (i > 2 && prefixes.length === 0) break;
    for (const prefix of i > 2 ? prefixes : (byThird.get(word.charCodeAt(3)) ?? NO_CANDIDATES))
      if (prefix.length > longest.length && startsSwapped(word, i, prefix) && !word.startsWith(prefix))
        longest = prefix;
  }
  return longest === '' ? NO_CANDIDATES : [`${longest}*`];
};

/** Whether swappedAt(word, swap) starts with `prefix`, without making it. */
const startsSwapped = (word: string, swap: number, prefix: string): boolean => {
  if (prefix.length > word.length) return false;
  for (let i = 0; i < prefix.length; i++)
    if (prefix.charCodeAt(i) !== swappedCode(word, swap, i)) return false;
  return true;
};

const prefixesByStart = new WeakMap<Matcher, ReadonlyMap<number, ReadonlyMap<number, readonly string[]>>>();

/**
 * The matcher's prefixes under their three-letter keys (the only keys a word's first three letters can be),
 * by the first two letters' codes (`first * 65536 + second`), then by the third's.
 */
const prefixesByStartOf = (matcher: Matcher): ReadonlyMap<number, ReadonlyMap<number, readonly string[]>> => {
  let byStart = prefixesByStart.get(matcher);
  if (byStart === undefined) {
    const found = new Map<number, Map<number, readonly string[]>>();
    for (const [key, list] of matcher.prefixes) {
      if (key.length !== 3) continue;
      const start = key.charCodeAt(0) * 65536 + key.charCodeAt(1);
      let byThird = found.get(start);
      if (byThird === undefined) {
        byThird = new Map();
        found.set(start, byThird);
      }
      byThird.set(key.charCodeAt(2), list);
    }
    byStart = found;
    prefixesByStart.set(matcher, byStart);
  }
  return byStart;
};

/** Bounded, per matcher: a flood of unique junk words cannot grow memory without limit. */
const CANDIDATES_MEMO_LIMIT = 20_000;

/** What a message word stands for: its lexicon keys, the phrases it may anchor, and bits of the word. */
export interface WordReading {
  candidates: readonly string[];
  /** Ids of the phrases whose anchor one of the candidates satisfies (see Matcher.byAnchor). */
  anchored: readonly number[];
  /** The ids of the word elements a candidate satisfies (see ElementTable), filled in on first use. */
  elementIds: readonly number[] | null;
  /**
   * The anchored phrases as runs of [phrase id, element count, element ids...] (see recordsOf), filled in
   * on first use: a phrase is tried only when every one of its elements is in the message, checked here
   * without reaching into the per-phrase tables.
   */
  records: readonly number[] | null;
  /** GAP_BREAKER, UNORDERED_BREAKER, IS_INTENSIFIER, RU_LEG_FORM and OPENS_NEGATION bits of the word itself. */
  wordBits: number;
  /** Read again since the reading memo last passed it (see ReadingMemo). */
  used: boolean;
}

const GAP_BREAKER = 1;
const UNORDERED_BREAKER = 2;
const IS_INTENSIFIER = 4;
/** A Russian leg noun that may be plural (see isRuLegForm). */
export const RU_LEG_FORM = 8;
/** A word that may open a negation scope (see negatedTokens): a negator, or "of" after "free". */
export const OPENS_NEGATION = 16;

const wordBitsOf = (word: string): number =>
  (GAP_BREAKERS.has(word) ? GAP_BREAKER : 0) |
  (UNORDERED_BREAKERS.has(word) ? UNORDERED_BREAKER : 0) |
  (word === INTENSIFIER ? IS_INTENSIFIER : 0) |
  (isRuLegForm(word) ? RU_LEG_FORM : 0) |
  (NEGATORS.has(word) || word === 'of' ? OPENS_NEGATION : 0);

/**
 * Word readings, at most `limit`, in one map: a new word (most typos) costs one lookup that misses, where two
 * generations cost two. When full, a quarter goes, oldest first, but a word read again since it was last
 * passed is kept (moved to the end): words a stream of new input keeps using survive a flood of one-off words.
 */
export class ReadingMemo {
  private readonly known = new Map<string, WordReading>();
  constructor(private readonly limit: number) {}

  get size(): number {
    return this.known.size;
  }

  get(word: string): WordReading | undefined {
    const reading = this.known.get(word);
    if (reading !== undefined) reading.used = true;
    return reading;
  }

  set(word: string, reading: WordReading): void {
    if (this.known.size >= this.limit) this.evict();
    this.known.set(word, reading);
  }

  private evict(): void {
    let free = this.limit >>> 2;
    // An entry moved to the end is passed again with `used` cleared, so the walk ends.
    for (const [word, reading] of this.known) {
      if (free <= 0) break;
      this.known.delete(word);
      if (reading.used) {
        reading.used = false;
        this.known.set(word, reading);
      } else free--;
    }
  }
}

const readingMemos = new WeakMap<Matcher, ReadingMemo>();
/** The matcher of the last word read: nearly every call uses the same one, so the WeakMap is skipped. */
let lastMatcher: Matcher | null = null;
let lastMemo: ReadingMemo | null = null;

const NO_IDS: readonly number[] = [];

/** The ids a word's candidates anchor, each once, in candidate order. */
const readingOf = (candidates: readonly string[], matcher: Matcher, wordBits: number): WordReading => {
  let anchored: readonly number[];
  // One candidate (the common case): its list holds each phrase once already (see compile.ts).
  if (candidates.length <= 1) {
    const only = candidates[0];
    anchored = (only === undefined ? undefined : matcher.byAnchor.get(only)) ?? NO_IDS;
  } else {
    const ids = new Set<number>();
    for (const candidate of candidates) for (const id of matcher.byAnchor.get(candidate) ?? []) ids.add(id);
    anchored = [...ids];
  }
  return { candidates, anchored, elementIds: null, records: null, wordBits, used: false };
};

/**
 * `candidatesFor` and the phrases they anchor, worked out once per word and matcher (what a word stands for
 * never changes while the knowledge is loaded). Per word, never per message; shared, so never changed
 * but for its element ids, filled in by findPhrases (see elementIdsOf).
 */
export const readWord = (word: string, matcher: Matcher): WordReading => {
  let memo = matcher === lastMatcher ? lastMemo : readingMemos.get(matcher);
  if (!memo) {
    memo = new ReadingMemo(CANDIDATES_MEMO_LIMIT);
    readingMemos.set(matcher, memo);
  }
  lastMatcher = matcher;
  lastMemo = memo;
  let found = memo.get(word);
  if (!found) {
    found = readingOf(candidatesFor(word, matcher), matcher, wordBitsOf(word));
    memo.set(word, found);
  }
  return found;
};

/**
 * The phrases of a matcher as flat arrays: each element gets a number, and a message marks, per element,
 * the positions of the words that satisfy it. Trying a phrase then reads only small typed arrays; the
 * phrase, element and word-set objects (spread over the heap, so a cache miss each) are touched only for
 * a phrase found. Every phrase is entered when the table is made (the first message), so the elements
 * never change afterwards.
 */
interface ElementTable {
  patterns: (Pattern | undefined)[];
  /** Where each entered phrase's element ids start in `elementIds`. */
  offsets: Int32Array;
  /** How many elements each entered phrase has. */
  counts: Uint8Array;
  elementIds: Int32Array;
  used: number;
  /** UNORDERED_FLAG, ADJACENT_FLAG, ENTERED_FLAG, NEVER_FLAG. */
  patternFlags: Uint8Array;
  ids: Map<Element, number>;
  /** A Russian negator element: it binds to the very next word ("не дышит"). */
  tight: number[];
  /** Number elements: ids and ranges. */
  numberIds: number[];
  numberMin: number[];
  numberMax: number[];
  /** Word element ids by a lexicon key their set holds (entered elements only). */
  byKey: Map<string, number[]>;
  /** Per message: a bit per (element, position), `words` 32-bit words per element; cleared after. */
  bits: Uint32Array;
  words: number;
  /** Elements given a bit this message. */
  touched: number[];
  isTouched: Uint8Array;
  /** Phrase ids marked possible this message, each once. */
  possible: number[];
  /** The records (see WordReading.records) of the phrases of number slots only, made on first use. */
  numberRecords: readonly number[] | null;
}

const UNORDERED_FLAG = 1;
const ADJACENT_FLAG = 2;
/** The phrase's element ids are in the table. */
const ENTERED_FLAG = 4;
/** A phrase no word can start: in no start list, never tried. */
const NEVER_FLAG = 8;

const tables = new WeakMap<Matcher, ElementTable>();
let lastTableMatcher: Matcher | null = null;
let lastTable: ElementTable | null = null;

const newTable = (matcher: Matcher): ElementTable => {
  const patterns: (Pattern | undefined)[] = new Array(matcher.phraseCount).fill(undefined);
  for (const list of matcher.byFirstWord.values()) for (const pattern of list) patterns[pattern.id] = pattern;
  for (const pattern of matcher.numberFirst) patterns[pattern.id] = pattern;
  return {
    patterns,
    offsets: new Int32Array(matcher.phraseCount),
    counts: new Uint8Array(matcher.phraseCount),
    elementIds: new Int32Array(1024),
    used: 0,
    patternFlags: new Uint8Array(matcher.phraseCount),
    ids: new Map(),
    tight: [],
    numberIds: [],
    numberMin: [],
    numberMax: [],
    byKey: new Map(),
    bits: new Uint32Array(256),
    words: 1,
    touched: [],
    isTouched: new Uint8Array(256),
    possible: [],
    numberRecords: null,
  };
};

const elementIdOf = (table: ElementTable, element: Element): number => {
  let id = table.ids.get(element);
  if (id !== undefined) return id;
  id = table.ids.size;
  table.ids.set(element, id);
  table.tight.push(isTightNegator(element) ? 1 : 0);
  if (element.kind === 'number') {
    table.numberIds.push(id);
    table.numberMin.push(element.min);
    table.numberMax.push(element.max);
  } else
    for (const word of element.words) {
      const list = table.byKey.get(word);
      if (list) list.push(id);
      else table.byKey.set(word, [id]);
    }
  if (id >= table.isTouched.length) {
    const grown = new Uint8Array(table.isTouched.length * 2);
    grown.set(table.isTouched);
    table.isTouched = grown;
  }
  return id;
};

/** Enters phrase `p`: its element ids and flags. False for a phrase no word can start (never tried). */
const enter = (table: ElementTable, p: number): boolean => {
  const flags = table.patternFlags[p] as number;
  if (flags & ENTERED_FLAG) return true;
  if (flags & NEVER_FLAG) return false;
  const pattern = table.patterns[p];
  if (!pattern) {
    table.patternFlags[p] = NEVER_FLAG;
    return false;
  }
  const { elements } = pattern;
  if (table.used + elements.length > table.elementIds.length) {
    const grown = new Int32Array(table.elementIds.length * 2 + elements.length);
    grown.set(table.elementIds);
    table.elementIds = grown;
  }
  for (let k = 0; k < elements.length; k++)
    table.elementIds[table.used + k] = elementIdOf(table, elements[k] as Element);
  table.offsets[p] = table.used;
  table.counts[p] = elements.length;
  table.used += elements.length;
  table.patternFlags[p] =
    ENTERED_FLAG | (pattern.unordered ? UNORDERED_FLAG : 0) | (pattern.adjacent ? ADJACENT_FLAG : 0);
  return true;
};

const tableOf = (matcher: Matcher): ElementTable => {
  if (matcher === lastTableMatcher && lastTable) return lastTable;
  let table = tables.get(matcher);
  if (!table) {
    table = newTable(matcher);
    // Every phrase entered at once: entering them as messages first make them possible added elements
    // now and then, and each addition made every word's element ids stale (worked out again per word).
    for (let p = 0; p < matcher.phraseCount; p++) enter(table, p);
    tables.set(matcher, table);
  }
  lastTableMatcher = matcher;
  lastTable = table;
  return table;
};

/**
 * The word elements a reading's candidates satisfy, each once; worked out once per word (the table's
 * elements never change once it is made).
 */
const elementIdsOf = (reading: WordReading, table: ElementTable): readonly number[] => {
  let ids = reading.elementIds;
  if (ids === null) {
    let found: number[] | null = null;
    for (const candidate of reading.candidates)
      for (const id of table.byKey.get(candidate) ?? NO_IDS) {
        found ??= [];
        if (!found.includes(id)) found.push(id);
      }
    // Kept for as long as the word is (readWord): a plain array cut to its length (a pushed one keeps room
    // for 17), and none at all for the many words no element takes (most typos), rather than a typed array
    // and its buffer per word.
    ids = found === null ? NO_IDS : found.slice();
    reading.elementIds = ids;
  }
  return ids;
};

const setBit = (table: ElementTable, element: number, position: number): void => {
  if (!table.isTouched[element]) {
    table.isTouched[element] = 1;
    table.touched.push(element);
  }
  const at = element * table.words + (position >>> 5);
  table.bits[at] = (table.bits[at] as number) | (1 << (position & 31));
};

/** Whether the word at `position` satisfies element `element` (set by `markElements`). */
const has = (table: ElementTable, element: number, position: number): boolean =>
  (((table.bits[element * table.words + (position >>> 5)] as number) >>> (position & 31)) & 1) === 1;

const markElements = (
  tokens: readonly Token[],
  readings: readonly WordReading[],
  table: ElementTable,
  numbers: boolean,
): void => {
  const words = (tokens.length + 31) >>> 5;
  const size = table.ids.size * words;
  if (table.bits.length < size) table.bits = new Uint32Array(Math.max(size, table.bits.length * 2));
  table.words = words;
  for (let j = 0; j < tokens.length; j++) {
    const ids = elementIdsOf(readings[j] as WordReading, table);
    for (let e = 0; e < ids.length; e++) setBit(table, ids[e] as number, j);
    if (!numbers) continue;
    const value = (tokens[j] as Token).number;
    if (value === null) continue;
    for (let e = 0; e < table.numberIds.length; e++)
      if (value >= (table.numberMin[e] as number) && value <= (table.numberMax[e] as number))
        setBit(table, table.numberIds[e] as number, j);
  }
};

const clearElements = (table: ElementTable): void => {
  const { bits, words, touched, isTouched } = table;
  for (const element of touched) {
    isTouched[element] = 0;
    const at = element * words;
    for (let w = 0; w < words; w++) bits[at + w] = 0;
  }
  touched.length = 0;
};

/**
 * A Russian negator binds to the very next word: "не дышит" is a symptom, but in "в груди не болит, дышу
 * нормально" the "не" belongs to "болит" and must not join "дышу" into "не дышит".
 */
const isTightNegator = (element: Element): boolean =>
  element.kind === 'words' &&
  element.negator &&
  [...element.words].some((word) => /[\u0400-\u04ff]/.test(word));

/** Positions of an ordered attempt, reused (most attempts fail); a match gets a copy. */
const scratch: number[] = [];

/** The ordered phrase `p` from its element `k` on, at positions from `from`; fills `scratch`. */
const extend = (
  table: ElementTable,
  p: number,
  k: number,
  from: number,
  tokens: readonly Token[],
  readings: readonly WordReading[],
): boolean => {
  if (k >= (table.counts[p] as number)) return true;
  const at = (table.offsets[p] as number) + k;
  const element = table.elementIds[at] as number;
  const clause = tokens[from - 1]?.clause;
  const gap =
    (table.patternFlags[p] as number) & ADJACENT_FLAG || table.tight[table.elementIds[at - 1] as number]
      ? 0
      : MAX_GAP;
  for (let j = from; j < tokens.length && j <= from + gap; j++) {
    if ((tokens[j] as Token).clause !== clause) return false;
    const matches = has(table, element, j);
    // "so" right before the word it qualifies ("chest is so tight") intensifies; elsewhere it links.
    if (j > from) {
      const before = (readings[j - 1] as WordReading).wordBits;
      if (before & GAP_BREAKER && !(matches && before & IS_INTENSIFIER)) return false;
    }
    if (matches) {
      scratch[k] = j;
      if (extend(table, p, k + 1, j + 1, tokens, readings)) return true;
    }
  }
  return false;
};

/** Whether a word between `a` and `b` (exclusive) ends the description. */
const brokenBetween = (readings: readonly WordReading[], a: number, b: number): boolean => {
  const from = Math.min(a, b);
  const to = Math.max(a, b);
  for (let j = from + 1; j < to; j++) {
    const bits = (readings[j] as WordReading).wordBits;
    if (bits & UNORDERED_BREAKER && !(bits & IS_INTENSIFIER && j + 1 === to)) return true;
  }
  return false;
};

/** An unordered phrase with element `k` at `start`: every other element near it, in the same clause. */
const matchUnordered = (
  table: ElementTable,
  p: number,
  k: number,
  start: number,
  tokens: readonly Token[],
  readings: readonly WordReading[],
): number[] | null => {
  const clause = (tokens[start] as Token).clause;
  const first = table.offsets[p] as number;
  const count = table.counts[p] as number;
  const positions: number[] = [];
  // At most a handful of elements: a short array is cheaper than a Set per attempt.
  const used: number[] = [start];
  for (let e = 0; e < count; e++) {
    if (e === k) {
      positions[e] = start;
      continue;
    }
    const element = table.elementIds[first + e] as number;
    let best = -1;
    for (let d = 1; d <= UNORDERED_WINDOW && best < 0; d++) {
      for (let side = 0; side < 2; side++) {
        const j = side === 0 ? start - d : start + d;
        // A negative index is a named-property lookup, far slower than an array read: checked first.
        if (j < 0 || j >= tokens.length) continue;
        const token = tokens[j] as Token;
        if (token.clause !== clause || used.includes(j)) continue;
        if (brokenBetween(readings, start, j)) continue;
        if (has(table, element, j)) {
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
 * The records of phrases `ids`: [phrase id, element count, element ids...] for each a word can start
 * (entering it), kept with the word so that a message checks a phrase's elements without the phrase tables.
 */
const recordsFor = (ids: readonly number[], table: ElementTable): readonly number[] => {
  let records: number[] | null = null;
  for (const p of ids) {
    if (!enter(table, p)) continue;
    const first = table.offsets[p] as number;
    const count = table.counts[p] as number;
    records ??= [];
    records.push(p, count);
    for (let k = 0; k < count; k++) records.push(table.elementIds[first + k] as number);
  }
  // Kept as long as the word is: cut to its length, and none at all for the words that anchor nothing.
  return records === null ? NO_IDS : records.slice();
};

/**
 * Per matcher: a byte per phrase, set while a message holding its anchor is read and cleared after (a
 * quarter of the memory of a stamp per phrase, so the marks stay in the fastest cache).
 */
const possibleMarks = new WeakMap<Matcher, Uint8Array>();
let lastMarked: Matcher | null = null;
let lastMarks: Uint8Array | null = null;

/**
 * Lists, each once, the phrases of `records` whose every element some word of the message satisfies
 * (`markElements` has run); the rest cannot be found, so they are never tried.
 */
const markPossible = (records: readonly number[], table: ElementTable, marks: Uint8Array): void => {
  const { isTouched, possible } = table;
  for (let i = 0; i < records.length; ) {
    const p = records[i] as number;
    const end = i + 2 + (records[i + 1] as number);
    let all = marks[p] !== 1;
    for (let k = i + 2; all && k < end; k++) if (isTouched[records[k] as number] !== 1) all = false;
    if (all) {
      marks[p] = 1;
      possible.push(p);
    }
    i = end;
  }
};

/** Sort keys of the phrases found (start position, then phrase id), parallel to the list found. */
const foundKeys: number[] = [];

/**
 * Adds a phrase found, keeping the order findPhrases always gave: by start position, then by phrase (an
 * equal key, the same phrase from another of its elements, after the earlier one).
 */
const addFound = (found: PhraseMatch[], match: PhraseMatch, key: number): void => {
  let i = found.length;
  while (i > 0 && (foundKeys[i - 1] as number) > key) {
    found[i] = found[i - 1] as PhraseMatch;
    foundKeys[i] = foundKeys[i - 1] as number;
    i--;
  }
  found[i] = match;
  foundKeys[i] = key;
};

/** Every phrase occurrence in the message (one per phrase and start position). */
export const findPhrases = (
  tokens: readonly Token[],
  readings: readonly WordReading[],
  matcher: Matcher,
): PhraseMatch[] => {
  const found: PhraseMatch[] = [];
  if (tokens.length === 0) return found;
  const table = tableOf(matcher);
  const numbers = holdsNumber(tokens);
  // Every phrase a word anchors is entered before the words' elements are marked (see elementIdsOf).
  let anchors = false;
  for (let r = 0; r < readings.length; r++) {
    const reading = readings[r] as WordReading;
    reading.records ??= recordsFor(reading.anchored, table);
    if (reading.records.length > 0) anchors = true;
  }
  if (numbers) {
    table.numberRecords ??= recordsFor(matcher.numberAnchored, table);
    if (table.numberRecords.length > 0) anchors = true;
  }
  if (!anchors) return found;
  let marks = matcher === lastMarked ? lastMarks : possibleMarks.get(matcher);
  if (!marks) {
    marks = new Uint8Array(matcher.phraseCount);
    possibleMarks.set(matcher, marks);
  }
  lastMarked = matcher;
  lastMarks = marks;
  const { possible } = table;
  try {
    markElements(tokens, readings, table, numbers);
    for (let r = 0; r < readings.length; r++)
      markPossible((readings[r] as WordReading).records as readonly number[], table, marks);
    if (numbers) markPossible(table.numberRecords as readonly number[], table, marks);
    const { offsets, counts, elementIds, patternFlags, words, bits } = table;
    const stride = matcher.phraseCount;
    for (const p of possible) {
      const first = offsets[p] as number;
      const count = counts[p] as number;
      if ((patternFlags[p] as number) & UNORDERED_FLAG) {
        // An unordered phrase may start at any of its words: each position once, each element there.
        for (let j = 0; j < tokens.length; j++) {
          for (let k = 0; k < count; k++) {
            if (!has(table, elementIds[first + k] as number, j)) continue;
            const positions = matchUnordered(table, p, k, j, tokens, readings);
            if (positions)
              addFound(found, { pattern: table.patterns[p] as Pattern, positions }, j * stride + p);
          }
        }
        continue;
      }
      const base = (elementIds[first] as number) * words;
      for (let w = 0; w < words; w++) {
        let word = bits[base + w] as number;
        while (word !== 0) {
          const low = word & -word;
          const j = (w << 5) + 31 - Math.clz32(low);
          word ^= low;
          scratch[0] = j;
          if (extend(table, p, 1, j + 1, tokens, readings)) {
            addFound(
              found,
              { pattern: table.patterns[p] as Pattern, positions: scratch.slice(0, count) },
              j * stride + p,
            );
          }
        }
      }
    }
  } finally {
    for (const id of possible) marks[id] = 0;
    possible.length = 0;
    clearElements(table);
  }
  return found;
};
