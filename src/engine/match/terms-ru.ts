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
    'пожалуйста просто очень скажите подскажите вообще типа блин вот какие каких такое такие'
  ).split(' '),
);

/** Kept although they look like function words, because they separate intents. */
const KEEP = new Set(['почему', 'когда', 'как', 'что', 'нельзя', 'можно', 'спасибо', 'привет']);

export const isStopwordRu = (word: string): boolean => STOPWORDS.has(word) && !KEEP.has(word);

export const termsOfRu = (words: readonly string[]): { unigrams: string[]; bigrams: string[] } => {
  const unigrams: string[] = [];
  for (const word of words) {
    if (word.length < 2 && !/\d/.test(word)) continue;
    if (isStopwordRu(word)) continue;
    unigrams.push(stemRu(word));
  }
  const bigrams: string[] = [];
  for (let index = 1; index < unigrams.length; index++)
    bigrams.push(`${unigrams[index - 1]}_${unigrams[index]}`);
  return { unigrams, bigrams };
};
