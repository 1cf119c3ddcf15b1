import fc from 'fast-check';

/**
 * fast-check generators for what people (and keyboards, and attackers) type into a chat. Pieces are
 * joined into messages, so one message mixes words, emoji, control and invisible characters, scripts
 * that run right to left, and pieces of real red-flag phrases.
 */

/** Telegram's limit, and the engine's. */
export const MESSAGE_LIMIT = 4096;

const char = (from: number, to: number) =>
  fc.integer({ min: from, max: to }).map((code) => String.fromCodePoint(code));

/** C0 and C1 control characters, DEL, and the Unicode line and paragraph separators. */
export const controlChar = fc.oneof(char(0x00, 0x1f), char(0x7f, 0x9f), fc.constantFrom('\u2028', '\u2029'));

/** Invisible characters: zero-width space/joiners, word joiner, BOM, soft hyphen, Mongolian vowel separator. */
export const zeroWidthChar = fc.constantFrom(
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u00ad',
  '\u180e',
);

/** Direction overrides and isolates, which reorder how text is shown (a classic spoofing trick). */
export const bidiChar = fc.constantFrom(
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200e',
  '\u200f',
);

/** Hebrew, Arabic (with its digits and tatweel) and Syriac letters. */
export const rtlText = fc.string({
  unit: fc.oneof(char(0x0590, 0x05ff), char(0x0600, 0x06ff), char(0x0700, 0x074f)),
  minLength: 1,
  maxLength: 30,
});

const EMOJI = [
  '😀',
  '😭',
  '🤬',
  '🆘',
  '🚑',
  '🦵',
  '🦶',
  '💪',
  '🩸',
  '❤️',
  '🔥',
  '🥵',
  '🥶',
  '💊',
  '⚠️',
  '🚨',
  '👍🏽',
  '👩🏿‍⚕️',
  '👨‍👩‍👧‍👦',
  '🏳️‍🌈',
  '🇬🇧',
  '🇺🇸',
  '1️⃣',
  '#️⃣',
  '🫠',
  '🧍‍♀️',
  '🤰🏻',
];
export const emoji = fc.constantFrom(...EMOJI);
/** Hundreds of emoji in a row, as some people do. */
export const emojiFlood = fc.array(emoji, { minLength: 50, maxLength: 600 }).map((all) => all.join(''));

/** Lone surrogates: invalid UTF-16 that JavaScript strings can still hold. */
export const loneSurrogate = char(0xd800, 0xdfff).map((value) => value.charAt(0));

const WORDS = [
  'my',
  'calf',
  'leg',
  'cramp',
  'cramps',
  'night',
  'pain',
  'hurts',
  'swollen',
  'hot',
  'red',
  'no',
  'not',
  "can't",
  'breathe',
  'chest',
  'foot',
  'cold',
  'white',
  'numb',
  'pregnant',
  'statins',
  'magnesium',
  'running',
  'water',
  'why',
  'what',
  'help',
  'please',
  'is',
  'it',
  'a',
  'clot',
  'dvt',
  'and',
  'but',
];
export const word = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }),
  fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 1, maxLength: 40 }),
);
export const punctuation = fc.constantFrom(
  '.',
  ',',
  '!',
  '?',
  '...',
  '…',
  ';',
  ':',
  '(',
  ')',
  '"',
  "'",
  '-',
  '—',
  '/',
  '\\',
  '|',
  '&',
  '#',
  '@',
  '`',
  '´',
  '’',
);
export const whitespace = fc.constantFrom(' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u3000', '\u2003');

/** Any piece of a message, from ordinary words to hostile characters. */
export const piece = (phrases: readonly string[]) =>
  fc.oneof(
    { weight: 6, arbitrary: word },
    { weight: 3, arbitrary: whitespace },
    { weight: 2, arbitrary: punctuation },
    { weight: 2, arbitrary: emoji },
    { weight: 1, arbitrary: controlChar },
    { weight: 1, arbitrary: zeroWidthChar },
    { weight: 1, arbitrary: bidiChar },
    { weight: 1, arbitrary: rtlText },
    { weight: 1, arbitrary: loneSurrogate },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 100_000 }).map(String) },
    { weight: 2, arbitrary: fc.constantFrom(...phrases) },
  );

/** A message of mixed pieces, up to `maxPieces` of them. */
export const mixedMessage = (phrases: readonly string[], maxPieces = 40) =>
  fc.array(piece(phrases), { maxLength: maxPieces }).map((pieces) => pieces.join(''));

/** Repeats `text` to exactly `length` UTF-16 units (the cut may split a surrogate pair, as a client might). */
export const fitTo = (text: string, length: number): string => {
  if (text === '') return ' '.repeat(length);
  return text.repeat(Math.ceil(length / text.length)).slice(0, length);
};

/**
 * A near miss of a red-flag phrase: a word dropped, swapped, doubled or negated, letters shuffled. The
 * answer may or may not be a red flag; the engine must simply cope.
 */
export const nearMiss = (phrases: readonly string[]) =>
  fc
    .tuple(
      fc.constantFrom(...phrases),
      fc.nat(),
      fc.nat(),
      fc.constantFrom('drop', 'swap', 'double', 'negate', 'shuffle', 'join'),
    )
    .map(([phrase, i, j, kind]) => {
      const words = phrase.split(' ');
      const a = i % words.length;
      const b = j % words.length;
      const at = words[a] ?? '';
      switch (kind) {
        case 'drop':
          words.splice(a, 1);
          break;
        case 'swap':
          words[a] = words[b] ?? '';
          words[b] = at;
          break;
        case 'double':
          words.splice(a, 0, at);
          break;
        case 'negate':
          words.splice(a, 0, j % 2 === 0 ? 'no' : 'not');
          break;
        case 'shuffle':
          words[a] = [...at].reverse().join('');
          break;
        case 'join':
          words.splice(a, 2, `${at}${words[a + 1] ?? ''}`);
          break;
      }
      return words.join(' ');
    });
