/**
 * Which language a message is written in, from the message itself: Cyrillic letters first, then words.
 * Latin-letter Russian ("svodit ikry", "u menya sudoroga") counts as Russian when its words, written back
 * in Cyrillic, are words the Russian knowledge base knows and English does not. A message with no telling
 * words ("ok", "👍", "112") is undecided, and the caller falls back to the person's default.
 */

import { isStopword } from '../match/terms.js';
import { MISSPELLINGS } from '../normalise/lexicon.js';
import { TwoGenerationCache } from '../normalise/memo.js';
import { type LetterTree, type LetterTreeEntry, letterTree } from './letter-tree.js';
import { foldYo, stemRu, stemRuUnmemoised } from './stem-ru.js';
import { latinToCyrillic } from './translit.js';

export const LANGUAGES = ['en', 'ru'] as const;
export type Lang = (typeof LANGUAGES)[number];

export const isLang = (value: unknown): value is Lang =>
  typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

/** Maps a Telegram `language_code` or a browser language ("ru-RU", "uk", "en-GB") to a language we speak. */
export const langFromLocale = (code: unknown): Lang | null => {
  // Comes from outside (a Telegram update, a header): anything but a short string means "no default".
  if (typeof code !== 'string' || code.length === 0 || code.length > 35) return null;
  const base = code.toLowerCase().split(/[-_]/)[0];
  if (base === 'ru' || base === 'be' || base === 'uk' || base === 'kk') return 'ru';
  if (base === 'en') return 'en';
  return null;
};

export interface DetectedLanguage {
  /** null when the message has nothing that tells (the caller uses the person's default). */
  lang: Lang | null;
  /** The text to read: Latin-letter Russian comes back in Cyrillic, anything else unchanged. */
  text: string;
}

/** Short Russian words people type in Latin letters, beyond the knowledge base's vocabulary. */
const RUSSIAN_FUNCTION_WORDS = [
  'у',
  'меня',
  'мне',
  'не',
  'нет',
  'что',
  'как',
  'почему',
  'когда',
  'очень',
  'сильно',
  'болит',
  'болят',
  'ноги',
  'нога',
  'ногу',
  'икры',
  'икра',
  'сводит',
  'свело',
  'судорога',
  'судороги',
  'могу',
  'дышать',
  'помогите',
  'делать',
  'ночью',
  'спасибо',
  'привет',
  'здравствуйте',
  'это',
  'после',
  'можно',
  'надо',
  'нужно',
];

/** A Latin word's vote, its Cyrillic form, and the message that last counted it. */
interface VoteRecord {
  vote: Vote;
  seen: number;
  form: Form;
}

/** The form of each Latin word of the message being read, in order (reused: one message at a time). */
const forms: Form[] = [];

export interface LanguageDetector {
  detect(text: string): DetectedLanguage;
}

/** English chat abbreviations and misspellings the normaliser knows, of two letters or more. */
const CHAT_WORDS = new Set(Object.keys(MISSPELLINGS).filter((word) => /^[a-z]{2,}$/.test(word)));
/** Latin-letter Russian words that make an English message mixed (read in Cyrillic for triage). */
const MIXED_RUSSIAN_WORDS = 3;
/** One-letter Russian words as typed in Latin letters: в, с, к, и, у, о, а. */
const RUSSIAN_LETTER_WORDS: ReadonlySet<string> = new Set(['v', 's', 'k', 'i', 'u', 'o', 'a']);
const CYRILLIC_LETTER = /\p{Script=Cyrillic}/gu;
const LATIN_LETTER = /\p{Script=Latin}/gu;
const LATIN_WORD = /[a-z']+/gi;

/** How a word votes: for English, for Russian, or for neither (both or none read it). */
type Vote = 0 | 1 | 2;
const NEITHER: Vote = 0;
const ENGLISH: Vote = 1;
/** English words in a row, one of them not a function word, that make an English phrase in Latin-letter Russian. */
const ENGLISH_PHRASE_WORDS = 2;
const RUSSIAN: Vote = 2;

/**
 * What reading a Latin word in Cyrillic found, which also settles toCyrillic's answer for it, so a message
 * read as Russian does not stem each word (and its soft-sign form) a second time: most words of a message
 * of new words read as no known stem.
 */
type Form = 0 | 1 | 2 | 3;
/** Not worked out (function words, one-letter words): toCyrillic works it out. */
const UNREAD: Form = 0;
/** Neither the word nor its soft-sign form has a known stem: toCyrillic keeps it as transliterated. */
const NO_STEM_FORM: Form = 1;
const PLAIN_FORM: Form = 2;
const SOFT_FORM: Form = 3;

/** Latin words whose vote is remembered. */
const OTHER_WORDS_LIMIT = 20_000;
/** Messages with more words than this (well under a generation of OTHER_WORDS_LIMIT) count them in a set. */
const MANY_WORDS = 5_000;

/**
 * The letters the Russian Snowball stemmer's endings are made of (@nlpjs/lang-ru's suffix tables, and the
 * "н" and "ь" it drops alone): it only ever deletes endings, so it never removes another letter, nor
 * anything after one (test/engine/detect-shortcuts.test.ts checks this against the stemmer).
 */
const ENDING_LETTERS = 'авгеийлмностухшщыьюя';
const SOFT_SIGN = 'ь'.charCodeAt(0);
const IN_ENDINGS: Uint8Array = (() => {
  const table = new Uint8Array(65536);
  for (const letter of ENDING_LETTERS) table[letter.charCodeAt(0)] = 1;
  return table;
})();

/** Whether the Russian Snowball stemmer may delete this letter (UTF-16 code unit) as part of an ending. */
export const isEndingLetter = (code: number): boolean => IN_ENDINGS[code] === 1;

/** How many letters of a word (ё folded) its Snowball stem keeps at least: up to its last non-ending letter. */
export const keptByStemmer = (folded: string): number => {
  for (let i = folded.length - 1; i >= 0; i--) if (IN_ENDINGS[folded.charCodeAt(i)] !== 1) return i + 1;
  return 0;
};

/** The Latin letters of the text `asciiLatinWords` last read. */
export let asciiLetterCount = 0;

/**
 * For an all-ASCII text, its Latin words as LATIN_WORD matches them, its letters counted into
 * `asciiLetterCount`, in one pass (no regular expression runs over it); null for any other text.
 */
export const asciiLatinWords = (text: string): string[] | null => {
  const words: string[] = [];
  let letters = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) return null;
    const lower = code | 0x20;
    const letter = lower >= 0x61 && lower <= 0x7a;
    if (letter) letters++;
    if (letter || code === 0x27) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      words.push(text.slice(start, i));
      start = -1;
    }
  }
  if (start >= 0) words.push(text.slice(start));
  asciiLetterCount = letters;
  return words;
};

/**
 * `russianStems`: stems the Russian knowledge (examples, red-flag words) uses; `englishWords`: words the
 * English knowledge uses (plus function words). Both come from the loaded knowledge base.
 */
export const createLanguageDetector = (
  russianStems: ReadonlySet<string>,
  englishWords: ReadonlySet<string>,
): LanguageDetector => {
  // One-letter stems from the knowledge ("ее" and "ей" stem to "е") would make "yes" Russian: only the
  // listed function words may be that short.
  const longStems = [...russianStems].filter((stem) => stem.length >= 2);
  const russian = new Set([...longStems, ...RUSSIAN_FUNCTION_WORDS.map(stemRu)]);
  /** A Latin word in Cyrillic; "dyshat" (ь left out, as most people do) becomes "дышать" when that is known. */
  const toCyrillic = (word: string): string => {
    const plain = latinToCyrillic(word.toLowerCase());
    if (russian.has(stemRu(plain))) return plain;
    const soft = `${plain}ь`;
    return russian.has(stemRu(soft)) ? soft : plain;
  };
  /**
   * The known stems as a tree of their letters (UTF-16 code units), so starts are walked without slicing a
   * string per letter: node ids 1, 2, ... (0 is the root), a child by `parent * 65536 + code` in one map of
   * small integers, and whether a node ends a stem. Built on the first word that needs it, not at start-up.
   */
  let stemTree: LetterTree | null = null;
  const buildStemTree = (): LetterTree =>
    letterTree([...russian].map((stem): LetterTreeEntry => [stem, 0, 1]));
  /** walkStarts found a known stem among the starts, or found that none can be one. */
  const STEM_FOUND = -1;
  const NO_STEM = -2;
  /**
   * Walks the tree along the word, shortest start first: STEM_FOUND once a start at least `minLength` letters
   * long is a known stem, NO_STEM once a start begins no known stem (no longer one can be a stem), else the
   * node the whole word ends on.
   */
  const walkStarts = (folded: string, minLength: number): number => {
    stemTree ??= buildStemTree();
    const { children, ends } = stemTree;
    let node = 0;
    for (let i = 0; i < folded.length; i++) {
      const child = children.get(node * 65536 + folded.charCodeAt(i));
      if (child === undefined) return NO_STEM;
      if (ends[child] === 1 && i >= minLength - 1) return STEM_FOUND;
      node = child;
    }
    return node;
  };
  /**
   * Whether a start of the word (the whole word included), at least `minLength` letters long, is a stem
   * the knowledge knows.
   */
  const hasKnownStart = (folded: string, minLength: number): boolean =>
    walkStarts(folded, minLength) === STEM_FOUND;
  /**
   * For a word without ё: whether it is a known stem with a soft sign added (`russian.has(word + "ь")`),
   * or hasKnownStart(word, minLength), in one walk of the tree, with no string built for the soft-sign
   * form. The whole word is a start that hasKnownStart checks (no start is longer than minLength needs).
   */
  const knownStartOrSoft = (folded: string, minLength: number): boolean => {
    const node = walkStarts(folded, minLength);
    if (node < 0) return node === STEM_FOUND;
    const { children, ends } = stemTree as NonNullable<typeof stemTree>;
    const soft = children.get(node * 65536 + SOFT_SIGN);
    return soft !== undefined && ends[soft] === 1;
  };
  /**
   * Whether some stem the knowledge knows could be this Cyrillic word's, or the word's with a soft sign
   * added: a Snowball stem is always a start of the word (ё read as е), or the word itself, and it keeps
   * every letter up to the last one no Russian ending has ("крамп" can only be its own stem). Most Latin
   * words are English or typos, and this spares them the stemmer. The starts of "word" and "wordь" are
   * the same but the whole: they are looked up once.
   */
  const mayBeKnown = (cyrillic: string): boolean => {
    const folded = foldYo(cyrillic);
    if (folded === cyrillic) return knownStartOrSoft(folded, keptByStemmer(folded));
    return (
      russian.has(cyrillic) ||
      russian.has(`${cyrillic}ь`) ||
      // Without ё the folded word is the word itself, just looked up.
      (folded !== cyrillic && russian.has(`${folded}ь`)) ||
      hasKnownStart(folded, keptByStemmer(folded))
    );
  };
  /**
   * Whether toCyrillic(word) has a known stem (PLAIN_FORM or SOFT_FORM), from the word's transliteration
   * worked out once; which form toCyrillic gives is kept with the word's vote.
   */
  const readsRussian = (word: string): Form => {
    if (word.length < 2 && word !== 'u') return UNREAD;
    const plain = latinToCyrillic(word.toLowerCase());
    if (!mayBeKnown(plain)) return NO_STEM_FORM;
    // toCyrillic gives `plain` when its stem is known, else the soft-sign form when that one's is, else
    // `plain` again (whose stem is then not known).
    // Each word's vote is kept (recordOf): its stems need no memo of their own.
    if (russian.has(stemRuUnmemoised(plain))) return PLAIN_FORM;
    return russian.has(stemRuUnmemoised(`${plain}ь`)) ? SOFT_FORM : NO_STEM_FORM;
  };
  /** toCyrillic(raw) for a word whose reading (`form`, of the word in lower case) may be known already. */
  const cyrillicOf = (raw: string, form: Form): string => {
    if (form === UNREAD) return toCyrillic(raw);
    const plain = latinToCyrillic(raw.toLowerCase());
    return form === SOFT_FORM ? `${plain}ь` : plain;
  };
  /**
   * Whether an English word of the knowledge base also reads as Russian, worked out once per word (most
   * words of a message are English). Holds knowledge-base words only, never other words people type.
   */
  const englishReadsRussian = new Map<string, Form>();
  const englishWord = (word: string): Form | undefined => {
    if (!englishWords.has(word)) return undefined;
    let reads = englishReadsRussian.get(word);
    if (reads === undefined) {
      reads = readsRussian(word);
      englishReadsRussian.set(word, reads);
    }
    return reads;
  };
  /**
   * How one distinct word of a message votes, worked out once per word: words recur, and reading one letter
   * by letter costs a transliteration and a dozen lookups (one lookup here instead of three sets on the
   * way). Bounded: a flood of new junk words cannot grow it.
   */
  const recordUncached = (word: string): VoteRecord => {
    // An English function word counts for English even when no example uses it and even when, written in
    // Cyrillic, it looks like a Russian stem ("ty so much": "much" → "муч").
    if (word.length >= 2 && isStopword(word)) return { vote: ENGLISH, seen: 0, form: UNREAD };
    const known = englishWord(word);
    const isEnglish = known !== undefined;
    const form = known ?? readsRussian(word);
    const isRussian = form >= PLAIN_FORM;
    const vote = isRussian && !isEnglish ? RUSSIAN : isEnglish && !isRussian ? ENGLISH : NEITHER;
    return { vote, seen: 0, form };
  };
  /**
   * Each word's vote (with its Cyrillic form) and the message that last counted it (`seen`), so one lookup both reads the vote and
   * tells a repeated word. A record survives a generation change (it moves back) and is lost only after a
   * generation's worth of other words; a message with that many words keeps its own set of words counted.
   */
  let votes = new TwoGenerationCache<VoteRecord>(OTHER_WORDS_LIMIT);
  let message = 0;
  const recordOf = (word: string): VoteRecord => {
    let record = votes.get(word);
    if (record === undefined) {
      record = recordUncached(word);
      votes.set(word, record);
    }
    return record;
  };
  const detect = (text: string): DetectedLanguage => {
    const asciiWords = asciiLatinWords(text);
    const ascii = asciiWords !== null;
    const cyrillic = ascii ? 0 : (text.match(CYRILLIC_LETTER)?.length ?? 0);
    const latin = ascii ? asciiLetterCount : (text.match(LATIN_LETTER)?.length ?? 0);
    // A third of the letters in Cyrillic is plainly Russian, even with English words mixed in.
    if (cyrillic > 0 && cyrillic * 2 >= latin) return { lang: 'ru', text };
    if (latin === 0) return { lang: null, text };
    const latinWords = asciiWords ?? text.match(LATIN_WORD) ?? [];
    // A chat abbreviation sent alone is English as typed ("ty" is thanks); in a sentence the other words decide
    // ("ty bot?" is "ты бот?").
    if (latinWords.length === 1 && CHAT_WORDS.has((latinWords[0] as string).toLowerCase()))
      return { lang: 'en', text };
    let russianOnly = 0;
    let englishOnly = 0;
    let russianWords: Set<string> | null = null;
    // Each distinct word votes once: "hz" (хз) pasted sixteen times before an English sentence is not Russian.
    if (message === 0x7fffffff) {
      votes = new TwoGenerationCache(OTHER_WORDS_LIMIT);
      message = 0;
    }
    message++;
    const counted = latinWords.length > MANY_WORDS ? new Set<string>() : null;
    forms.length = 0;
    for (const raw of latinWords) {
      const lower = raw.toLowerCase();
      // Most words have no quote at either end to strip.
      const word =
        lower.charCodeAt(0) === 0x27 || lower.charCodeAt(lower.length - 1) === 0x27
          ? lower.replace(/^'+|'+$/g, '')
          : lower;
      if (word.length < 1) {
        forms.push(UNREAD);
        continue;
      }
      const record = recordOf(word);
      // toCyrillic reads the word as written (quotes and all), and the form is the stripped word's.
      forms.push(word === lower ? record.form : UNREAD);
      if (counted !== null) {
        if (counted.has(word)) continue;
        counted.add(word);
      } else if (record.seen === message) continue;
      record.seen = message;
      const vote = record.vote;
      if (vote === RUSSIAN) {
        russianOnly++;
        russianWords ??= new Set();
        russianWords.add(word);
      } else if (vote === ENGLISH) englishOnly++;
    }
    if (russianOnly > 0 && russianOnly > englishOnly) {
      // The text's Latin words are latinWords, in order, so each is read with its form.
      let k = 0;
      if (englishOnly < ENGLISH_PHRASE_WORDS)
        return { lang: 'ru', text: text.replace(LATIN_WORD, (raw) => cyrillicOf(raw, forms[k++] as Form)) };
      // Russian in Latin letters with an English phrase in it ("statiny p'yu, muscles ache all the time"):
      // the English words stay English, so triage (which reads both languages) still sees "muscles ache".
      // A lone English-looking word, or a run of function words ("v more i"), is Russian ("в море и").
      const bare = latinWords.map((raw) => raw.toLowerCase().replace(/^'+|'+$/g, ''));
      const english = bare.map((word) => recordOf(word).vote === ENGLISH);
      const keep = new Uint8Array(english.length);
      for (let start = 0; start < english.length; ) {
        let end = start;
        let content = false;
        while (english[end] === true) {
          if (!isStopword(bare[end] as string)) content = true;
          end++;
        }
        if (end - start >= ENGLISH_PHRASE_WORDS && content) keep.fill(1, start, end);
        start = end + 1;
      }
      const read = text.replace(LATIN_WORD, (raw) => {
        const form = forms[k] as Form;
        return keep[k++] === 1 ? raw : cyrillicOf(raw, form);
      });
      return { lang: 'ru', text: read };
    }
    // English with Latin-letter Russian mixed in ("so basically muzh ne prosypaetsya and yeah"): answered in
    // English, but the Russian words are read in Cyrillic, so that triage (which reads both languages at
    // once) still sees "не просыпается". One stray word ("u" for "you") is not Russian.
    if (englishOnly > 0 && russianOnly >= MIXED_RUSSIAN_WORDS) {
      const words = (text.match(LATIN_WORD) ?? []).map((raw) => raw.toLowerCase().replace(/^'+|'+$/g, ''));
      const marked = words.map((word) => russianWords?.has(word) === true);
      // A one-letter preposition or "и" goes with the Russian words beside it ("ne prihodit v sebya"), and
      // so does any word inside a Russian stretch ("v more ona tonet": "more" is "море" here).
      const beside = (k: number): boolean => marked[k - 1] === true || marked[k + 1] === true;
      const letters = words.map((word, k) => RUSSIAN_LETTER_WORDS.has(word) && beside(k));
      letters.forEach((letter, k) => {
        if (letter) marked[k] = true;
      });
      const inside = words.map((_, k) => marked[k - 1] === true && marked[k + 1] === true);
      let k = 0;
      const mixed = text.replace(LATIN_WORD, (raw) => {
        const read = marked[k] === true || inside[k] === true;
        k++;
        return read ? cyrillicOf(raw, forms[k - 1] as Form) : raw;
      });
      return { lang: 'en', text: mixed };
    }
    if (englishOnly > 0) return { lang: 'en', text };
    // Latin letters with no word either side knows: only Cyrillic would make it plainly Russian.
    return { lang: cyrillic > 0 ? 'ru' : null, text };
  };
  return { detect };
};
