import type { IdiomsFile } from '../kb/schema.js';
import { normalise, tokens } from '../normalise/index.js';

/**
 * `#` in a phrase stands for one number, in digits or words ("for # weeks": "for 2 weeks", "for three weeks");
 * `#lo-hi` for a number typed in digits from lo to hi ("grandad #60-110": "grandad 88", never "grandad 8").
 */
const ANY_NUMBER = '#';
const NUMBER_RANGE = /^#(\d+)-(\d+)$/;
const isSlot = (part: string): boolean => part.startsWith(ANY_NUMBER);
const NUMBER_WORDS: ReadonlySet<string> = new Set([
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
]);
/** A phrase's words as the rewriter compares them, `#` kept as the number slot. */
export const idiomPhraseWords = (phrase: string): string[] =>
  phrase.includes(ANY_NUMBER)
    ? phrase.split(' ').flatMap((part) => (isSlot(part) ? [part] : tokens(normalise(part))))
    : tokens(normalise(phrase));
const isNumber = (word: string): boolean => /^\d+$/.test(word) || NUMBER_WORDS.has(word);

/** Whether a message word fills a number slot (`#` or `#lo-hi`). */
const fillsSlot = (word: string, slot: string): boolean => {
  if (slot === ANY_NUMBER) return isNumber(word);
  const range = NUMBER_RANGE.exec(slot);
  if (!range || !/^\d+$/.test(word)) return false;
  const value = Number(word);
  return value >= Number(range[1]) && value <= Number(range[2]);
};

interface Rewrite {
  from: string[];
  to: string[];
}

/**
 * Rewrites everyday phrases ("in the small hours", "seized up", "rn") to the words the intent examples use
 * (knowledge/idioms.yaml), applied to examples and messages alike. Phrases are found by their first word,
 * longest first, so the work is linear in the message length. `key` is how words are compared: as typed
 * (English), or by stem in an inflected language, so one form of a phrase stands for all its forms
 * ("грелка" for "грелкой", "грелку").
 */
export const createIdiomRewriter = (idioms: IdiomsFile | null, key?: (word: string) => string) => {
  const byFirstWord = new Map<string, Rewrite[]>();
  const vocabulary = new Set<string>();
  for (const entry of idioms?.rewrites ?? []) {
    const to = tokens(normalise(entry.means));
    for (const phrase of entry.phrases) {
      const typed = idiomPhraseWords(phrase);
      for (const word of typed) if (!isSlot(word)) vocabulary.add(word);
      const from = key ? typed.map((word) => (isSlot(word) ? word : key(word))) : typed;
      const [first] = from;
      if (!first) continue;
      const list = byFirstWord.get(first) ?? [];
      list.push({ from, to });
      byFirstWord.set(first, list);
    }
  }
  for (const list of byFirstWord.values()) list.sort((a, b) => b.from.length - a.from.length);
  /** Phrases opening with a number slot ("#13-42 неделя"): tried only where a number is, longest first. */
  const numberFirst = [...byFirstWord.entries()]
    .filter(([first]) => isSlot(first))
    .flatMap(([, list]) => list)
    .sort((a, b) => b.from.length - a.from.length);
  /**
   * Per first word, its phrases narrowed by the word after it (common words start a dozen phrases or more):
   * those whose second word is that word, a number slot, or that have none, in the same order. A second word
   * no phrase names finds the phrases that do not name one.
   */
  const bySecondWord = new Map<string, { named: Map<string, Rewrite[]>; unnamed: Rewrite[] }>();
  for (const [first, list] of byFirstWord) {
    const names = (rewrite: Rewrite): boolean =>
      rewrite.from.length > 1 && !isSlot(rewrite.from[1] as string);
    const named = new Map<string, Rewrite[]>();
    for (const second of new Set(list.filter(names).map((rewrite) => rewrite.from[1] as string)))
      named.set(
        second,
        list.filter((rewrite) => !names(rewrite) || rewrite.from[1] === second),
      );
    bySecondWord.set(first, { named, unnamed: list.filter((rewrite) => !names(rewrite)) });
  }

  /** `from[0]` is known to match: the phrase was found by it. */
  const matchesAt = (words: string[], index: number, from: string[]): boolean => {
    for (let k = 1; k < from.length; k++) {
      const wanted = from[k] as string;
      const word = words[index + k];
      if (word === undefined || (isSlot(wanted) ? !fillsSlot(word, wanted) : word !== wanted)) return false;
    }
    return true;
  };

  const rewrite = (words: string[]): string[] => {
    if (byFirstWord.size === 0) return words;
    // Words compared as typed need no copy.
    const keys = key ? words.map(key) : words;
    const out: string[] = [];
    for (let index = 0; index < words.length; ) {
      const word = words[index] as string;
      const narrowed = bySecondWord.get(keys[index] as string);
      let hit: Rewrite | undefined;
      if (narrowed) {
        const next = keys[index + 1];
        const candidates = (next === undefined ? undefined : narrowed.named.get(next)) ?? narrowed.unnamed;
        for (const candidate of candidates)
          if (matchesAt(keys, index, candidate.from)) {
            hit = candidate;
            break;
          }
      }
      if (!hit && numberFirst.length > 0 && isNumber(word))
        hit = numberFirst.find(
          (candidate) =>
            fillsSlot(word, candidate.from[0] as string) && matchesAt(keys, index, candidate.from),
        );
      if (hit) {
        out.push(...hit.to);
        index += hit.from.length;
      } else {
        out.push(word);
        index++;
      }
    }
    return out;
  };

  /** Words of the phrases, so typo correction can reach them. */
  return { rewrite, vocabulary };
};
