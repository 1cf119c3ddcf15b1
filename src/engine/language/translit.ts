/**
 * Latin-letter Russian ("sudoroga", "svodit ikry", "ne mogu dyshat") back to Cyrillic, so that it is matched
 * and triaged like Russian. Covers the common informal schemes (zh/kh/ch/sh/shch, ya/yu/yo, y for ы, ' for ь);
 * it only has to bring words close enough for the stemmer and the typo index.
 */

const MULTI: ReadonlyArray<readonly [string, string]> = [
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

const SINGLE: Readonly<Record<string, string>> = {
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
const VOWELS: ReadonlySet<string> = new Set(['a', 'e', 'i', 'o', 'u']);

/** One lower-case Latin word to Cyrillic; anything that is not a Latin letter is kept. */
export const latinToCyrillic = (word: string): string => finalGlide(word, letterByLetter(word));

const letterByLetter = (word: string): string => {
  // "eto", "etim", "etot": a word opening with "et" is "эт" (это, этим, этот); other e-words are "е".
  const startsWithE = word.startsWith('et') || word.startsWith('eht');
  let out = startsWithE ? 'э' : '';
  let i = startsWithE ? (word.startsWith('eht') ? 2 : 1) : 0;
  outer: while (i < word.length) {
    for (const [latin, cyrillic] of MULTI_BY_FIRST.get(word[i] as string) ?? []) {
      if (word.startsWith(latin, i) && !(GLIDE_PAIRS.has(latin) && VOWELS.has(word[i + 2] ?? ''))) {
        out += cyrillic;
        i += latin.length;
        continue outer;
      }
    }
    const char = word[i] as string;
    out += SINGLE[char] ?? char;
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
