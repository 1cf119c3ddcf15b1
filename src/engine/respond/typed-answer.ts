import type { Followup, FollowupOption } from '../kb/schema.js';
import { normalise, tokens } from '../normalise/index.js';

/**
 * Reads a typed reply ("yes", "nope", "most nights", "just one leg", "2 weeks") as the answer to one of the
 * bot's own follow-up questions, the way pressing its button would. Each option gets points for agreeing
 * with what the reply says (yes or no, often or rarely, a long or a short time) and for sharing its words;
 * only a clear winner counts, so an unclear reply falls back to ordinary understanding.
 */

/** Replies longer than this are questions of their own, not answers. */
export const TYPED_ANSWER_MAX_WORDS = 8;

type Polarity = 'yes' | 'no' | null;
type Often = 'often' | 'rarely' | null;
type Span = 'long' | 'short' | null;

const YES = new Set([
  'yes',
  'yeah',
  'yep',
  'yup',
  'ya',
  'yea',
  'yah',
  'y',
  'sure',
  'correct',
  'definitely',
  'aye',
  'indeed',
  'absolutely',
  'affirmative',
]);
const NO = new Set(['no', 'nope', 'nah', 'n', 'none', 'neither', 'never', 'nothing', 'nor']);
const YES_PHRASES = [
  'i am',
  'i do',
  'it is',
  'they are',
  'they do',
  'i have',
  'it does',
  'that is right',
  'i think so',
];
const NO_PHRASES = [
  'not really',
  'i am not',
  'i do not',
  'it is not',
  'they do not',
  'not at all',
  'no way',
  'do not think so',
  'it does not',
  'i have not',
];

const OFTEN_WORDS = new Set([
  'most',
  'every',
  'always',
  'often',
  'daily',
  'nightly',
  'constantly',
  'frequently',
  'regularly',
  'lots',
  'everyday',
  'heavily',
  'usually',
  'mostly',
]);
const RARELY_WORDS = new Set(['sometimes', 'occasionally', 'rarely', 'seldom', 'once', 'hardly', 'odd']);
const RARELY_PHRASES = [
  'now and then',
  'every so often',
  'once in a while',
  'not often',
  'not much',
  'a few times',
  'from time to time',
  'only sometimes',
];

const LONG_UNITS = /^(weeks?|months?|years?|ages|wks?|mths?|yrs?)$/;
const DAY_UNITS = /^days?$/;
const SHORT_UNITS = /^(hours?|hrs?|minutes?|mins?|today|tonight|yesterday)$/;

/** Words that carry no meaning in a short reply or a button label. */
const FILLER = new Set([
  'a',
  'an',
  'the',
  'i',
  'my',
  'me',
  'it',
  'its',
  'is',
  'am',
  'are',
  'and',
  'or',
  'of',
  'to',
  'in',
  'on',
  'at',
  'for',
  'with',
  'but',
  'that',
  'this',
  'so',
  'very',
  'really',
  'quite',
  'bit',
  'do',
  'does',
  'have',
  'has',
  'been',
  'was',
  'be',
  'yes',
  'no',
  'not',
  'only',
  'well',
  'ok',
  'okay',
  'um',
  'uh',
  'like',
  'about',
  'think',
]);

const phraseIn = (joined: string, phrases: string[]): boolean =>
  phrases.some((phrase) => joined.includes(` ${phrase} `));

const polarityOf = (words: string[]): Polarity => {
  const joined = ` ${words.join(' ')} `;
  if (phraseIn(joined, NO_PHRASES) || NO.has(words[0] ?? '')) return 'no';
  if (YES.has(words[0] ?? '') || phraseIn(joined, YES_PHRASES)) return 'yes';
  if (words.some((word) => NO.has(word))) return 'no';
  return null;
};

const oftenOf = (words: string[]): Often => {
  const joined = ` ${words.join(' ')} `;
  if (phraseIn(joined, RARELY_PHRASES) || words.some((word) => RARELY_WORDS.has(word))) return 'rarely';
  if (words.some((word) => OFTEN_WORDS.has(word))) return 'often';
  return null;
};

/** "2 weeks", "a few days", "ages" are long; "an hour", "since this morning" short. */
const spanOf = (words: string[]): Span => {
  for (const [index, word] of words.entries()) {
    if (LONG_UNITS.test(word)) return 'long';
    if (SHORT_UNITS.test(word) || word === 'morning') return 'short';
    if (DAY_UNITS.test(word)) {
      const count = Number(words[index - 1]);
      const several = ['few', 'several', 'couple', 'many'].includes(words[index - 1] ?? '');
      return several || (Number.isFinite(count) && count >= 2) ? 'long' : 'short';
    }
  }
  return null;
};

const labelPolarity = (words: string[]): Polarity => {
  const [first] = words;
  if (first === 'yes') return 'yes';
  if (first === 'no' || first === 'none' || first === 'neither' || first === 'not') return 'no';
  return null;
};

/** Light stemming so "nights" meets "night" and "swollen" stays itself. */
const base = (word: string): string => (word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word);

const contentWords = (words: string[]): Set<string> =>
  new Set(words.filter((word) => !FILLER.has(word)).map(base));

interface Scored {
  option: FollowupOption;
  points: number;
}

const scoreOptions = (words: string[], followup: Followup): Scored[] => {
  const polarity = polarityOf(words);
  const often = oftenOf(words);
  const span = spanOf(words);
  const content = contentWords(words);
  return followup.options.map((option) => {
    const label = tokens(normalise(option.label));
    let points = 0;
    const optionPolarity = labelPolarity(label);
    if (polarity && optionPolarity) points += polarity === optionPolarity ? 3 : -3;
    const optionOften = oftenOf(label);
    if (often && optionOften) points += often === optionOften ? 3 : -3;
    const optionSpan = spanOf(label) ?? (optionOften === 'often' ? 'long' : null);
    if (span && optionSpan) points += span === optionSpan ? 2 : -2;
    for (const word of contentWords(label)) if (content.has(word)) points += 1;
    return { option, points };
  });
};

/** The option a typed reply chooses, or null when the reply is not clearly one of them. */
export const chooseOption = (text: string, followup: Followup): FollowupOption | null => {
  const words = tokens(normalise(text));
  if (words.length === 0 || words.length > TYPED_ANSWER_MAX_WORDS) return null;
  const [best, second] = scoreOptions(words, followup).sort((a, b) => b.points - a.points);
  if (!best || best.points <= 0) return null;
  if (second && second.points >= best.points) return null;
  return best.option;
};

/** Whether a short reply looks like an answer at all (yes/no, how often, how long), for re-asking. */
export const looksLikeAnswer = (text: string): boolean => {
  const words = tokens(normalise(text));
  if (words.length === 0 || words.length > 4) return false;
  return polarityOf(words) !== null || oftenOf(words) !== null || spanOf(words) !== null;
};

/**
 * Without a pending question: a short reply right after an answer is read against all that answer's
 * follow-up questions, and counts only when exactly one of them has a clearly chosen option.
 */
export const chooseAmong = (
  text: string,
  followups: Followup[],
): { followup: Followup; option: FollowupOption } | null => {
  const chosen = followups
    .map((followup) => ({ followup, option: chooseOption(text, followup) }))
    .filter((entry): entry is { followup: Followup; option: FollowupOption } => entry.option !== null);
  return chosen.length === 1 ? (chosen[0] ?? null) : null;
};
