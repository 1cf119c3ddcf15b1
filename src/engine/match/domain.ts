import type { VocabularyFile } from '../kb/schema.js';

/** Words that make a following leg word not about the legs in question ("no leg pain", "not my legs"). */
const NEGATORS = new Set(['no', 'not', 'without', 'nothing', 'never']);
/** How far back a negator reaches: "no leg pain", "not in my legs". */
const NEGATION_REACH = 3;
/** Words after a leg word that say it is not the trouble ("my legs are fine"). */
const FINE = new Set(['fine', 'ok', 'okay', 'alright', 'normal', 'good']);
const FINE_REACH = 2;

/**
 * Decides whether a message is about cramps at all (the domain), so that a message sharing only a word with
 * the domain gets "not sure" instead of the nearest cramp topic. Three checks, all from
 * knowledge/vocabulary.yaml:
 * - a domain word must be present ("cramp", "calf", "magnesium"...);
 * - a domain word with another sense does not count when a word of that sense is there: the calf on a farm,
 *   a leg of lamb, a cramped flat, magnesium for sleep;
 * - cramps or pain of another body part (stomach, period, neck, back) are out of scope unless a leg word is
 *   also there, and a negated one ("no leg pain", "my legs are fine") is not.
 * `stem` must be the matcher's, so the lists are compared with the words as the matcher sees them.
 */
export const createDomainGate = (vocabulary: VocabularyFile | null, stem: (word: string) => string) => {
  const domainWords = new Set((vocabulary?.domain_words ?? []).map(stem));
  const senses = new Map<string, Set<string>>();
  for (const [word, context] of Object.entries(vocabulary?.other_senses ?? {})) {
    senses.set(word, new Set(context.map(stem)));
  }
  const legWords = new Set((vocabulary?.leg_words ?? []).map(stem));
  const otherParts = (vocabulary?.other_body_parts ?? []).map((phrase) => phrase.split(' ').map(stem));
  /** The phrases by their first stem: a message's words find theirs without trying every phrase at every word. */
  const partsByFirst = new Map<string, string[][]>();
  for (const phrase of otherParts) {
    const first = phrase[0] as string;
    const list = partsByFirst.get(first);
    if (list) list.push(phrase);
    else partsByFirst.set(first, [phrase]);
  }

  /** Whether any other body part's phrase occurs in the stems. */
  const namesOtherPart = (stems: readonly string[]): boolean => {
    for (let index = 0; index < stems.length; index++) {
      const phrases = partsByFirst.get(stems[index] as string);
      if (phrases === undefined) continue;
      for (const phrase of phrases) {
        if (index + phrase.length > stems.length) continue;
        let all = true;
        for (let k = 1; k < phrase.length && all; k++) all = stems[index + k] === phrase[k];
        if (all) return true;
      }
    }
    return false;
  };

  const negated = (words: string[], index: number): boolean => {
    for (let back = 1; back <= NEGATION_REACH && index - back >= 0; back++) {
      if (NEGATORS.has(words[index - back] as string)) return true;
    }
    for (let ahead = 1; ahead <= FINE_REACH && index + ahead < words.length; ahead++) {
      if (FINE.has(words[index + ahead] as string)) return true;
    }
    return false;
  };

  /** Whether a domain word with another sense is read in that sense here (a word of it is present). */
  const otherSense = (sense: ReadonlySet<string>, stems: readonly string[]): boolean => {
    for (const term of stems) if (sense.has(term)) return true;
    return false;
  };

  /**
   * `words` as the matcher reads them (spelling corrected, idioms rewritten, people words dropped);
   * `stems` their stems, when the caller has them already.
   */
  const isAbout = (words: string[], stems: readonly string[] = words.map(stem)): boolean => {
    if (domainWords.size === 0) return true;
    let counted = false;
    for (let index = 0; index < words.length && !counted; index++) {
      if (!domainWords.has(stems[index] as string)) continue;
      const sense = senses.get(words[index] as string);
      counted = !sense || !otherSense(sense, stems);
    }
    if (!counted) return false;
    if (!namesOtherPart(stems)) return true;
    return stems.some((term, index) => legWords.has(term) && !negated(words, index));
  };

  /** Every word of the other senses, other body parts and leg words, as written. */
  const gateWords = new Set<string>([
    ...Object.values(vocabulary?.other_senses ?? {}).flat(),
    ...(vocabulary?.other_body_parts ?? []).flatMap((phrase) => phrase.split(' ')),
    ...(vocabulary?.leg_words ?? []),
  ]);

  /**
   * Whether the message names neither a domain word nor another body part. Only such a message may be read
   * as pointing back at cramps with a pronoun ("how do I stop them").
   */
  const namesNothing = (words: string[]): boolean => {
    const stems = words.map(stem);
    return !stems.some((term) => domainWords.has(term)) && !namesOtherPart(stems);
  };

  return { isAbout, namesNothing, domainWords, words: gateWords };
};
