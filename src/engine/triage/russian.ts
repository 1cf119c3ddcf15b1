/**
 * Russian grammar words for triage, as people type them (ё written е, as triage tokens are). The red-flag
 * matcher reads every language at once, and Cyrillic words never meet English ones, so these lists simply
 * join the English sets in negation.ts, question.ts and match.ts. Negation: "нет отёка", "не опухла",
 * "без покраснения"; general questions: "какие признаки тромба?", "когда нужно вызывать скорую?".
 */

export const RU_NEGATORS = [
  ...['не', 'нет', 'без', 'ни', 'никогда', 'нету', 'отсутствует', 'отсутствуют'],
  // "никаких болей", "никакой отёчности": "no pain at all".
  ...['никаких', 'никакой', 'никакого', 'никакие', 'никакая', 'никакую'],
];

/** Negators that follow what they deny at the end of a clause: "отёка нет", "температуры нету". */
export const RU_POSTPOSED_NEGATORS = ['нет', 'нету', 'отсутствует', 'отсутствуют'];

/** "не было", "не была": with a noun before them, a denial of that noun ("хлопка не было"). */
export const RU_PAST_BE = ['было', 'был', 'была', 'были', 'наблюдается', 'отмечается'];

/** Endings of the genitive a denied noun takes before "нет" ("одышки", "отёка", "болей", "синяков"). */
export const RU_GENITIVE_ENDINGS = ['а', 'я', 'ы', 'и', 'ов', 'ев', 'ей'];

export const RU_FILLERS = [
  ...['и', 'или', 'ни', 'никакого', 'никакой', 'никакая', 'никаких', 'особо', 'особого', 'особой'],
  ...[
    'заметного',
    'заметной',
    'видимого',
    'видимой',
    'явного',
    'явной',
    'было',
    'был',
    'была',
    'были',
    'есть',
  ],
  ...['у', 'меня', 'него', 'нее', 'я', 'мне', 'моей', 'моя', 'мой', 'моего', 'тоже', 'также', 'совсем'],
  ...['вообще', 'очень', 'сильно', 'сильного', 'сильной', 'признаков', 'признака', 'замечаю', 'заметил'],
  ...['заметила', 'вижу', 'чувствую', 'ощущаю', 'кажется', 'вроде', 'даже', 'такого', 'такой', 'стало'],
  ...['в', 'на', 'ноге', 'икре', 'ногах', 'голени', 'стопе', 'лодыжке', 'бедре', 'колене', 'икрах', 'чуть'],
  ...['немного', 'никаких', 'нигде', 'ничего', 'ничем'],
];

export const RU_SCOPE_BREAKERS = [
  ...['но', 'однако', 'хотя', 'зато', 'только', 'просто', 'сейчас', 'теперь', 'потом', 'уже', 'все'],
  ...['тем', 'потому', 'поэтому', 'так', 'который', 'которая', 'которое', 'вдруг', 'внезапно', 'сегодня'],
  ...['пока', 'лишь', 'кроме', 'вместо', 'еще', 'зато'],
  // "а" sets what follows against what came before: "отёка нет, а икра болит", "не спит а стонет".
  'а',
];

/**
 * "не" binds the word after it ("не ходит и моча бурая", "не опухла болит"): one content word, where
 * "нет" and "без" take a list ("нет отёка, покраснения и жара").
 */
export const RU_ONE_WORD_NEGATORS = ['не'];

/**
 * Words a one-word negator reaches past to what it denies: degree ("не слишком опухла") and seeing or
 * finding ("не замечала отёка", "не выглядит опухшей", "не видно отёка"), as English "no sign of".
 */
export const RU_DEGREE_WORDS = [
  ...['слишком', 'прям', 'прямо', 'настолько', 'уж', 'особенно', 'похоже', 'похожа', 'похож'],
  ...['замечала', 'замечал', 'замечали', 'заметно', 'видно', 'видела', 'видел', 'видели', 'увидела'],
  ...['увидел', 'наблюдаю', 'наблюдала', 'выглядит', 'выглядят', 'выглядела', 'выглядел', 'нашла'],
  ...['нашел', 'нашли', 'нахожу', 'обнаружила', 'обнаружил', 'чувствуется', 'ощущается', 'почувствовала'],
  ...['почувствовал', 'становится', 'стала', 'стал'],
];

/** "или нет" ends a question ("ехать или нет?"): it denies nothing after it. */
export const RU_NOT_NEGATING_AFTER: Record<string, readonly string[]> = { нет: ['или', 'ли'] };

/** "не знаю", "не уверен", "нет ли": a negator that negates nothing that follows. */
export const RU_NOT_NEGATING_NEXT: Record<string, readonly string[]> = {
  не: [
    'знаю',
    'уверен',
    'уверена',
    'только',
    'помню',
    'понимаю',
    'так',
    'что',
    'то',
    'считая',
    'такой',
    'такая',
    'такое',
    'такие',
  ],
  нет: ['ли', 'ничего', 'не'],
};

export const RU_PRONOUN_STARTS = [
  'я',
  'у',
  'мой',
  'моя',
  'мне',
  'меня',
  'он',
  'она',
  'его',
  'ее',
  'мы',
  'это',
];

/** "или" and "ни": a clause opening with one continues a negated list ("нет отёка, ни покраснения"). */
export const RU_LIST_WORDS = ['или', 'ни'];

export const RU_PERSONAL = [
  ...['меня', 'мне', 'мной', 'мой', 'моя', 'мое', 'мои', 'моей', 'моего', 'моих', 'моим', 'моему', 'мою'],
  ...['я', 'мы', 'нас', 'нам', 'наш', 'наша', 'наши', 'нашего', 'нашей', 'он', 'она', 'его', 'ее'],
  ...['ему', 'ей', 'него', 'нее', 'ним', 'ней', 'сейчас', 'сегодня', 'вчера', 'позавчера', 'ночью'],
  ...['утром', 'недавно', 'назад', 'уже', 'муж', 'мужа', 'жена', 'жены', 'сын', 'сына', 'дочь', 'дочка'],
  ...['дочки', 'мама', 'маму', 'мамы', 'папа', 'папы', 'бабушка', 'бабушки', 'дедушка', 'дедушки'],
  ...['ребенок', 'ребенка', 'внук', 'внучка', 'подруга', 'друг', 'помогите', 'спасите', 'срочно'],
  // Someone telling of a sign now ("говорит, что в груди давит"); the plural "говорят" is hearsay.
  ...['говорит', 'пишет', 'жалуется', 'сказал', 'сказала', 'кричит', 'плачет', 'стонет'],
  // The asker's own state in the first person ("стоит ли ехать, если не могу вдохнуть?").
  ...['могу', 'чувствую', 'задыхаюсь', 'умираю'],
];

export const RU_OPENERS = [
  ...['что', 'как', 'какие', 'какой', 'какая', 'каковы', 'когда', 'почему', 'зачем', 'где', 'кто', 'чем'],
  ...['можно', 'нужно', 'надо', 'стоит', 'следует', 'бывает', 'может', 'могут', 'ли', 'правда', 'опасно'],
  ...['нормально', 'сколько', 'отчего', 'расскажи', 'расскажите', 'подскажите', 'подскажи', 'объясни'],
];

/**
 * After an opener these make a statement: "как будто ударили" (as if), "что-то хрустнуло", and a verb in
 * the first person ("когда хожу, болит икра") tells what happens to the writer.
 */
/** The yes/no question particle: "болит ли нога при тромбе?". */
export const RU_QUESTION_PARTICLE = 'ли';

export const RU_STATEMENT_AFTER_OPENER = [
  ...['не', 'нет', 'уже', 'еще', 'очень', 'сильно', 'совсем', 'вообще', 'будто', 'бы', 'раз', 'то'],
  ...['хожу', 'иду', 'бегаю', 'бегу', 'сплю', 'лежу', 'сижу', 'стою', 'встаю', 'просыпаюсь', 'гуляю'],
  ...['поднимаюсь', 'тренируюсь', 'плаваю', 'наступаю', 'сгибаю', 'разгибаю', 'ложусь', 'еду', 'работаю'],
  // "как начал пить мочегонные, стали судороги": как/когда before a starting verb in the past is "since".
  ...['начал', 'начала', 'начали', 'стал', 'стала', 'стали'],
];

/** Words that ask about signs in general on their own: "признаки тромба", "чем отличается судорога". */
export const RU_INFO_WORDS = [
  ...['признаки', 'признаков', 'признак', 'симптомы', 'симптомов', 'симптом', 'отличить', 'отличается'],
  ...['отличаются', 'отличие', 'отличия', 'разница', 'разницу', 'проявляется', 'проявляются', 'распознать'],
  // "побочка?", "побочный эффект": like the English "side effect", a question about a medicine's effects.
  ...['побочка', 'побочки', 'побочку', 'побочкой', 'побочный', 'побочные', 'побочное', 'побочных'],
  // "заранее хочу знать": asking to know before anything has happened.
  'знать',
];

/** A clause ending in one of these asks whether something can happen at all: "утонуть от судороги можно?". */
export const RU_ASKING_ENDINGS = ['можно', 'возможно', 'бывает', 'реально'];

/** Anywhere in an asked clause, these ask whether a thing happens at all: "от статинов бывают судороги?". */
export const RU_ASKING_ANYWHERE = ['бывают', 'бывает'];

export const RU_WEAK_PERSONAL = ['это', 'этот', 'эта', 'такое'];

export const RU_NOT_A_STATEMENT = [
  ...['если', 'или', 'и', 'но', 'а', 'также', 'просто', 'типа', 'так'],
  // A plan ("собираюсь летом на озеро") tells why one asks, not what is happening.
  ...['собираюсь', 'собираемся', 'планирую', 'планируем'],
];

/** Links of time and cause: what is on either side is not one description ("после бега опухла"). */
export const RU_LINKS = [
  ...['после', 'перед', 'потом', 'затем', 'когда', 'пока', 'потому', 'но', 'если', 'чем', 'из-за'],
  ...['до', 'с', 'со', 'от'],
  // "а" sets two things against each other: "болит при ходьбе, а в покое нет" is not pain at rest.
  'а',
  // A cramp "до сих пор [иногда] сводит" now and then is frequent, not one cramp that will not stop.
  ...['иногда', 'периодически', 'временами', 'изредка', 'бывает'],
];

/** Russian leg nouns whose plural looks like the genitive singular: "отёк ноги" (one) vs "ноги отекают". */
const RU_AMBIGUOUS_LEG_FORMS: ReadonlySet<string> = new Set([
  ...[
    'ноги',
    'икры',
    'лодыжки',
    'щиколотки',
    'стопы',
    'ступни',
    'голени',
    'колени',
    'бедра',
    'пятки',
    'ножки',
  ],
]);

/**
 * Plural forms that share a stem with the singular ("ног", "в ногах" and "нога" are all "ног"): always
 * both legs, so "отёки в ногах" is not one swollen leg.
 */
const RU_PLURAL_LEG_FORMS: ReadonlySet<string> = new Set([
  ...['ног', 'ногах', 'ногами', 'ногам', 'икр', 'икрах', 'икрами', 'икрам', 'голеней', 'голенях'],
  ...['стоп', 'стопах', 'стопами', 'ступней', 'ступнях', 'лодыжек', 'лодыжках', 'щиколоток', 'щиколотках'],
  ...['коленей', 'коленях', 'бедер', 'бедрах', 'пяток', 'пятках', 'ножек', 'ножках', 'ножками'],
]);

/** True for a plural-only leg form: not one leg, but not the explicit "both legs" either ("в ногах"). */
export const isRuPluralOnlyLegForm = (word: string): boolean => RU_PLURAL_LEG_FORMS.has(word);

/** A leg noun that may be plural: only messages holding one can have plural leg positions. */
export const isRuLegForm = (word: string): boolean =>
  RU_PLURAL_LEG_FORMS.has(word) || RU_AMBIGUOUS_LEG_FORMS.has(word);

/**
 * Verbs whose object the leg noun is: after them "икры" is accusative plural ("сводит икры", "ломит
 * ноги"), never the genitive singular of "отёк икры".
 */
const RU_VERBS_TAKING_LEGS: ReadonlySet<string> = new Set([
  ...['сводит', 'свело', 'сводило', 'сведет', 'скрутило', 'крутит', 'крутило', 'ломит', 'ломило', 'тянет'],
  ...['тянуло', 'стянуло', 'стягивает', 'схватило', 'прихватило', 'массирую', 'растираю', 'растягиваю'],
]);

/** Third person plural, past plural or a plural adjective: "отекают", "ноют", "опухли", "холодные". */
const RU_PLURAL_VERB = /(ют|ут|ят|ат|ли|ые|ие)$/;
const PLURAL_REACH = 2;
const RU_BOTH: ReadonlySet<string> = new Set(['обе', 'оба', 'обеих', 'обоих', 'обеими', 'обоими']);

/**
 * Positions of Russian leg nouns that a plural verb beside them shows to be plural ("ноги отекают к
 * вечеру", "опухли икры"): both legs, so they must not be read as one leg. Linear in the message length.
 */
export const pluralLegPositions = (words: readonly string[], clauses: readonly number[]): Set<number> => {
  const plural = new Set<number>();
  for (let i = 0; i < words.length; i++) {
    if (RU_PLURAL_LEG_FORMS.has(words[i] as string)) {
      plural.add(i);
      continue;
    }
    if (!RU_AMBIGUOUS_LEG_FORMS.has(words[i] as string)) continue;
    const before = words[i - 1];
    const after = words[i + 1];
    // "сводит икры" and "икры сводит": the impersonal verb takes the legs as its object either side, also
    // across a time word or two ("ноги по вечерам крутит").
    const takenBy = (at: number, word: string | undefined): boolean =>
      word !== undefined && clauses[at] === clauses[i] && RU_VERBS_TAKING_LEGS.has(word);
    if (
      (i > 0 && takenBy(i - 1, before)) ||
      takenBy(i + 1, after) ||
      takenBy(i + 2, words[i + 2]) ||
      takenBy(i + 3, words[i + 3])
    ) {
      plural.add(i);
      continue;
    }
    for (let j = Math.max(0, i - PLURAL_REACH); j <= i + PLURAL_REACH && j < words.length; j++) {
      const word = words[j] as string;
      if (j !== i && clauses[j] === clauses[i] && word.length > 3 && RU_PLURAL_VERB.test(word)) {
        plural.add(i);
        break;
      }
    }
    // "ноги к вечеру чуть отекают обе": "обе" anywhere in the clause counts both legs.
    for (let j = 0; j < words.length && !plural.has(i); j++)
      if (clauses[j] === clauses[i] && RU_BOTH.has(words[j] as string)) plural.add(i);
  }
  return plural;
};

/** Past-tense endings of Russian verbs ("опухла", "посинело", "отекли", "задохнулся"). */
const RU_PAST_ENDINGS = /(ла|ло|ли|лся|лась|лось|лись)$/;
/** Words with those endings that are not past verbs, or that report nothing ("было", "тяжело", "сила"). */
const RU_NOT_PAST: ReadonlySet<string> = new Set([
  ...['было', 'была', 'были', 'стало', 'стала', 'стали', 'тяжело', 'тепло', 'светло', 'весело', 'смело'],
  ...['масло', 'число', 'стекло', 'сила', 'правило', 'правила', 'могли', 'могла', 'могло', 'хотела'],
  ...['хотели', 'хотело', 'после', 'палли', 'пришло', 'сказали', 'сказала', 'читала', 'слышала'],
]);

/** Past tenses without the "-л" ending ("язык распух", "палец замерз"); not "отек", which is also the noun. */
const RU_PAST_WITHOUT_L: ReadonlySet<string> = new Set([
  ...['опух', 'распух', 'припух', 'вспух', 'затек', 'замерз', 'промерз', 'застыл'],
  ...['оглох', 'ослеп', 'обмяк', 'посинел', 'иссох', 'засох', 'взмок', 'промок'],
]);

export const isRuPastVerb = (word: string): boolean =>
  RU_PAST_WITHOUT_L.has(word) || (word.length >= 5 && RU_PAST_ENDINGS.test(word) && !RU_NOT_PAST.has(word));

/** Words that make what follows in the clause a supposition, not a report. */
export const RU_SUPPOSING_WORDS = ['если', 'вдруг', 'бывает', 'бывают', 'может', 'могут', 'когда'];

/** Verbs that open a state still running now: "начал пить статин месяц назад" is on it since then. */
export const RU_ONGOING_SINCE = [
  ...['начал', 'начала', 'начали', 'назначили', 'назначил', 'прописали', 'прописал', 'выписали'],
  ...['перешел', 'перешла', 'перевели', 'сменили', 'поменяли'],
];

/** Russian "and"/"while": in a run-on they join two clauses ("родила месяц назад и нога болит"). */
const RU_CLAUSE_JOINERS: ReadonlySet<string> = new Set(['и', 'а']);
const CYRILLIC = /[а-я]/;
/** A Russian past-tense verb ("лечили", "отекала", "прошло"): the story before the joiner goes on. */
const RU_PAST_VERB = /..(л|ла|ло|ли|лся|лась|лось|лись)$/;

/**
 * Positions where a Russian joiner starts a new clause in a run-on: "и" or "а" (or an "and" typed among
 * Russian words), unless a past-tense verb follows and carries the story on ("год назад лечили и
 * прошло"). A time word ("месяц назад", "сейчас") does not reach across one. Returns, for each position,
 * how many such joiners come before it, so "any joiner between i and j" is one subtraction.
 */
export const ruJoinersBefore = (words: readonly string[]): Uint16Array => {
  const before = new Uint16Array(words.length + 1);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const next = words[i + 1] ?? '';
    const joiner =
      (RU_CLAUSE_JOINERS.has(word) || (word === 'and' && CYRILLIC.test(next))) &&
      CYRILLIC.test(next) &&
      !RU_PAST_VERB.test(next);
    before[i + 1] = (before[i] as number) + (joiner ? 1 : 0);
  }
  return before;
};
