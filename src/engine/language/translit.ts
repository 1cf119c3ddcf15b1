/**
 * Latin-letter Russian ("sudoroga", "svodit ikry", "ne mogu dyshat") back to Cyrillic, so that it is matched
 * and triaged like Russian. Covers the common informal schemes (zh/kh/ch/sh/shch, ya/yu/yo, y for ы, ' for ь);
 * it only has to bring words close enough for the stemmer and the typo index.
 */

/** Letter groups read first, longest and most specific first (the first that fits wins). */
export const MULTI: ReadonlyArray<readonly [string, string]> = [
  // "-tsya" is the reflexive ending "-тся" (prosypaetsya, kolotitsya), not "ц" + "я".
  ['tsya', 'тся'],
  ['shch', 'щ'],
  ['sch', 'щ'],
  ['zh', 'ж'],
  ['kh', 'х'],
  ['ch', 'ч'],
  ['sh', 'ш'],
  ['ts', 'ц'],
  ['tz', 'ц'],
  ['yo', 'ё'],
  ['jo', 'ё'],
  ['yu', 'ю'],
  ['ju', 'ю'],
  ['ya', 'я'],
  ['ja', 'я'],
  ['ye', 'е'],
  ['je', 'е'],
  ['iy', 'ий'],
  ['yi', 'ый'],
  ['yy', 'ый'],
  ['ey', 'ей'],
  ['ay', 'ай'],
  ['oy', 'ой'],
  ['uy', 'уй'],
];

/** One Latin letter (or the apostrophe) to its Cyrillic reading. */
export const SINGLE: Readonly<Record<string, string>> = {
  a: 'а',
  b: 'б',
  v: 'в',
  w: 'в',
  g: 'г',
  d: 'д',
  e: 'е',
  z: 'з',
  i: 'и',
  j: 'й',
  k: 'к',
  l: 'л',
  m: 'м',
  n: 'н',
  o: 'о',
  p: 'п',
  r: 'р',
  s: 'с',
  t: 'т',
  u: 'у',
  f: 'ф',
  h: 'х',
  c: 'ц',
  x: 'кс',
  q: 'к',
  y: 'ы',
  "'": 'ь',
};

/** MULTI by first letter, in MULTI's order (the first that fits wins), so each letter tries only its own. */
const MULTI_BY_FIRST: ReadonlyMap<string, ReadonlyArray<readonly [string, string]>> = (() => {
  const byFirst = new Map<string, Array<readonly [string, string]>>();
  for (const entry of MULTI) {
    const first = entry[0][0] as string;
    const list = byFirst.get(first) ?? [];
    list.push(entry);
    byFirst.set(first, list);
  }
  return byFirst;
})();

/** "ay", "ey", "oy", "uy" before a vowel are a vowel then "ya/yu/ye/yo": "zadyhayus" is задыхаюсь. */
const GLIDE_PAIRS: ReadonlySet<string> = new Set(['ay', 'ey', 'oy', 'uy', 'iy']);

/** One lower-case Latin word to Cyrillic; anything that is not a Latin letter is kept. */
export const latinToCyrillic = (word: string): string => finalGlide(word, letterByLetter(word));

interface Multi {
  latin: string;
  cyrillic: string;
  /** A glide pair ("ay"), which does not apply before a vowel. */
  glide: boolean;
}

/**
 * MULTI_BY_FIRST and SINGLE by character code (ASCII), read without a string per letter: every Latin word
 * of every message is read this way to tell whether it is Russian.
 */
const MULTI_BY_CODE: ReadonlyArray<readonly Multi[] | undefined> = (() => {
  const byCode: (Multi[] | undefined)[] = new Array(128).fill(undefined);
  for (const [first, entries] of MULTI_BY_FIRST)
    byCode[first.charCodeAt(0)] = entries.map(([latin, cyrillic]) => ({
      latin,
      cyrillic,
      glide: GLIDE_PAIRS.has(latin),
    }));
  return byCode;
})();
const SINGLE_BY_CODE: ReadonlyArray<string | undefined> = (() => {
  const byCode: (string | undefined)[] = new Array(128).fill(undefined);
  for (const [latin, cyrillic] of Object.entries(SINGLE)) byCode[latin.charCodeAt(0)] = cyrillic;
  return byCode;
})();
const isVowelCode = (code: number): boolean =>
  code === 0x61 || code === 0x65 || code === 0x69 || code === 0x6f || code === 0x75;

const letterByLetter = (word: string): string => {
  // "eto", "etim", "etot": a word opening with "et" is "эт" (это, этим, этот); other e-words are "е".
  const startsWithE = word.startsWith('et') || word.startsWith('eht');
  let out = startsWithE ? 'э' : '';
  let i = startsWithE ? (word.startsWith('eht') ? 2 : 1) : 0;
  outer: while (i < word.length) {
    const code = word.charCodeAt(i);
    if (code < 128) {
      const multis = MULTI_BY_CODE[code];
      if (multis !== undefined) {
        for (let m = 0; m < multis.length; m++) {
          const multi = multis[m] as Multi;
          if (word.startsWith(multi.latin, i) && !(multi.glide && isVowelCode(word.charCodeAt(i + 2)))) {
            out += multi.cyrillic;
            i += multi.latin.length;
            continue outer;
          }
        }
      }
      const single = SINGLE_BY_CODE[code];
      out += single ?? (word[i] as string);
      i++;
      continue;
    }
    // A UTF-16 unit past ASCII is kept as it is (a surrogate pair's halves one after the other).
    out += word[i] as string;
    i++;
  }
  return out;
};

/** Word-final "oi"/"ei" are "ой"/"ей" ("soboi" is собой, "bolei" болей); "moi", "tvoi", "svoi" stay plural. */
const PLURAL_OI: ReadonlySet<string> = new Set(['moi', 'tvoi', 'svoi']);
const finalGlide = (word: string, cyrillic: string): string => {
  if (word.length < 3 || PLURAL_OI.has(word)) return cyrillic;
  if (word.endsWith('oi') && cyrillic.endsWith('ои')) return `${cyrillic.slice(0, -1)}й`;
  if (word.endsWith('ei') && cyrillic.endsWith('еи')) return `${cyrillic.slice(0, -1)}й`;
  return cyrillic;
};

/** The text with every Latin word written in Cyrillic; other characters unchanged. */
export const transliterate = (text: string): string =>
  text.replace(/[a-z']+/gi, (word) => latinToCyrillic(word.toLowerCase()));
