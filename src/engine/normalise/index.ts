import { BRITISH_TO_AMERICAN, CONTRACTIONS, EMOJI_WORDS, MISSPELLINGS } from './lexicon.js';

/** Longest input the engine reads; longer messages are cut (Telegram's own limit is 4,096). */
export const MAX_INPUT_CHARS = 4096;

/** Sentence and clause boundaries survive normalisation as this token. */
export const BOUNDARY = '|';

/** Line breaks end sentences: "what should I do\ncalf swollen" is a question, then a report. */
const LINE_BREAKS = /[\r\n\u2028\u2029]+/g;
/** Invisible characters are deleted, not spaced, so "swo\u200bllen" stays one word. */
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/g;
// Control characters must never reach matching or logs.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const EMOJI = /\p{Extended_Pictographic}/gu;
const EMOJI_MODIFIERS = /[\u{1f3fb}-\u{1f3ff}\u{fe0f}\u{20e3}]/gu;
/** "39,5" is the Russian way of typing 39.5: one spelling for a decimal number. */
const DECIMAL_COMMA = /(\d),(?=\d)/g;
/**
 * A point between two digits is a decimal point, not the end of a sentence: "temperature 40.2" keeps its
 * number and the words around it in one clause.
 */
const SENTENCE_PUNCTUATION = /(?:[!?;:…()]|(?<!\d)[.,]|[.,](?!\d))+/g;
/** Only decimal points are left among the points when this runs. */
const WORD_CHARACTERS = /[^\p{L}\p{N}'&|\s.]+/gu;

const EMOJI_WORD_PATTERN = new RegExp(Object.keys(EMOJI_WORDS).join('|'), 'gu');

const PRAYER = /🙏/u;
/**
 * 🙏 on its own or after a word or two ("ok 🙏", "спасибо 🙏") is thanks; at the end of a question ("how do I
 * never get one again 🙏") it is "please", and reading it as thanks would answer the question with "you're
 * welcome".
 */
const PRAYER_THANKS_MAX_WORDS = 3;
/**
 * A request in those few words ("define cramp pls 🙏", "what is it?🙏", "exercises for cramps 🙏": a topic
 * named is a question asked): the 🙏 is "please", not thanks.
 */
const REQUEST =
  /\?|(?:^|[^\p{L}])(?:pls|plz|please|what|how|why|define|explain|tell|cramps?|пожалуйста|пжл|плиз|что|как|почему|судорог\p{L}*)(?![\p{L}])/u;
const LETTERS_RUN = /[\p{L}\p{N}]+/gu;
const wordCount = (text: string): number => text.match(LETTERS_RUN)?.length ?? 0;

/** Own keys only: a word like "constructor" must not find Object.prototype's members. */
const lookup = (table: Record<string, string>, word: string): string | undefined =>
  Object.hasOwn(table, word) ? table[word] : undefined;

/** The three tables as one map (same precedence), built once: one lookup per word on the hot path. */
const REWRITES = new Map<string, string>();
for (const table of [MISSPELLINGS, BRITISH_TO_AMERICAN, CONTRACTIONS])
  for (const word of Object.keys(table)) REWRITES.set(word, lookup(table, word) as string);

const rewrite = (word: string): string => REWRITES.get(word) ?? word;

const TRIPLE = /(\p{L})\1{2,}/u;
/**
 * Whether TRIPLE could match: a letter outside the surrogate range typed three times is three equal code
 * units; a surrogate pair is left to the pattern. Nearly every word has neither, and skips the regex.
 */
const mayRepeat = (word: string): boolean => {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) return true;
    if (i >= 2 && code === word.charCodeAt(i - 1) && code === word.charCodeAt(i - 2)) return true;
  }
  return false;
};
/** Collapses letters typed three or more times ("sooooo", "heeelp") to two, which spelling then fixes. */
const squeezeRepeats = (word: string): string =>
  mayRepeat(word) && TRIPLE.test(word) ? word.replace(/(\p{L})\1{2,}/gu, '$1$1') : word;

/**
 * Printable ASCII and the Russian alphabet only: no Unicode folding (NFKC leaves these letters as they are),
 * invisible characters, controls or emoji to handle, and every letter beyond ASCII is one of a word.
 */
const PLAIN_TEXT = /^[\x20-\x7e\u0401\u0410-\u044f\u0451]*$/;

/**
 * Canonical form of a message: lower case, no emoji or punctuation, contractions expanded,
 * one spelling per word. Sentence boundaries are kept as `|` tokens for clause-aware triage.
 * Linear in the input length (every pattern is a simple character class).
 */
export const normalise = (raw: string): string => {
  // The matcher and triage both normalise the same message, and start-up normalises every example several
  // times (duplicate check, lint, matcher, triage): a bounded memo of short texts serves them all.
  if (raw.length > MEMO_MAX_CHARS) {
    if (raw === lastLongInput) return lastLongOutput;
    lastLongOutput = normaliseUncached(raw);
    lastLongInput = raw;
    return lastLongOutput;
  }
  let output = memo.get(raw);
  if (output === undefined) {
    output = normaliseUncached(raw);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(raw, output);
  }
  return output;
};

/**
 * A number typed against its unit reads as two words: "5yo" as "5 yo", "30mins" as "30 mins", "10km" as
 * "10 km", so ages, durations and distances are seen ("20мин" as "20 мин"). Only units, never words
 * that merely start with a digit.
 */
const NUMBER_UNIT =
  /^(\d+(?:\.\d+)?)(yo|yrs?|y|years?|mo|mos|months?|wks?|weeks?|days?|d|hrs?|hours?|h|mins?|minutes?|secs?|seconds?|s|km|k|m|mi|miles?|kg|ml|l|mg|c|f|am|pm|x|лет|год|года|мес|нед|дн|ч|час|часа|часов|мин|минут|сек|км|м|кг|мл|мг|с|раз|р)$/u;
const splitNumberUnit = (token: string): string => {
  // The pattern opens with an ASCII digit: other tokens cannot match.
  const first = token.charCodeAt(0);
  if (first < 0x30 || first > 0x39) return token;
  const found = NUMBER_UNIT.exec(token);
  return found ? `${found[1]} ${found[2]}` : token;
};

/** Texts up to this length are memoised (examples, ordinary messages); longer ones only the last. */
const MEMO_MAX_CHARS = 600;
const MEMO_LIMIT = 10_000;
const memo = new Map<string, string>();
let lastLongInput: string | null = null;
let lastLongOutput = '';

/** What each printable ASCII character is to the ASCII reading (see asciiWords); 0 separates words. */
const TOKEN_CHARACTER = 1;
const SENTENCE_MARK = 2;
const ASCII_KINDS: Uint8Array = (() => {
  const kinds = new Uint8Array(128);
  // What WORD_CHARACTERS keeps: letters, digits, ' & | (and white space, which separates like the rest).
  for (const range of ['az', 'AZ', '09']) {
    for (let code = range.charCodeAt(0); code <= range.charCodeAt(1); code++) kinds[code] = TOKEN_CHARACTER;
  }
  for (const character of "'&|") kinds[character.charCodeAt(0)] = TOKEN_CHARACTER;
  // SENTENCE_PUNCTUATION's ASCII characters.
  for (const character of '.,!?;:()') kinds[character.charCodeAt(0)] = SENTENCE_MARK;
  return kinds;
})();

/** Whether a character code is an ASCII digit (triage's number reading uses it too). */
export const isAsciiDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;
/** A point between two digits ("40.2"): part of the number, as SENTENCE_PUNCTUATION leaves it. */
const isDecimalPoint = (text: string, i: number): boolean =>
  text.charCodeAt(i) === 0x2e &&
  i > 0 &&
  isAsciiDigit(text.charCodeAt(i - 1)) &&
  isAsciiDigit(text.charCodeAt(i + 1));

/**
 * A PLAIN_TEXT text's words, as the two replacements and the split below cut it, in one pass: a run of
 * sentence punctuation is a boundary word, letters, digits, ' & and | make words, anything else separates.
 * Every new message (a typo'd one misses the memo) went through three passes of regular expressions, and a
 * Russian one (Latin-letter Russian comes here in Cyrillic) through a dozen.
 */
const asciiWords = (text: string): string[] => {
  const words: string[] = [];
  let start = -1;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    // Beyond ASCII, PLAIN_TEXT holds Russian letters only.
    const kind = code < 0x80 ? ASCII_KINDS[code] : TOKEN_CHARACTER;
    if (kind === TOKEN_CHARACTER || (kind === SENTENCE_MARK && isDecimalPoint(text, i))) {
      if (start < 0) start = i;
      i++;
      continue;
    }
    if (start >= 0) {
      pushToken(words, text.slice(start, i));
      start = -1;
    }
    i++;
    if (kind === SENTENCE_MARK) {
      while (i < text.length && ASCII_KINDS[text.charCodeAt(i)] === SENTENCE_MARK) i++;
      pushToken(words, BOUNDARY);
    }
  }
  if (start >= 0) pushToken(words, text.slice(start));
  return words;
};

const normaliseUncached = (raw: string): string => {
  const cut = raw.slice(0, MAX_INPUT_CHARS);
  if (PLAIN_TEXT.test(cut))
    return joined(asciiWords(cut.toLowerCase().replace(/`/g, "'").replace(DECIMAL_COMMA, '$1.')));
  let text = cut.normalize('NFKC').toLowerCase();
  text = text
    .replace(LINE_BREAKS, ' . ')
    .replace(INVISIBLE, '')
    .replace(CONTROL, ' ')
    .replace(/[\u2018\u2019\u02bc`´]/g, "'");
  const prayerIsThanks =
    PRAYER.test(text) && wordCount(text) <= PRAYER_THANKS_MAX_WORDS && !REQUEST.test(text);
  text = text.replace(EMOJI_WORD_PATTERN, (emoji) =>
    emoji === '🙏' && !prayerIsThanks ? ' ' : (EMOJI_WORDS[emoji] ?? ' '),
  );
  text = text.replace(EMOJI_MODIFIERS, '').replace(EMOJI, ' ');
  text = text
    .replace(DECIMAL_COMMA, '$1.')
    .replace(SENTENCE_PUNCTUATION, ` ${BOUNDARY} `)
    .replace(WORD_CHARACTERS, ' ');
  const words: string[] = [];
  for (const token of text.split(/\s+/)) if (token) pushToken(words, token);
  return joined(words);
};

/**
 * The words as one text, and as the pieces `pieces` would cut it into: no word holds a space, so splitting
 * the text at its spaces gives these very words back, and the first reader of a new message (triage or the
 * matcher) need not split it again.
 */
const joined = (words: string[]): string => {
  const text = words.join(' ');
  if (words.length > 0) {
    lastPieces = words;
    lastPiecesOf = text;
  }
  return text;
};

/** One word as cut from the text: quotes at its ends dropped, a number split from its unit, rewritten. */
const pushToken = (words: string[], token: string): void => {
  // Most tokens have no quote at either end to strip.
  const trimmed =
    token.charCodeAt(0) === 0x27 || token.charCodeAt(token.length - 1) === 0x27
      ? token.replace(/^'+|'+$/g, '')
      : token;
  if (!trimmed) return;
  const split = splitNumberUnit(trimmed);
  if (split === trimmed) pushRewritten(words, trimmed);
  else for (const part of split.split(' ')) pushRewritten(words, part);
};

/** A word's rewriting (one word or several), possessives dropped, onto `words`. */
const pushRewritten = (words: string[], part: string): void => {
  const rewritten = rewrite(squeezeRepeats(part));
  if (!rewritten.includes(' ')) words.push(withoutPossessive(rewritten));
  else for (const word of rewritten.split(' ')) words.push(withoutPossessive(word));
};

/** Possessives ("calf's") carry no meaning for matching. */
const withoutPossessive = (word: string): string => (word.endsWith("'s") ? word.slice(0, -2) : word);

/**
 * Seeds the memo with texts normalised earlier by this same code (a compiled snapshot stores the intent
 * examples'), so a warm start does not normalise every example again. Results are unchanged: the memo only
 * ever holds normalise's own output.
 */
export const primeNormalise = (pairs: Iterable<readonly [raw: string, normalised: string]>): void => {
  for (const [raw, normalised] of pairs) {
    if (raw.length > MEMO_MAX_CHARS || memo.has(raw)) continue;
    if (memo.size >= MEMO_LIMIT) return;
    memo.set(raw, normalised);
  }
};

/**
 * The normalised text cut at its spaces (words, boundaries and nothing else: normalise joins by single
 * spaces), for the last text asked: triage (tokenise) and the matcher (tokens) read each message's
 * normalised text in turn, and so cut it once, and look up the very same word strings (hashed once).
 * Never changed: callers copy what they keep.
 */
let lastPiecesOf: string | null = null;
let lastPieces: readonly string[] = [];
export const pieces = (normalised: string): readonly string[] => {
  if (normalised !== lastPiecesOf) {
    lastPieces = normalised.split(' ');
    lastPiecesOf = normalised;
  }
  return lastPieces;
};

/** Words only, boundaries dropped. */
export const tokens = (normalised: string): string[] => {
  const all = pieces(normalised);
  const words: string[] = [];
  for (let i = 0; i < all.length; i++) {
    const word = all[i] as string;
    if (word !== '' && word !== BOUNDARY) words.push(word);
  }
  return words;
};

/** Clauses: runs of words between sentence boundaries. */
export const clauses = (normalised: string): string[][] =>
  normalised
    .split(BOUNDARY)
    .map((part) => tokens(part))
    .filter((words) => words.length > 0);
