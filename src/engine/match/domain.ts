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

  const hasPhrase = (stems: string[], phrase: string[]): boolean => {
    for (let index = 0; index + phrase.length <= stems.length; index++) {
      let all = true;
      for (let k = 0; k < phrase.length && all; k++) all = stems[index + k] === phrase[k];
      if (all) return true;
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

  /** `words` as the matcher reads them (spelling corrected, idioms rewritten, people words dropped). */
  const isAbout = (words: string[]): boolean => {
    if (domainWords.size === 0) return true;
    const stems = words.map(stem);
    const present = new Set(stems);
    const counted = words.filter((word, index) => {
      if (!domainWords.has(stems[index] as string)) return false;
      const sense = senses.get(word);
      if (!sense) return true;
      for (const term of sense) if (present.has(term)) return false;
      return true;
    });
    if (counted.length === 0) return false;
    if (!otherParts.some((phrase) => hasPhrase(stems, phrase))) return true;
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
    return (
      !stems.some((term) => domainWords.has(term)) && !otherParts.some((phrase) => hasPhrase(stems, phrase))
    );
  };

  return { isAbout, namesNothing, domainWords, words: gateWords };
};
