import type { DevSet } from '../eval/types.js';

/** One family of benchmark messages. Long families are held to the 4,000-character target, others to the ordinary one. */
export interface InputSet {
  name: string;
  description: string;
  /** Checked against the long-message latency target (< 20 ms) rather than the ordinary one (< 2 ms). */
  long: boolean;
  /**
   * Messages per round. Families built to defeat caches (typos, gibberish) are regenerated for every round,
   * so each timed message is new to the engine's memoised spelling corrector.
   */
  round(index: number): string[];
  /** Messages used to warm the JIT before timing (never reused in the timed rounds for fresh families). */
  warmup: string[];
  /**
   * For families whose timed rounds are new every round (typos, gibberish): warm-up pass `pass` as new
   * messages too. Repeating one warm-up list let the engine's caches answer every pass after the first, so
   * the code that reads a new word was first compiled in the timed rounds, and timed.
   */
  warmupPass?(pass: number): string[];
}

export const LONG_MESSAGE_CHARS = 4000;

/** Small deterministic PRNG (mulberry32), so every run benchmarks the same messages. */
export const prng = (seed: number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** One random edit: drop, double, swap with the next letter, or replace with a keyboard-ish neighbour. */
const typo = (word: string, random: () => number): string => {
  if (word.length < 3) return word;
  const i = 1 + Math.floor(random() * (word.length - 2));
  const pick = Math.floor(random() * 4);
  if (pick === 0) return word.slice(0, i) + word.slice(i + 1);
  if (pick === 1) return word.slice(0, i) + (word[i] ?? '') + word.slice(i);
  if (pick === 2) return word.slice(0, i) + (word[i + 1] ?? '') + (word[i] ?? '') + word.slice(i + 2);
  return word.slice(0, i) + (LETTERS[Math.floor(random() * 26)] ?? 'e') + word.slice(i + 1);
};

/** Every word of three or more letters gets one typo, a third of them two. */
export const withTypos = (text: string, random: () => number): string =>
  text
    .split(' ')
    .map((word) => {
      if (!/^\p{L}{3,}$/u.test(word)) return word;
      const once = typo(word, random);
      return random() < 0.33 ? typo(once, random) : once;
    })
    .join(' ');

/** Concatenates messages (cycling, from a seeded start) up to `chars` characters, cut at a word boundary. */
export const longStory = (texts: string[], chars: number, random: () => number): string => {
  let out = '';
  let i = Math.floor(random() * texts.length);
  while (out.length < chars && texts.length) {
    out += `${texts[i % texts.length]}. `;
    i += 1 + Math.floor(random() * 7);
  }
  const cut = out.slice(0, chars);
  return cut.slice(0, Math.max(cut.lastIndexOf(' '), chars - 40));
};

/** Pronounceable nonsense words, each new: the worst case for a vocabulary-based typo corrector. */
export const gibberish = (chars: number, random: () => number): string => {
  const consonants = 'bcdfghjklmnprstvwz';
  const vowels = 'aeiou';
  const words: string[] = [];
  let length = 0;
  while (length < chars) {
    const size = 3 + Math.floor(random() * 7);
    let word = '';
    for (let i = 0; i < size; i++) {
      const set = i % 2 === 0 ? consonants : vowels;
      word += set[Math.floor(random() * set.length)];
    }
    words.push(word);
    length += word.length + 1;
  }
  return words.join(' ').slice(0, chars);
};

const fill = (unit: string, chars: number): string =>
  unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);

/** Emoji of every kind the normaliser treats differently: mapped to words, plain, skin tones, ZWJ sequences, flags. */
const EMOJI = ['🦵', '😭', '🌙', '🔥', '👍🏽', '👩‍⚕️', '🏃‍♀️', '🇬🇧', '💊', '😴', '❤️', '🤕', '💧', '🙏'];

/** Emoji up to `chars` UTF-16 code units (how Telegram counts message length). */
export const emojiFlood = (chars: number, random: () => number): string => {
  let out = '';
  for (;;) {
    const next = EMOJI[Math.floor(random() * EMOJI.length)] as string;
    if (out.length + next.length > chars) return out;
    out += next;
  }
};

/**
 * Russian families from the Russian development files (`*-ru.jsonl`): the same engine reads Russian
 * through the Snowball stemmer and the Russian lexicon, so its cost is measured on its own.
 */
const russianSets = (dev: DevSet): InputSet[] => {
  const lines = [...dev.inScope, ...dev.outOfScope, ...dev.triage].map((item) => item.text);
  if (lines.length === 0) return [];
  const random = prng(31);
  const stories = Array.from({ length: 10 }, () => longStory(lines, LONG_MESSAGE_CHARS, random));
  return [
    {
      name: 'dev-ru',
      description: `Russian development lines as written (${lines.length} lines)`,
      long: false,
      round: () => lines,
      warmup: lines,
    },
    {
      name: 'long-ru-4000',
      description: '4,000-character messages made of Russian development lines run together',
      long: true,
      round: () => stories,
      warmup: stories.slice(0, 2),
    },
  ];
};

/** The benchmark families, built from the development set (and the Russian one, when given). */
export const buildInputSets = (dev: DevSet, russian?: DevSet): InputSet[] => [
  ...englishSets(dev),
  ...(russian ? russianSets(russian) : []),
];

const englishSets = (dev: DevSet): InputSet[] => {
  const ordinary = [...dev.inScope, ...dev.outOfScope, ...dev.triage].map((item) => item.text);
  const inScope = dev.inScope.map((item) => item.text);
  const source = inScope.length ? inScope : ordinary;
  const fixed = (messages: string[]) => () => messages;
  const seeded = (seed: number, count: number, make: (random: () => number) => string) => {
    const random = prng(seed);
    return Array.from({ length: count }, () => make(random));
  };
  const longStories = seeded(11, 20, (random) => longStory(source, LONG_MESSAGE_CHARS, random));
  const repeated = [
    fill('cramp ', LONG_MESSAGE_CHARS),
    fill('my calf my calf ', LONG_MESSAGE_CHARS),
    fill('help ', LONG_MESSAGE_CHARS),
    fill('aaaa ', LONG_MESSAGE_CHARS),
    fill('why do my calves cramp at night ', LONG_MESSAGE_CHARS),
    fill('ok ', LONG_MESSAGE_CHARS),
    // At most four "words": the shape that once sent a whole message to the short-message fallback.
    fill('ha', LONG_MESSAGE_CHARS),
    fill('fkcnzsk', LONG_MESSAGE_CHARS),
    fill('1', LONG_MESSAGE_CHARS),
  ];
  return [
    {
      name: 'dev',
      description: `development set as written (${ordinary.length} in-scope, out-of-scope and triage lines)`,
      long: false,
      round: fixed(ordinary),
      warmup: ordinary,
    },
    {
      name: 'typos',
      description:
        'in-scope lines, every word of 3+ letters mistyped once (a third twice); new typos every round',
      long: false,
      round: (index) => source.map((text, i) => withTypos(text, prng(1000 * (index + 1) + i))),
      warmup: source.map((text, i) => withTypos(text, prng(7 + i))),
      // Seeds far from the timed rounds' (1000 per round): warm-up typos are never timed ones.
      warmupPass: (pass) => source.map((text, i) => withTypos(text, prng(50_000_000 + 1000 * pass + i))),
    },
    {
      name: 'long-4000',
      description: '4,000-character messages made of in-scope lines run together',
      long: true,
      round: fixed(longStories),
      warmup: seeded(12, 5, (random) => longStory(source, LONG_MESSAGE_CHARS, random)),
    },
    {
      name: 'long-1000',
      description:
        'the long-4000 stories cut to 1,000 characters: their ratio shows how cost grows with length',
      long: true,
      round: fixed(longStories.map((text) => text.slice(0, text.lastIndexOf(' ', 1000)))),
      warmup: [],
    },
    {
      name: 'gibberish-4000',
      description: '4,000 characters of new nonsense words every round (no cache can help)',
      long: true,
      round: (index) => seeded(5000 + index, 5, (random) => gibberish(LONG_MESSAGE_CHARS, random)),
      warmup: seeded(99, 3, (random) => gibberish(LONG_MESSAGE_CHARS, random)),
      warmupPass: (pass) => seeded(900_000 + pass, 3, (random) => gibberish(LONG_MESSAGE_CHARS, random)),
    },
    {
      name: 'repeated-4000',
      description: '4,000 characters of one word or phrase repeated',
      long: true,
      round: fixed(repeated),
      warmup: repeated,
    },
    {
      name: 'emoji-4000',
      description: 'emoji floods of 4,000 UTF-16 units (mapped emoji, skin tones, ZWJ sequences, flags)',
      long: true,
      round: fixed(seeded(21, 5, (random) => emojiFlood(LONG_MESSAGE_CHARS, random))),
      warmup: seeded(22, 2, (random) => emojiFlood(LONG_MESSAGE_CHARS, random)),
    },
  ];
};
