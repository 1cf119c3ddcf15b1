/**
 * Matching terms for Russian: function words dropped, the rest stemmed (Snowball, ё = е), so "икры",
 * "икрой" and "икру" are one term. Bigrams of neighbouring content words, like the English terms.
 */
import { stemRu } from '../language/stem-ru.js';

const STOPWORDS = new Set(
  (
    'и в во не что он на я с со как а то все всё она так его но да ты к у же вы за бы по только ее её мне было ' +
    'вот от меня еще ещё нет о из ему теперь даже ну вдруг ли если уже или ни быть был него до вас нибудь ' +
    'опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам ' +
    'чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь ' +
    'этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два об другой ' +
    'хоть после над больше тот через эти нас про всего них какая много разве три эту моя впрочем хорошо ' +
    'свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между это мои моей моего ' +
    'пожалуйста просто очень скажите подскажите вообще типа блин вот какие каких такое такие ' +
    // Asking for advice says nothing of the topic ("посоветуйте мазь", "посоветуй фильм").
    'посоветуйте посоветуй посоветовать порекомендуйте порекомендуй подскажи ' +
    // "Хороший" praises anything ("хороший шампунь"); "хорошего дня" (thanks) is another form and stays.
    'хороший хорошая хорошее хорошую хорошие хороших ' +
    // Other forms of the same function words: the list is compared word for word, not by stem.
    'такого такая такую таким такими таких такому этого этому этим эта эти этих тех та те той тому тот ' +
    'мое моё мои моим моих моему моей твой твоя твои наш наша наши ваш ваша ваши свой своя свои своих своим ' +
    'который которая которое которые которых котором какое какую каким какого какой какая ' +
    'мной мною нам нами вами тобой ими ею нему нем ней нею сама сами самой самый ' +
    'вроде короче ладно ок ага ой ах именно кстати причем причём ' +
    // Chat spellings of function words ("тока" is "только"; compared as typed, so "ток" the current stays).
    'тока тож тоже чтоли штоли равно'
  ).split(' '),
);

/** Kept although they look like function words, because they separate intents. */
const KEEP = new Set([
  // "после судороги болит икра" is about the aftermath, not a vague "икра болит".
  'после',
  'почему',
  'отчего',
  'чего',
  'когда',
  'как',
  'что',
  'нельзя',
  'можно',
  'спасибо',
  'привет',
  // "кто ты", "ты кто вообще": every other word of asking who the bot is, is a function word.
  'кто',
  // "прямо сейчас", "щас": a cramp happening now asks for first aid, not for prevention.
  'сейчас',
]);

/** The stopwords less those kept, as one set: one lookup per word. */
const DROPPED: ReadonlySet<string> = new Set([...STOPWORDS].filter((word) => !KEEP.has(word)));
export const isStopwordRu = (word: string): boolean => DROPPED.has(word);

/** Words after a number that make it a quantity, not an age ("20 минут", "100 метров"). */
const UNITS = /^(мин|сек|час|метр|м$|км|раз|мг|грамм|литр|градус|недел|дн|ден|месяц|шаг|таблет|кг|см)/;
const CHILD_YEARS = /^(лет|год|года|годик|годика)$/;

/** "маме 82" is about an older adult and "сыну 6 лет" about a child, as in the English terms. */
const ageTermRu = (words: readonly string[], index: number): string | null => {
  const match = /^(\d{1,3})$/.exec(words[index] ?? '');
  if (!match) return null;
  const age = Number(match[1]);
  const after = words[index + 1] ?? '';
  if (age >= 65 && age <= 115 && !UNITS.test(after)) return 'elderly';
  if (age >= 1 && age <= 12 && CHILD_YEARS.test(after)) return 'child';
  return null;
};

const PREGNANCY_TERM = stemRu('беременность');

/** A number written as an ordinal ("25й", "30ой"), or the ending typed apart ("20-й" reads as "20", "й"). */
const ORDINAL_ENDING = '(й|ой|ий|ый|я|ая|ей|е|ое|го|ого|м|ом|ем)';
const ORDINAL = new RegExp(`^(\\d{1,3})${ORDINAL_ENDING}$`);
const LONE_ENDING = new RegExp(`^${ORDINAL_ENDING}$`);
const isLoneEnding = (words: readonly string[], index: number): boolean =>
  LONE_ENDING.test(words[index] ?? '') && /^\d+$/.test(words[index - 1] ?? '');

/** "на 25 неделе", "на 25й неделе" and "на 7-м месяце" are a stage of pregnancy; "уже 2 недели" is only how long. */
const pregnancyWeekRu = (words: readonly string[], index: number): boolean => {
  const match = /^(\d{1,2})$/.exec(words[index] ?? '') ?? ORDINAL.exec(words[index] ?? '');
  if (!match || words[index - 1] !== 'на') return false;
  const count = Number(match[1]);
  const next = isLoneEnding(words, index + 1) ? index + 2 : index + 1;
  const unit = words[next] ?? '';
  return (
    (count >= 8 && count <= 42 && /^недел/.test(unit)) || (count >= 3 && count <= 9 && /^месяц/.test(unit))
  );
};

/** `stems`: the words' stems (stemRu per word), when the caller has them already. */
export const unigramsOfRu = (words: readonly string[], stems?: readonly string[]): string[] => {
  const unigrams: string[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string;
    const age = ageTermRu(words, index);
    if (age) {
      unigrams.push(age);
      continue;
    }
    if (pregnancyWeekRu(words, index)) {
      unigrams.push(PREGNANCY_TERM);
      continue;
    }
    if (word.length < 2 && !/\d/.test(word)) continue;
    // A bare or ordinal number that is neither an age nor a stage of pregnancy ("мне 30", "10 км", "на 2-м этаже")
    // names no topic, and as an unknown word it would only pull the message towards "not sure".
    if (/^\d+$/.test(word) || ORDINAL.test(word) || isLoneEnding(words, index)) continue;
    if (isStopwordRu(word)) continue;
    unigrams.push(stems === undefined ? stemRu(word) : (stems[index] as string));
  }
  return unigrams;
};

export const termsOfRu = (words: readonly string[]): { unigrams: string[]; bigrams: string[] } => {
  const unigrams = unigramsOfRu(words);
  // Russian word order is free ("сводит икры ночью", "ночью икры сводит"): a pair of neighbours is one term
  // whichever comes first.
  const bigrams: string[] = [];
  for (let index = 1; index < unigrams.length; index++) {
    const first = unigrams[index - 1] as string;
    const second = unigrams[index] as string;
    bigrams.push(first < second ? `${first}_${second}` : `${second}_${first}`);
  }
  return { unigrams, bigrams };
};
