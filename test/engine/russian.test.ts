import { describe, expect, it } from 'vitest';
import {
  type ConversationState,
  createEngine,
  type EngineResult,
  initialState,
  loadKnowledgeBase,
} from '../../src/engine/index.js';
import { checkExamples, explainTriage } from '../../src/engine/triage/index.js';

const kb = loadKnowledgeBase();
const engine = createEngine(kb);
const russian = kb.translations.get('ru');

const say = (text: string, state: ConversationState = initialState()) =>
  engine.respond(state, { type: 'text', text });
const press = (label: string, previous: EngineResult) => {
  const button = previous.messages.flatMap((m) => m.buttons).find((b) => b.label === label);
  if (!button)
    throw new Error(`no button "${label}" in ${JSON.stringify(previous.messages.map((m) => m.buttons))}`);
  return engine.respond(previous.state, { type: 'button', data: button.data });
};
const allText = (result: EngineResult) => result.messages.map((m) => m.text).join('\n');
const CYRILLIC = /[\u0400-\u04ff]/;

describe('the language of each message', () => {
  it.each([
    ['почему ночью сводит икры?', 'ru'],
    ['у меня chest pain и не могу дышать', 'ru'],
    ['svodit ikry po nocham', 'ru'],
    ['sudoroga v noge chto delat', 'ru'],
    ['u menya opukhla ikra', 'ru'],
    ['why do my calves cramp at night', 'en'],
    ['no swelling, just a cramp', 'en'],
    ['my calf is swollen', 'en'],
    ['yes', 'en'],
    ['yeah', 'en'],
    ['ty so much', 'en'],
  ])('reads "%s" as %s', (text, lang) => {
    expect(engine.detectLanguage(text)).toBe(lang);
  });

  it('answers a Russian message in Russian even when the conversation was in English', () => {
    const english = say('why do my calves cramp at night');
    expect(english.lang).toBe('en');
    const reply = say('а что делать если свело ногу?', english.state);
    expect(reply.lang).toBe('ru');
    expect(reply.intent).toBe('first_aid');
    expect(reply.messages[0]?.text).toMatch(CYRILLIC);
  });

  it('answers an English message in English even when the default is Russian', () => {
    const reply = say('why do my calves cramp at night', { ...initialState(), lang: 'ru' });
    expect(reply.lang).toBe('en');
    expect(reply.messages[0]?.text).toContain('Night cramps are very common');
    expect(reply.state.lang).toBe('en');
  });

  it('keeps the default for messages that say nothing about their language', () => {
    const reply = say('👍', { ...initialState(), lang: 'ru', welcomed: true });
    expect(reply.lang).toBe('ru');
    expect(allText(reply)).toMatch(CYRILLIC);
  });
});

describe('Russian red flags', () => {
  it('has a Russian text for every rule, and every Russian example and control behaves', () => {
    expect(russian).toBeDefined();
    expect(russian?.redFlags.rules.map((rule) => rule.id)).toEqual(kb.redFlags.rules.map((rule) => rule.id));
    expect(checkExamples(russian?.redFlags ?? kb.redFlags)).toEqual([]);
  });

  it.each([
    ['икра опухла', 'dvt'],
    ['икры опухли и болят', 'dvt'],
    ['отекла голень после перелёта', 'dvt'],
    ['левая икра горячая, красная', 'dvt'],
    ['ногу свело и не отпускает уже полчаса', 'persistent_cramp'],
    ['задыхаюсь', 'breathing'],
    ['тяжело дышать и опухла икра', 'pe'],
    ['сильная боль в груди', 'chest_pain'],
  ])('recognises inflected forms: "%s" fires %s', (text, rule) => {
    expect(engine.triage(text).rules).toContain(rule);
  });

  it.each([
    'нет отёка, просто свело икру ночью',
    'нога не опухла и не покраснела',
    'без покраснения и отёка',
    'отёка нет, икра не горячая',
  ])('does not count negated signs: "%s"', (text) => {
    expect(engine.triage(text).level).toBe('none');
  });

  it.each([
    'какие признаки тромба?',
    'как отличить судорогу от тромба?',
    'какие симптомы тромбоза глубоких вен?',
  ])('treats a general question as a question, not a report: "%s"', (text) => {
    const trace = explainTriage(text, kb.redFlags);
    expect(trace.generalQuestion).toBe(true);
    expect(trace.level).toBe('none');
  });

  it('still triages a question about oneself ("у меня опухла икра, это тромб?")', () => {
    expect(engine.triage('у меня опухла икра, это тромб?').rules).toContain('dvt');
  });

  it.each([
    ['икра опухда и балит', 'dvt'],
    ['задыхаюсь, губы синеют', 'breathing'],
    ['тромбозз в ноге', 'dvt'],
  ])('tolerates a typo in a longer word: "%s" fires %s', (text, rule) => {
    expect(engine.triage(text).rules).toContain(rule);
  });

  it('reads hours of a cramp, not the hour of the night or of work', () => {
    expect(engine.triage('судорога не проходит уже 2 часа').rules).toContain('persistent_cramp');
    expect(engine.triage('в 3 часа ночи свело икру').level).toBe('none');
    expect(engine.triage('на ногах по 12 часов, судороги').rules).not.toContain('persistent_cramp');
  });

  it.each(['мама сидит дома', 'купила хлеб и молоко', 'после бега болят икры'])(
    'does not read everyday words as typos of symptoms: "%s"',
    (text) => {
      expect(engine.triage(text).level).toBe('none');
    },
  );

  it('reads ё and е as one letter', () => {
    expect(engine.triage('отёк икры').rules).toEqual(engine.triage('отек икры').rules);
    expect(engine.triage('отёк икры').rules).toContain('dvt');
  });

  it('triages Latin-letter Russian', () => {
    expect(say('ne mogu dyshat').escalation).toBe('emergency');
    expect(say('u menya opukhla ikra i bolit').escalation).toBe('urgent');
  });
});

describe('a Russian emergency', () => {
  const reply = say('сильная боль в груди и не могу дышать');

  it('raises the alarm in Russian and names 112, and 103 for Russia', () => {
    expect(reply.escalation).toBe('emergency');
    const [first] = reply.messages;
    expect(first?.level).toBe('emergency');
    expect(first?.text).toContain('🚨 СРОЧНО');
    expect(first?.text).toContain('112');
    expect(first?.text).toContain('103');
    expect(first?.emergencyNumber).toBe('112');
  });

  it('names "103 или 112" once the person has chosen Russia', () => {
    const chosen = engine.setCountry({ ...initialState(), lang: 'ru' }, 'RU');
    expect(allText(chosen)).toContain('Россия');
    const emergency = say('задыхаюсь, губы синие', chosen.state);
    expect(emergency.messages[0]?.text).toContain('103 или 112');
    expect(emergency.messages[0]?.emergencyNumber).toBe('103');
  });

  it('tells a person in danger in English the same, in English', () => {
    const english = say("severe chest pain and I can't breathe", { ...initialState(), lang: 'ru' });
    expect(english.escalation).toBe('emergency');
    expect(english.messages[0]?.text).toMatch(/^🚨 Call 112 now/);
  });
});

describe('a Russian conversation through follow-up buttons', () => {
  const first = say('почему ночью сводит икры?');

  it('answers in Russian with Russian buttons and the not-a-doctor note once', () => {
    expect(first.intent).toBe('night_cramps');
    expect(first.messages[0]?.text).toContain('Ночные судороги');
    expect(first.messages[0]?.buttons.map((b) => b.label)).toEqual(
      expect.arrayContaining(['Как часто это бывает?', 'Подробнее']),
    );
    expect(allText(first)).toContain('не врач');
  });

  it('follows a button to its question, an option to its reply, and a red-flag option to the alarm', () => {
    const question = press('Есть отёк или покраснение одной икры?', first);
    expect(question.messages[0]?.kind).toBe('followup');
    const alarm = press('Да, одна икра отёкшая или красная', question);
    expect(alarm.escalation).toBe('urgent');
    expect(alarm.messages[0]?.text).toContain('тромб');
    const often = press('Почти каждую ночь, неделями', press('Как часто это бывает?', first));
    expect(often.messages[0]?.text).toContain('не срочно');
  });

  it('shows the details with Russian source titles', () => {
    const details = press('Подробнее', first);
    expect(details.messages[0]?.text).toContain('Источники:');
    expect(details.messages[0]?.text).toContain('Ночные судороги в ногах');
  });
});

describe('brand names and folk remedies from the seed article', () => {
  it.each([
    ['панангин от судорог поможет?', 'Панангин'],
    ['можно ли аспаркам пить от судорог', 'Аспаркам'],
    ['мидокалм от судорог в ногах', 'Мидокалм'],
    ['дифенин помогает от судорог?', 'Дифенин'],
  ])('"%s" gets a plain refusal naming %s', (text, brand) => {
    const reply = say(text);
    expect(reply.intent).toBe('medicines');
    expect(reply.messages[0]?.text).toContain(brand);
    expect(reply.messages[0]?.text).toMatch(/не помогают|не от судорог|не назначают/);
  });

  it.each(['Магне В6 пить от судорог?', 'Magne B6 от судорог', 'магнелис б6 помогает от судорог'])(
    '"%s" is read as magnesium, however the brand is spelled',
    (text) => {
      expect(say(text).intent).toBe('supplements');
    },
  );

  it.each([
    'булавка помогает от судорог?',
    'настойка дурмана от судорог',
    'сирень на водке от судорог',
    'чистотел от судорог в ногах',
    'магниты от судорог помогают?',
  ])('"%s" is recognised as a folk remedy and refused', (text) => {
    const reply = say(text);
    expect(reply.intent).toBe('home_remedies');
    expect(reply.messages[0]?.text).toMatch(/не колите|не используйте|не помогают/);
  });
});

describe('system messages and /language', () => {
  it('welcomes, helps and says "not sure" in Russian', () => {
    const ru: ConversationState = { ...initialState(), lang: 'ru' };
    expect(allText(engine.command(ru, 'start'))).toContain('Здравствуйте');
    expect(allText(engine.command(ru, 'help'))).toContain('/topics');
    expect(allText(engine.command(ru, 'topics'))).toContain('Выберите тему');
    const unsure = say('какая погода завтра в Москве');
    expect(unsure.intent).toBeNull();
    expect(unsure.messages[0]?.text).toContain('не уверен, что понял');
  });

  it('switches the language of buttons and commands with /language', () => {
    const menu = engine.command(initialState(), 'language');
    const russianButton = menu.messages[0]?.buttons.find((b) => b.label === 'Русский');
    expect(russianButton).toBeDefined();
    const chosen = engine.respond(menu.state, { type: 'button', data: russianButton?.data ?? '' });
    expect(chosen.state.lang).toBe('ru');
    expect(allText(chosen)).toContain('по-русски');
    expect(allText(engine.command(chosen.state, 'about'))).toContain('не врач');
  });
});

describe('the Russian knowledge base', () => {
  it('has every topic, reply and intent in Russian', () => {
    expect(russian?.missing).toEqual([]);
  });
});

describe('Russian questions the way people write them', () => {
  it.each([
    ['третью ночь подряд просыпаюсь от дикой боли в икре', 'night_cramps'],
    ['под утро ногу стягивает судорогой', 'night_cramps'],
    ['как быстро отпустить ногу если скрутило', 'first_aid'],
    ['с чем связаны частые судороги ног', 'causes'],
    ['икра болит уже третий день после ночной судороги', 'after_cramp_soreness'],
    ['на пробежке каждый раз сводит икру на пятом километре', 'exercise_cramps'],
    ['утром потягиваюсь в постели и икру сразу сводит', 'stretch_trigger'],
    ['в озере свело ногу, еле доплыл', 'swimming'],
    ['я мало пью воды, от этого могут сводить икры?', 'hydration'],
    ['магне б6 стоит пропить курсом?', 'supplements'],
    ['мидокалм поможет от судорог в икрах?', 'medicines'],
    ['пью мочегонное и теперь сводит ноги', 'drug_side_effects'],
    ['какой крем втирать в икры от судорог', 'ointments'],
    ['мазь для икр от судорог перед сном', 'ointments'],
    ['чистотел пить от судорог можно?', 'home_remedies'],
    ['выпил на празднике и ночью свело обе икры', 'alcohol'],
    ['32 неделя беременности и каждую ночь судороги', 'pregnancy'],
    ['у сына 10 лет ночью болят и сводят ноги', 'children'],
    ['у бабушки 83 года постоянно сводит икры ночью', 'older_adults'],
    ['во время климакса начали сводить икры', 'women'],
    ['весь день стою за прилавком и ноги сводит', 'sedentary_standing'],
    ['пройду метров 300 и икра начинает болеть, постою и проходит', 'walking_pain'],
    ['надо ли идти к врачу если судороги каждую ночь', 'see_doctor'],
    ['как не получить тромбоз в долгой поездке', 'blood_clots'],
    ['ты умеешь говорить на английском?', 'bot_capabilities'],
    ['муж жалуется что по ночам его будят судороги в икрах', 'night_cramps'],
    ['у мамы каждую ночь сводит ноги', 'night_cramps'],
  ])('"%s" is about %s', (text, intent) => {
    expect(engine.classify(text).intent).toBe(intent);
  });

  it.each([
    ['calf cramp прямо сейчас, что делать', 'first_aid'],
    ['stretching для икр как делать', 'exercises'],
    ['sudorogi v ikrah po nocham', 'night_cramps'],
    ['chto delat esli svelo nogu', 'first_aid'],
  ])('reads English cramp words and Latin-letter Russian: "%s" is about %s', (text, intent) => {
    expect(engine.classify(text).intent).toBe(intent);
  });

  it('reads a long story by its cramp, not by a vague closing question', () => {
    expect(
      engine.classify(
        'Здравствуйте. Мне 45 лет, работаю бухгалтером, последние пару месяцев почти каждую ночь просыпаюсь от того что сводит икру, иногда обе. Днем все нормально. Пробовала пить больше воды. Подскажите, с чем это может быть связано и что можно сделать?',
      ).intent,
    ).toBe('night_cramps');
  });

  it.each([
    ['Играю в волейбол по выходным. К концу игры сводит обе икры. Как этого избежать?', 'exercise_cramps'],
    [
      'Пишу про папу. Ему 79, он живет один, жалуется что ноги ночью сводит и он потом долго не может уснуть. Пьет таблетки от давления и от сахара. Что ему можно посоветовать, чтобы было полегче?',
      'older_adults',
    ],
  ])('keeps the setting of a story when it ends in a bare question: "%s" is about %s', (text, intent) => {
    expect(engine.classify(text).intent).toBe(intent);
  });

  it('reads "на 25 неделе" as pregnancy, and "уже неделю" as only how long', () => {
    expect(engine.classify('на 26 неделе ночью сводит икры').intent).toBe('pregnancy');
    expect(engine.classify('на 8 месяце сводит ноги').intent).toBe('pregnancy');
    expect(engine.classify('под утро сводит икру, уже неделю так').intent).toBe('night_cramps');
  });

  it('reads "после судороги" as the aftermath and "перед сном" as the night, whatever the other words', () => {
    expect(engine.classify('болит икра после судороги').intent).toBe('after_cramp_soreness');
    expect(engine.classify('bolit ikra posle sudorogi').intent).toBe('after_cramp_soreness');
    expect(engine.classify('перед сном сводит ноги').intent).toBe('night_cramps');
  });

  it('reads any drink as alcohol, even after a night-time word', () => {
    expect(engine.classify('после пары рюмок коньяка ночью сводит икры').intent).toBe('alcohol');
  });

  it('answers a short vague message with a question, and a cry with a cramp word with first aid', () => {
    expect(engine.classify('судорога').vague).toBe(true);
    expect(engine.classify('ноги сводит').vague).toBe(true);
    expect(engine.classify('ой свело помогите').intent).toBe('first_aid');
  });

  it('does not let a husband or a mother decide the topic, but does let a child or an age', () => {
    expect(engine.classify('у жены по ночам сводит икры').intent).toBe('night_cramps');
    expect(engine.classify('у дочки по ночам сводит икры').intent).toBe('children');
    expect(engine.classify('маме 84 года, по ночам сводит икры').intent).toBe('older_adults');
  });

  it.each([
    'как приготовить куриные бедрышки',
    'посоветуй крем для лица',
    'магний для сердца полезен?',
    'как избавиться от мозолей на ногах',
    'как накрасить ногти',
  ])('"%s" is out of scope although it shares a word with cramp topics', (text) => {
    expect(engine.classify(text).intent).toBeNull();
  });
});
