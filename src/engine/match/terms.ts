/**
 * Turns normalised words into matching terms: function words dropped, light suffix stripping so that
 * "cramps", "cramping" and "cramped" are one term. Deliberately crude and deterministic: it only has to
 * treat examples and messages alike.
 */
import { boundedMemo } from '../normalise/memo.js';

const STOPWORDS = new Set(
  (
    'a an the and or but if then so of to in on at by for with from into onto about as is am are was were be been ' +
    'being do does did doing have has had having i me my mine myself you your yours we us our they them their he ' +
    'him his she her hers it its this that these those there here what which who whom whose when where why how ' +
    'can could will would shall should may might must just very really quite too also again still even ever ' +
    'some any all each every no not nor only own same such than other another more most much many lot lots ' +
    'up down out off over under again further once get got gets getting go going gone went like thing things ' +
    'im ive please oh um uh well anyone someone something anything know tell say said ' +
    'think thought wonder wondering want wanted wants wanting need bit kind sort one two day days time times ' +
    'usually normally generally actually basically honestly literally ' +
    // Conjunctions and hedges join a story, they never say what it is about ("cramp while running").
    'while whilst almost ' +
    // Intensifiers and chat fillers say how strongly, never what about ("awful cramps" are cramps).
    'awful awfully terrible terribly horrible horribly dreadful dreadfully horrendous massive huge crazy insane ' +
    'bloody damn nasty seriously totally absolutely definitely super mega lol lmao haha omg tbh ngl idk pls plz ugh gosh ' +
    // How often says how much, not what about ("so often", "every so often").
    'often frequently regularly constantly sometimes occasionally ' +
    // Reported speech says who said it, not what about ("my mum says", "I was told").
    'says saying told tells telling reckons reckon asked asking asks heard claims'
  ).split(' '),
);

/** Words kept although they look like function words, because they separate intents. */
const KEEP = new Set([
  'hello',
  'hey',
  'thanks',
  'bye',
  'help',
  'doctor',
  'night',
  'when',
  'why',
  'what',
  'how',
  // "same thing?", "the same as a spasm": a comparison asks what something is.
  'same',
  // "still sore", "gone but": what is left after a cramp has passed.
  'still',
  'gone',
]);

/** The stopwords less those kept, as one set: one lookup per word. */
const DROPPED: ReadonlySet<string> = new Set([...STOPWORDS].filter((word) => !KEEP.has(word)));
export const isStopword = (word: string): boolean => DROPPED.has(word);

const VOWEL = /[aeiouy]/;

/** Bounded memo: people use the same few hundred words, and stemming is the matcher's commonest call. */
const STEM_MEMO_LIMIT = 50_000;

// A word of three letters or fewer is its own stem (stemUncached): no memo lookup, and no entry for it.
export const stem = (word: string): string => (word.length <= 3 ? word : memoStem(word));

const stemUncached = (word: string): string => {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith('ves') && w.length > 4) return `${w.slice(0, -3)}f`;
  if (w.endsWith('ing') && w.length > 5 && VOWEL.test(w.slice(0, -3))) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4 && VOWEL.test(w.slice(0, -2))) w = w.slice(0, -2);
  else if (/(ches|shes|sses|xes)$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  // "running" -> "runn" -> "run"; "stopped" -> "stopp" -> "stop".
  if (w !== word && /([bdfgklmnprt])\1$/.test(w) && !w.endsWith('ll')) w = w.slice(0, -1);
  return w;
};

const AGE_BEFORE = new Set(['am', 'is', 'aged', 'age', 'over', 'turned', 'turning', 'nearly', 'almost']);
const AGE_AFTER = new Set(['yo', 'yr', 'yrs', 'year', 'years']);
/**
 * "at 90", "after 65", "past 70": an old age when nothing after the number makes it a distance, a time or a
 * temperature ("after 90 minutes", "at 70 degrees"). Only old ages: "at 12" is as often a time as an age.
 */
const OLD_AGE_BEFORE = new Set(['at', 'after', 'past', 'beyond']);
const NOT_AN_AGE_AFTER = new Set(
  'minutes mins min seconds secs hours hrs km kms k miles mile metres meters m kg kilos degrees percent mph kph steps yards laps reps pm am oclock days weeks months bpm calories cal'.split(
    ' ',
  ),
);

/**
 * "my daughter 12 has cramps", "grandson 10", "dad 84": a number straight after a person is their age, unless a
 * unit follows ("my son 2 days ago").
 */
const PERSON_BEFORE_AGE = new Set(
  'son daughter grandson granddaughter boy girl kid child nephew niece brother sister lad lass dad mom mother father grandma grandpa granny grandad granddad nan nana gran husband wife neighbor neighbour aunt uncle'.split(
    ' ',
  ),
);

/**
 * Ages carry meaning numbers don't: "she's 91" and "in the over 70s" are about older adults,
 * "my 6 year old" about a child. Only numbers next to an age word count, so "100 m" or "30 minutes" don't.
 */
export const ageTerm = (words: readonly string[], index: number): string | null => {
  // Most words start with a letter: no pattern run for them.
  const first = (words[index] ?? '').charCodeAt(0);
  if (!(first >= 0x30 && first <= 0x39)) return null;
  const match = /^(\d{1,3})s?$/.exec(words[index] ?? '');
  if (!match) return null;
  const before = words[index - 1] ?? '';
  const after = words[index + 1] ?? '';
  const age = Number(match[1]);
  if (OLD_AGE_BEFORE.has(before) && !NOT_AN_AGE_AFTER.has(after) && age >= 65 && age <= 115) return 'elderly';
  const afterPerson = PERSON_BEFORE_AGE.has(before) && !NOT_AN_AGE_AFTER.has(after);
  if (
    !AGE_BEFORE.has(before) &&
    !AGE_AFTER.has(after) &&
    !afterPerson &&
    !/^\d{2}s$/.test(words[index] ?? '')
  )
    return null;
  if (age >= 65 && age <= 115) return 'elderly';
  // Teenagers belong with children: the children topic covers growing bodies up to 17.
  if (age >= 1 && age <= 17) return 'child';
  return null;
};

const DOER = new Set([
  'to',
  'i',
  'you',
  'we',
  'he',
  'she',
  'they',
  'one',
  'u',
  'can',
  'could',
  'should',
  'would',
  'will',
  'must',
  'shall',
]);
const DO = new Set(['do', 'doing']);

/**
 * "what to do", "what should I do", "what can you do" ask for an action, not what something is: their "what"
 * is its own term, evidence for the topics that say what to do, never for "what is a cramp".
 */
const WHAT_TO_DO = 'whattodo';
const asksWhatToDo = (words: readonly string[], index: number): boolean => {
  for (let next = index + 1; next < Math.min(words.length, index + 5); next++) {
    const word = words[next] as string;
    if (DO.has(word) && DOER.has(words[next - 1] as string)) return true;
    if (!isStopword(word)) return false;
  }
  return false;
};

/**
 * Content words of a normalised message, in order, as terms. `stems`: the words' stems, when the caller has
 * them already (the same as stem(word) per word), so no word is looked up in the stem memo twice.
 */
export const unigramsOf = (words: readonly string[], stems?: readonly string[]): string[] => {
  const unigrams: string[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string;
    const age = ageTerm(words, index);
    if (age) {
      unigrams.push(age);
      continue;
    }
    if (word.length < 2 || isStopword(word)) continue;
    if (word === 'what' && asksWhatToDo(words, index)) {
      unigrams.push(WHAT_TO_DO);
      continue;
    }
    unigrams.push(stems === undefined ? stem(word) : (stems[index] as string));
  }
  return unigrams;
};

/** Content words of a normalised message, in order, with bigrams of neighbouring content words. */
export const termsOf = (words: readonly string[]): { unigrams: string[]; bigrams: string[] } => {
  const unigrams = unigramsOf(words);
  const bigrams: string[] = [];
  for (let index = 1; index < unigrams.length; index++)
    bigrams.push(`${unigrams[index - 1]}_${unigrams[index]}`);
  return { unigrams, bigrams };
};

/** Whether a message's terms open a gated topic (see vocabulary.yaml topic_gates). */
export const passesGate = (terms: Iterable<string>, gate: ReadonlySet<string>): boolean => {
  for (const term of terms) if (gate.has(term)) return true;
  return false;
};

const memoStem = boundedMemo(STEM_MEMO_LIMIT, stemUncached);
