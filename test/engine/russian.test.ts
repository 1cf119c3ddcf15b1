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
    ['икра опухла и болит', 'dvt'],
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

describe('Russian red flags said the everyday way', () => {
  const levelOf = (text: string) => engine.triage(text).level;

  it.each([
    ['у папы вдруг опустился угол рта', 'stroke'],
    ['мама как-то криво улыбается', 'stroke'],
    ['муж говорит невнятно, как пьяный, но не пил', 'stroke'],
    ['у жены внезапно отнялась правая рука', 'stroke'],
    ['лицо будто съехало набок', 'stroke'],
    ['внезапно перестала видеть правым глазом', 'stroke'],
    ['мы не можем его разбудить', 'unconscious'],
    ['бабушка лежит и не реагирует на нас', 'unconscious'],
    ['сестра упала в обморок и не приходит в себя', 'unconscious'],
    ['отец захрипел и не отвечает', 'unconscious'],
    ['дед стал заговариваться и не узнает меня', 'confusion'],
    ['папа плохо соображает и несёт бред', 'confusion'],
    ['ударилась затылком об лёд, теперь тошнит и двоится', 'confusion'],
    ['после орехов у ребенка распухли губы', 'anaphylaxis'],
    ['горло сжимается после нового антибиотика', 'anaphylaxis'],
    ['кровь хлещет из ноги', 'severe_bleeding'],
    ['рана кровит уже час и не перестаёт', 'severe_bleeding'],
    ['сил нет жить так дальше', 'self_harm'],
    ['подросток выпил пачку парацетамола', 'overdose'],
    ['внук съел бабушкины таблетки', 'overdose'],
    ['жжёт за грудиной и отдает в челюсть', 'chest_pain'],
    ['ловит ртом воздух и губы синие', 'breathing'],
    ['задохнулся, не может вдохнуть', 'breathing'],
    ['сына унесло течением, он не может выплыть', 'water_rescue'],
    ['человека трясёт на полу, изо рта пена', 'seizure'],
    ['у ребенка фебрильные судороги', 'seizure'],
  ])('raises the alarm for one sign of a whole-body emergency: "%s" (%s)', (text, rule) => {
    const result = engine.triage(text);
    expect(result.level).toBe('emergency');
    expect(result.rules).toContain(rule);
  });

  it.each([
    'жалуется, что не может дышать',
    'говорит, что в груди давит',
    'девушка на остановке упала и трясётся',
    'мужчина на улице лежит, не реагирует',
  ])('reads a sign told about someone else or in reported speech: "%s"', (text) => {
    expect(levelOf(text)).toBe('emergency');
  });

  it.each([
    'скорую вызывать? муж не просыпается',
    'что делать, мама не реагирует и хрипит?',
    'это опасно? у сына посинели губы и он задыхается',
  ])('reads a present emergency written as a question: "%s"', (text) => {
    expect(levelOf(text)).toBe('emergency');
  });

  it.each([
    ['икра опухшая и болит', 'dvt'],
    ['голень отекла, левая', 'dvt'],
    ['отёчная икра с одной стороны', 'dvt'],
    ['у мамы опухает правая нога', 'dvt'],
    ['он задыхается', 'breathing'],
    ['задыхалась всю ночь, не могла вдохнуть', 'breathing'],
    ['стопа посинела и похолодела', 'limb_ischaemia'],
    ['синюшная холодная стопа', 'limb_ischaemia'],
    ['у мужа онемело между ног и болит поясница', 'cauda_equina'],
  ])('reads aspect pairs, participles and prefixes as one word: "%s" fires %s', (text, rule) => {
    expect(engine.triage(text).rules).toContain(rule);
  });

  it.each([
    'моча цвета колы после кроссфита',
    'после зала моча как крепкий чай и мышцы ноют',
    'моча цвета тёмного пива, пью аторвастатин',
    'после марафона писаю коричневым, ноги болят',
  ])('reads dark urine in everyday comparisons: "%s"', (text) => {
    expect(engine.triage(text).rules).toContain('rhabdo');
  });

  it.each([
    'икра не опухла и не горячая, просто тянет после бега',
    'отёка нет, покраснения нет, ночью свело',
    'одышки нет грудь не болит просто ноет икра',
    'без отёков и без температуры, судороги по ночам',
    'ни отёка ни покраснения, икра побаливает после футбола',
    'не задыхаюсь, не кашляю, просто ноги ноют',
    'хруста не было, хожу нормально, вчера свело',
    'лицо не перекошено, речь нормальная, свело икру',
  ])('does not alarm on denied signs: "%s"', (text) => {
    expect(['none', 'gp']).toContain(levelOf(text));
  });

  it.each([
    'какие признаки инсульта?',
    'как отличить отёк от тромба?',
    'бывает ли одышка при судорогах?',
    'что делать если человек потерял сознание?',
    'когда нужно вызывать скорую при судорогах?',
    'читала что от статинов бывают судороги, правда?',
    'привет, подскажите, какие признаки тромба в ноге',
  ])('answers a general question instead of alarming: "%s"', (text) => {
    const result = engine.triage(text);
    expect(result.level).toBe('none');
    expect(result.ask).toBeUndefined();
  });

  it('reads a past tense without "-л" as a report: "язык распух, что делать" is an emergency', () => {
    expect(explainTriage('язык распух, что делать', kb.redFlags).rules).toContain('anaphylaxis');
    expect(explainTriage('что делать если язык распух', kb.redFlags).level).toBe('none');
  });

  it('reads "бывает при" as a general question about a condition, not a report', () => {
    expect(levelOf('одышка бывает при тромбе?')).toBe('none');
  });

  it.each([
    'пять лет назад был тромбоз, лечили, сейчас просто сводит икру ночью',
    'в детстве были припадки, сейчас ничего такого, а икры сводит',
    'у дочки был приступ в 3 года, сейчас ей 9 и ноги ноют ночью',
    'когда-то лежала с тромбозом, сейчас ноги в порядке',
    'у меня было сотрясение в детстве, это влияет на судороги?',
  ])('does not alarm on history: "%s"', (text) => {
    expect(['none', 'gp']).toContain(levelOf(text));
  });

  it('reads a recent day as over when a later part says so, and as now when nothing does', () => {
    expect(['none', 'gp']).toContain(
      levelOf('позавчера подавилась косточкой, сейчас всё хорошо, икры сводит'),
    );
    expect(['none', 'gp']).toContain(
      levelOf('на днях потерял сознание, в больнице проверили всё ок, ноги сводит'),
    );
    expect(engine.triage('вчера подавился и сейчас не может дышать').level).toBe('emergency');
    expect(engine.triage('вчера упал в обморок, нога опухла').level).toBe('emergency');
  });

  it('still alarms when history comes with a present sign', () => {
    expect(engine.triage('год назад был тромб, а сейчас опять опухла левая икра').rules).toContain('dvt');
    expect(engine.triage('дочь выпила пачку таблеток час назад').level).toBe('emergency');
    expect(engine.triage('свело икру минут 20 назад и до сих пор не отпускает').rules).toContain(
      'persistent_cramp',
    );
  });

  it('reads pregnancy weeks as a stage, and weeks of cramps as frequency', () => {
    expect(levelOf('на 30 неделе беременности сводит икры по ночам')).toBe('gp');
    expect(engine.triage('беременна 34 недели, мушки перед глазами').rules).toContain('pre_eclampsia');
    expect(engine.triage('судороги мучают неделями').rules).toContain('frequent_cramps');
  });

  it('reads both legs or ankles as not one leg', () => {
    expect(levelOf('к вечеру обе лодыжки немного отекают')).toBe('none');
    expect(levelOf('обе ноги чуть опухли после жаркого дня')).toBe('none');
    expect(levelOf('ноги отекают к вечеру, утром проходит')).toBe('none');
    expect(levelOf('на шестом месяце беременности ноги отекают к вечеру')).toBe('none');
    expect(levelOf('щиколотки опухли после жаркого дня')).toBe('none');
    expect(engine.triage('левая лодыжка отекла').rules).toContain('dvt');
    expect(engine.triage('отёк ноги после перелёта').rules).toContain('dvt');
  });

  it('still reads cramps with both ankles swelling as a reason to see a GP', () => {
    expect(levelOf('обе лодыжки отекают и судороги')).toBe('gp');
  });

  it.each([
    'нормально, что икра опухла после перелёта?',
    'опасно ли, что левая голень отекла?',
    'это тромб? икра опухла',
  ])('triages a present case asked as a question without a pronoun: "%s"', (text) => {
    expect(engine.triage(text).rules).toContain('dvt');
  });

  it.each([
    'болит ли нога при тромбе?',
    'отекает ли нога при тромбозе?',
    'что делать, если человек потеряла сознание?',
  ])('keeps a yes/no or "если" question general: "%s"', (text) => {
    expect(levelOf(text)).toBe('none');
  });

  it('reads convulsions with a fever in a child as a fit, and leg cramps with a fever as cramps', () => {
    expect(engine.triage('у сына температура 39 и судороги').rules).toContain('seizure');
    expect(levelOf('температура 38 и судороги в икрах')).toBe('none');
  });

  it('reads weakness creeping up both legs over days as an emergency', () => {
    expect(levelOf('ноги слабеют с каждым днём, мурашки поднимаются выше колен')).toBe('emergency');
  });

  it.each([
    'мама ни реагирует',
    'не магу дышать',
    'хочу пакончить с собой',
    'выпил целую пачку таблеток 😭😭',
    'ТЯЖЕЛО ДЫШАТЬ И БОЛИТ ИКРА',
  ])('keeps the alarm through common misspellings, capitals and emoji: "%s"', (text) => {
    expect(levelOf(text)).toBe('emergency');
  });

  it.each([
    ['muzh ne prosypaetsya', 'emergency'],
    ['zadyhayus i guby sinie', 'emergency'],
    ['ikra opuhla i bolit tretiy den', 'urgent'],
  ])('triages transliterated Russian: "%s"', (text, level) => {
    expect(levelOf(text)).toBe(level);
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

  it('lists the other signs it recognised under a heading, after the first reply', () => {
    const swollen = say('левая икра опухла и красная');
    const both = say('и ещё задыхаюсь', swollen.state);
    expect(both.escalation).toBe('emergency');
    const text = both.messages[0]?.text ?? '';
    expect(text).toContain('тромб попал в лёгкие');
    expect(text).toMatch(/\n\nЕщё из того, что вы описали:\n• \S/);
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
  // Panangin and Asparkam are potassium and magnesium tablets: supplements, as in English, refused the same way.
  it.each([
    ['панангин от судорог поможет?', 'Панангин'],
    ['можно ли аспаркам пить от судорог', 'Аспаркам'],
    ['аспаркамом можно от судорог?', 'Аспаркам'],
  ])('"%s" gets a plain refusal naming %s among the supplements', (text, brand) => {
    const reply = say(text);
    expect(reply.intent).toBe('supplements');
    expect(reply.messages[0]?.text).toContain(brand);
    expect(reply.messages[0]?.text).toMatch(/не принимайте/);
  });

  it.each([
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

describe('Russian everyday words: brands, verb forms, chat spellings', () => {
  it.each([
    ['от розувастатина могут ноги сводить?', 'drug_side_effects'],
    ['сижу на лозартане и по ночам сводит икры, это от таблеток?', 'drug_side_effects'],
    ['с вентолином бывают судороги в ногах?', 'drug_side_effects'],
    ['нимесил поможет если свело икру?', 'medicines'],
    ['ношпу выпить от судорог в ногах можно?', 'medicines'],
    ['супрадин попить если ноги сводит?', 'supplements'],
    ['магний пью а толку нет, может другой попробовать', 'supplements'],
  ])('a medicine by its brand name: "%s" is about %s', (text, intent) => {
    expect(engine.classify(text).intent).toBe(intent);
  });

  it('answers tonic water as a home remedy and says why not', () => {
    const reply = say('швепс пить от судорог в икрах?');
    expect(reply.intent).toBe('home_remedies');
    expect(reply.messages[0]?.text).toMatch(/тоник[^.]*не надо/);
  });

  it.each([
    ['горчицей натереть икры от судорог, поможет?', 'home_remedies'],
    ['мыло под простыней от судорог, правда или миф?', 'home_remedies'],
    ['сирень на спирту от судорог', 'home_remedies'],
  ])('a folk remedy by name: "%s" is about %s', (text, intent) => {
    expect(engine.classify(text).intent).toBe(intent);
  });

  it.each([
    ['какие таблетки выпить чтобы не сводило икры', 'medicines'],
    ['после вчерашней пьянки сводит ноги', 'alcohol'],
    ['щас свело икру чё делать', 'first_aid'],
    ['скока длится обычная судорога', 'what_is_cramp'],
    ['летом чаще сводит ноги почему', 'heat_cold'],
    ['жду малыша и по ночам сводит икры', 'pregnancy'],
  ])('"%s" is about %s', (text, intent) => {
    expect(engine.classify(text).intent).toBe(intent);
  });

  it.each([
    ['внук на хоккее под конец игры жалуется что сводит икры', 'exercise_cramps'],
    ['у дочери в море свело ногу, как ей помочь в воде', 'swimming'],
    ['бабушка лечит судороги лавровым маслом, это помогает?', 'home_remedies'],
    ['у внука сводит икры', 'children'],
  ])('a relative names who has the cramps, the setting names the topic: "%s" is about %s', (text, intent) => {
    expect(engine.classify(text).intent).toBe(intent);
  });

  it.each([
    'магний для крепкого сна какой взять',
    'кальций для ногтей и волос',
    'чем лечить грибок на ногах',
    'челюсть сводит от кислого',
    'сводит живот после жирного',
  ])('a cramp word in another sense or another body part is out of scope: "%s"', (text) => {
    expect(engine.classify(text).intent).toBeNull();
  });

  it.each([
    ['обгорела на пляже, а ночью свело икру', 'night_cramps'],
    ['можно лечь на спину если свело ногу в море?', 'swimming'],
  ])('but a cramp beside it still counts: "%s" is about %s', (text, intent) => {
    expect(engine.classify(text).intent).toBe(intent);
  });

  it.each([
    ['у меня аутоиммунный тиреоидит, от этого могут быть судороги?', 'diseases'],
    ['низкий гемоглобин может давать судороги в ногах?', 'diseases'],
    ['во время менструации сводит икры, это связано?', 'women'],
  ])('an illness or the period by its own name: "%s" is about %s', (text, intent) => {
    expect(engine.classify(text).intent).toBe(intent);
  });

  it.each([
    ['на морозе на остановке икры сводит', 'heat_cold'],
    ['мне 30, откуда у меня судороги', 'causes'],
    ['бегала трусцой и свело ногу', 'exercise_cramps'],
  ])('cold by its everyday names, a bare number, running: "%s" is about %s', (text, intent) => {
    expect(engine.classify(text).intent).toBe(intent);
  });

  it.each([
    ['вскакиваю ночью от боли в икре', 'night_cramps'],
    ['я вегетарианка и ноги сводит, может от еды', 'minerals_diet'],
  ])('waking with a cramp and eating habits: "%s" is about %s', (text, intent) => {
    expect(engine.classify(text).intent).toBe(intent);
  });

  it('"свести концы с концами" is not a cramp', () => {
    expect(engine.classify('как свести концы с концами до зарплаты').intent).toBeNull();
  });

  it.each(['можно записаться к неврологу через тебя?', 'кто видит что я сюда пишу', 'дайте оператора'])(
    'a practical request is answered with what the bot can and cannot do: "%s"',
    (text) => {
      const reply = say(text);
      expect(reply.intent).toBe('bot_capabilities');
      expect(reply.messages[0]?.text).toContain('не могу');
    },
  );
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

describe('Russian red flags in images and idioms the rules were not written with', () => {
  const expectRule = (text: string, level: string, rule: string) => {
    const result = engine.triage(text);
    expect(result.level).toBe(level);
    expect(result.rules).toContain(rule);
  };

  it.each([
    'у дяди стопа вся в пятнах, как мрамор, и холоднее другой',
    'после того как придавило бревном, нога стала ледяная и синеватая',
  ])('a marbled or icy leg is an emergency: "%s"', (text) => {
    expectRule(text, 'emergency', 'limb_ischaemia');
  });

  it.each([
    'на тренировке пнули по голени, икра как доска, боль всё сильнее',
    'переехал велосипед по ноге, сейчас ору от боли, обезбол не помогает',
    'ногу в лонгете распирает, на стенку лезу от боли',
  ])('a leg after a blow with pain out of proportion is an emergency: "%s"', (text) => {
    expectRule(text, 'emergency', 'compartment');
  });

  it('a leg bruised long ago that has healed raises no alarm', () => {
    expect(engine.triage('в детстве ударили по голени, болело жутко, давно прошло').level).not.toBe(
      'emergency',
    );
  });
});

describe('Russian fits told by how long the shaking goes on', () => {
  it.each([
    'папу колотит судорогами, уже больше пяти минут',
    'жену трясёт минут 8, не отвечает',
    'колотит деда больше 5 минут, изо рта слюна',
  ])('whole-body shaking for five minutes or more is a fit: "%s"', (text) => {
    const result = engine.triage(text);
    expect(result.level).toBe('emergency');
    expect(result.rules).toContain('seizure');
  });

  it.each(['меня колотит от холода, температура 38', 'ногу трясёт минут 5 после судороги'])(
    'chills or a shaking leg are not a fit: "%s"',
    (text) => {
      expect(engine.triage(text).rules).not.toContain('seizure');
    },
  );
});

describe('Russian cauda equina in everyday words', () => {
  it.each([
    'спина отваливается, и когда вытираюсь после туалета, ничего не чувствую',
    'поясница ноет, а в промежности будто заморозили',
    'крестец болит, и не могу ни помочиться нормально, ни удержать',
  ])('numbness where one sits or a bladder that fails, with back pain, is an emergency: "%s"', (text) => {
    const result = engine.triage(text);
    expect(result.level).toBe('emergency');
    expect(result.rules).toContain('cauda_equina');
  });

  it.each(['лежу на спине, и ноги немного немеют обе', 'сплю на спине, ночью сводит икры'])(
    'lying on one\'s back is a position, not back pain: "%s"',
    (text) => {
      expect(engine.triage(text).level).not.toBe('emergency');
      expect(engine.triage(text).level).not.toBe('urgent');
    },
  );
});

describe('Russian slurred or muddled speech in everyday images', () => {
  it.each([
    'у отца язык заплетается, хотя он не пил',
    'мама говорит как будто каша во рту',
    'брат несёт какую-то кашу вместо слов',
    'бабушка не может подобрать слова, говорит не те',
  ])('one sign of a stroke in speech is an emergency: "%s"', (text) => {
    const result = engine.triage(text);
    expect(result.level).toBe('emergency');
    expect(result.rules).toContain('stroke');
  });

  it('porridge for breakfast is not speech', () => {
    expect(engine.triage('ем кашу по утрам, а ночью сводит икру').rules).not.toContain('stroke');
  });
});

describe('Russian heat illness that cooling does not settle', () => {
  it.each([
    'после жары лежим под кондиционером уже минут 40, а мужа всё равно штормит',
    'полчаса обтираем мокрым полотенцем в тени, а сыну до сих пор дурно',
  ])('still dizzy or sick after half an hour of cooling is an emergency: "%s"', (text) => {
    const result = engine.triage(text);
    expect(result.level).toBe('emergency');
    expect(result.rules).toContain('heat_not_better');
  });

  it('a cramp in the heat that went after ten minutes in the shade raises no alarm', () => {
    expect(engine.triage('на пляже свело икру, отдохнул в тени минут 10 и отпустило').level).toBe('none');
  });
});

describe('Russian: a statin started recently, and dark urine by its colour', () => {
  it.each([
    'месяц назад начала принимать розувастатин, и теперь ноги всё время ноют',
    'папе назначили аторвастатин две недели назад, жалуется на слабость в бёдрах',
  ])('muscle pain since a statin was started is urgent: "%s"', (text) => {
    const result = engine.triage(text);
    expect(result.level).toBe('urgent');
    expect(result.rules).toContain('statin_muscle');
  });

  it.each([
    'на статинах, мышцы болят, а моча цвета крепкого чая',
    'после марафона моча цветом как кола и почти не писаю',
  ])('dark urine told by a drink or a colour is an emergency: "%s"', (text) => {
    expect(engine.triage(text).rules).toContain('rhabdo');
  });

  it('a statin stopped years ago is history', () => {
    expect(engine.triage('пила статины лет пять назад, тогда болели ноги, бросила').level).toBe('none');
  });
});

describe('Russian calf or Achilles tear told by a pop or a blow from nowhere', () => {
  it.each([
    'играла в бадминтон, в икре что-то хлопнуло, хромаю',
    'на пробежке будто кто-то пнул по ахиллу, оборачиваюсь — никого',
    'прыгнул с лестницы, в голени что-то оборвалось',
  ])('is urgent: "%s"', (text) => {
    const result = engine.triage(text);
    expect(result.level).toBe('urgent');
    expect(result.rules).toContain('tendon_rupture');
  });

  it('knees that crunch without pain are not a tear', () => {
    expect(engine.triage('колено хрустит при приседаниях, не болит').rules).not.toContain('tendon_rupture');
  });
});

describe('Russian: a small child who will not stand or put weight on a leg', () => {
  it.each([
    'малой второй день не встаёт на ножку, сразу плачет',
    'дочурка с утра бережёт правую ногу и ползает вместо того чтобы ходить',
    'карапуз захромал и не хочет наступать',
  ])('is urgent: "%s"', (text) => {
    const result = engine.triage(text);
    expect(result.level).toBe('urgent');
    expect(result.rules).toContain('child_limp');
  });

  it.each(['мало пью воды, ночью сводит икры', 'дочке 4 года, иногда ночью ножки сводит'])(
    'a word like "мало" or a child\'s age is not a limp or a frequency: "%s"',
    (text) => {
      expect(engine.triage(text).level).toBe('none');
    },
  );
});

describe('Russian: red, hot skin around a bite or a scratch', () => {
  it.each([
    'укусил клещ в ногу, вокруг покраснело и горячее на ощупь',
    'на лодыжке расчесала укус, кожа красная и болит',
  ])('is a possible skin infection: "%s"', (text) => {
    const result = engine.triage(text);
    expect(result.level).toBe('urgent');
    expect(result.rules).toContain('cellulitis');
  });

  it('"температура нормальная" is not a fever', () => {
    expect(
      engine.triage('после укуса вокруг красное и горячее, но температура нормальная').rules,
    ).not.toContain('spreading_infection');
  });
});

describe('Russian frequent cramps told by their cost and by both legs', () => {
  it.each([
    'из-за ночных судорог не высыпаюсь, на работе клюю носом и сплю на ходу',
    'к вечеру ноги отекают обе, а ночью сводит икры',
  ])('is worth seeing a GP, not an alarm: "%s"', (text) => {
    expect(engine.triage(text).level).toBe('gp');
  });

  it('"сводит икры" is both calves, not one swollen calf', () => {
    expect(engine.triage('щиколотки отекают к вечеру, ночью сводит икры').rules).not.toContain('dvt');
  });

  it('"обе" after a verb still leaves the verb its meaning: "лодыжки отекают обе" is swelling of both', () => {
    const trace = explainTriage('лодыжки отекают обе', russian?.redFlags ?? kb.redFlags);
    expect(trace.concepts).toEqual(expect.arrayContaining(['both_legs', 'swollen']));
  });
});

describe('Russian plural leg forms that share a stem with one leg', () => {
  it.each([
    'к вечеру отёки в ногах',
    'отёки ног у беременных это нормально?',
    'тяжесть в икрах после работы',
  ])('"%s" is both legs, not one swollen leg', (text) => {
    expect(engine.triage(text).rules).not.toContain('dvt');
    expect(engine.triage(text).rules).not.toContain('pregnancy_dvt');
  });

  it('one swollen leg is still one leg', () => {
    expect(engine.triage('в ногах тяжесть, а левая икра опухла').rules).toContain('dvt');
  });
});

describe('Russian ordinary questions and reassured worries are answered, not met with the safety question', () => {
  it.each([
    'как распознать тромб, чем он отличается от обычной судороги?',
    'ноги одинаковые, цвет нормальный, ничего не болит, просто переживаю из-за тромба',
    'у мамы был тромб, пролечили, а мне как себя проверить? пока всё хорошо',
    'в груди не болит, дышу нормально, просто икры забились после зала',
    'после перелёта нужны ли компрессионные чулки, чтобы не было тромба?',
    'на той неделе было отравление, тогда сводило ноги, сейчас уже всё прошло',
  ])('"%s"', (text) => {
    const result = engine.triage(text);
    expect(result.level).toBe('none');
    expect(result.ask).toBeUndefined();
  });

  it.each([
    'подруга уверяет, что судороги в ногах бывают перед инсультом, бред же?',
    'если у сына будут судороги при температуре, что делать? хочу знать заранее',
    'отёки ног у пожилых это нормально?',
  ])('a question about others in general raises no alarm: "%s"', (text) => {
    expect(['none', 'gp']).toContain(engine.triage(text).level);
  });

  it.each([
    ['сосед говорит, что у него болит грудь и не может дышать', 'chest_pain'],
    ['вдруг у меня онемела рука и перекосило лицо', 'stroke'],
    ['пока всё ок, но нога вдруг стала холодная и бледная', 'limb_ischaemia'],
  ])('a present emergency still fires among reassuring or reported words: "%s"', (text, rule) => {
    const result = engine.triage(text);
    expect(result.level).toBe('emergency');
    expect(result.rules).toContain(rule);
  });

  it('a pronoun never swallows the negator: "у неё нога не опухла" is not swelling', () => {
    expect(engine.triage('у неё нога не опухла, не горячая, просто тянет').level).toBe('none');
  });
});

describe('Russian words for concepts the English lexicon already had', () => {
  it.each([
    ['мама поскользнулась в ванной и теперь повторяет одно и то же', 'confusion'],
    ['у мужа ноги слабее и слабее за пару дней, покалывание уже до колен', 'cauda_equina'],
    ['папа на полу на кухне и не отвечает', 'unconscious'],
    ['кажется у свекрови инсульт', 'stroke'],
    ['порезала голень, кровь течёт через бинт и не останавливается', 'severe_bleeding'],
  ])('"%s" fires %s', (text, rule) => {
    const result = engine.triage(text);
    expect(result.level).toBe('emergency');
    expect(result.rules).toContain(rule);
  });

  it('a long flight told in hours is a risk for a clot', () => {
    expect(engine.triage('после 11 часов в самолёте болит левая икра').rules).toContain('dvt');
  });

  it('a cramp that stretching does not ease is urgent', () => {
    expect(engine.triage('ногу свело, растягиваю, а она не отпускает').rules).toContain('persistent_cramp');
  });

  it("hours on one's feet at work are not how long a cramp lasted", () => {
    expect(engine.triage('на ногах по 12 часов на смене, вечером иногда сводит икру').level).toBe('none');
  });

  it('a stroke in the past, recovered, is history', () => {
    expect(engine.triage('у деда был инсульт три года назад, восстановился').level).toBe('none');
  });
});

describe('Russian lexicon changes leave English alone', () => {
  it('an English leg word far from "cold" is not a cold leg', () => {
    const result = engine.triage('my legs feel heavy on cold mornings and then cramp');
    expect(result.level).toBe('none');
    expect(result.ask).toBeUndefined();
  });

  it('"в ногах" is not one leg, and not the explicit "both legs" of a spinal emergency', () => {
    expect(engine.triage('при ишиасе бывают судороги в ногах?').level).not.toBe('emergency');
  });
});

describe('Russian run-on messages: clauses joined by "и", "а" or nothing', () => {
  const levelOf = (text: string) => engine.triage(text).level;

  it('does not let a time word reach across "и" into a new clause', () => {
    expect(engine.triage('родила три недели назад и левая икра опухла и болит').rules).toContain('dvt');
    expect(levelOf('пять лет назад лечили тромбоз и всё прошло')).toBe('none');
  });

  it('lets "не" deny only the word after it, so a sign after it still counts', () => {
    expect(engine.triage('после зала сын почти не ходит и моча тёмная как чай').rules).toContain('rhabdo');
    expect(levelOf('нога не опухла, не красная и не горячая')).toBe('none');
    expect(levelOf('икра не слишком опухла')).toBe('none');
    expect(levelOf('голень ноет после лыж, не заметно ни отёка, ни красноты')).toBe('none');
    expect(levelOf('не замечаю припухлости и покраснения, просто тянет под коленом')).toBe('none');
    expect(levelOf('икра не выглядит отёкшей, просто ноет')).toBe('none');
  });

  it('reads "а" as a contrast that no negation or phrase crosses', () => {
    expect(engine.triage('отёка нет а икра горячая и красная').rules).toContain('dvt');
    expect(engine.triage('болит при ходьбе а лёжа нет').rules).not.toContain('rest_pain');
  });

  it('reads "или нет" and "вызвать скорую" as a question about what to do, not a denial or a cause', () => {
    expect(levelOf('в больницу ехать или нет стопа ледяная и пальцы не чувствует')).toBe('emergency');
    expect(levelOf('вызвать скорую папа не просыпается и не реагирует')).toBe('emergency');
  });

  it('reads time gone by ("уже час прошёл") as now, not as "it has passed"', () => {
    expect(levelOf('правая рука ослабла и не поднимается думал отлежал но уже час прошел')).toBe('emergency');
  });

  it('reads Latin-letter Russian inside an English message', () => {
    expect(levelOf('please help my dad upal i ne prosypaetsya what do we do')).toBe('emergency');
    expect(engine.detectLanguage('please help my dad upal i ne prosypaetsya what do we do')).toBe('en');
  });

  it('reads an English phrase inside Latin-letter Russian as English, and short English-looking words as Russian', () => {
    const mixed = 'u zheny posle novoy tabletki ochen silno, her lips are swelling up, chto nam delat';
    expect(engine.detectLanguage(mixed)).toBe('ru');
    expect(levelOf(mixed)).toBe('emergency');
    expect(levelOf('svelo nogu v more i ne mogu doplyt do berega')).toBe('emergency');
  });
});

describe('Russian ordinary questions that mention a red-flag word', () => {
  const levelOf = (text: string) => engine.triage(text).level;

  it.each([
    ['как описать врачу, что сводит икру по ночам?'],
    ['у свекра ноги сводит по вечерам уже месяц, чем помочь?'],
    ['у дочки после вчерашней судороги икра ноет второй день'],
    ['врач говорит, это ерунда, а ребенок жалуется что сводит ногу в бассейне'],
    ['судорога это когда мышцу сжимает и она не отпускает?'],
    ['сколько обычно длится судорога, бывает и 10 минут?'],
    ['пила магний два месяца, а судороги не прошли'],
    ['летом на даче сводит икры, от жары?'],
    ['в жару пью много воды и все равно сводит икры'],
    ['розувастатин и судороги в икрах, это побочка?'],
    ['ушибла голень на прошлой неделе, отёк почти сошёл'],
  ])('does not send "%s" to urgent or emergency', (text) => {
    expect(['none', 'gp']).toContain(levelOf(text));
  });

  it('still triages the same signs when they are reported now', () => {
    expect(levelOf('одна стопа онемела и холодная, а вторая тёплая')).toBe('emergency');
    expect(levelOf('икру крутит без остановки, растяжка не помогает')).toBe('urgent');
    expect(engine.triage('опрыскивала сад от вредителей, теперь мышцы сводит и мутит').rules).toContain(
      'toxin',
    );
    expect(
      engine.triage('когда бегаю, через десять минут икры деревенеют, отдохну и проходит').rules,
    ).toContain('exertional_compartment');
    expect(engine.triage('мама описалась и спину ломит').rules).toContain('cauda_equina');
    expect(engine.triage('поранился в огороде, теперь сводит челюсть и шею').level).toBe('emergency');
  });
});

describe('Russian words typed with two letters swapped', () => {
  it.each([
    ['муж не может дыашть', 'emergency'],
    ['у папы голова кржуится и ноги ватные после бани, уже полчаса в тени, всё равно плохо', 'emergency'],
    ['икра опхула и горячая', 'urgent'],
  ])('reads "%s" as the word meant (%s)', (text, level) => {
    expect(engine.triage(text).level).toBe(level);
  });

  it('does not turn an ordinary word into a symptom', () => {
    expect(engine.triage('подскажите упражнения для икроножных мышц').level).toBe('none');
  });
});

describe('Russian words typed with a letter doubled or dropped', () => {
  it.each([
    ['муж не может дышшать', 'emergency'],
    ['не могу дышть', 'emergency'],
    ['горрло сжимается после укуса осы', 'emergency'],
    // "сталла" is one letter from the stem "ставл" (of "ставлю") too; the slip back to "стала" still counts.
    ['стопа вдруг сталла холодная и белаая', 'emergency'],
  ])('reads "%s" as the word meant (%s)', (text, level) => {
    expect(engine.triage(text).level).toBe(level);
  });

  it('does not read a letter typed in place of another as a symptom word ("пугает" is not "путает")', () => {
    expect(engine.triage('подруга пугает что судорога это признак инсульта, это же бред?').level).toBe(
      'none',
    );
  });
});

describe('Russian: a foot gone white, a toddler who stops standing, calves that ache on walking but not at rest', () => {
  it.each([
    ['судорога не проходит, стопа белеет и холодная', 'emergency'],
    ['сын 2 года перестал наступать на ногу, плачет', 'urgent'],
    ['икры болят когда иду, в покое нет', 'gp'],
  ])('"%s" → %s', (text, level) => {
    expect(engine.triage(text).level).toBe(level);
  });

  it('does not read "болеет" (is ill) or "болеть" (to hurt) as turning white', () => {
    expect(engine.triage('мама болеет и ноги сводит').level).toBe('none');
  });
});

describe('Russian messages typed without commas', () => {
  it('reads "нет" after its noun as a denial even when "не" follows', () => {
    expect(engine.triage('икру свело ночью отёка нет не горячая').level).toBe('none');
  });

  it('dates the verb before a time ago, not the sign after it', () => {
    expect(engine.triage('прооперировали колено две недели назад левая икра опухла').rules).toContain('dvt');
    expect(engine.triage('год назад перенесла тромбоз').level).toBe('none');
  });
});

describe('Russian words of the cramp topics in their other senses', () => {
  it.each([
    ['можно ли давать ребенку икру лосося', 'roe'],
    ['баклажанная икра на зиму рецепт', 'a vegetable spread'],
    ['рыба мечет икру весной', 'spawning'],
    ['дети сводят меня с ума своим криком', '"с ума"'],
    ['куда сводить ребенка на выходных', 'taking someone out'],
    ['у кошки судороги и пена изо рта', 'a pet'],
    ['у попугая судороги что делать', 'a pet'],
    ['судороги при эпилепсии сколько длятся', 'epilepsy'],
    ['болит колено когда спускаюсь по лестнице', 'a knee joint'],
    ['где прикрепляется икроножная мышца анатомия', 'anatomy'],
    ['ноги чешутся по ночам', 'itching'],
    ['как быстро накачать бедра', 'building muscle'],
    ['посоветуй хороший шампунь', 'advice on anything'],
    ['встал сегодня не с той ноги', 'a saying'],
    ['растяжки на животе после родов чем мазать', 'stretch marks'],
    ['гель для душа какой купить', 'a cream for something else'],
    ['лед на дорогах как не упасть', 'ice on the road'],
    ['как понизить холестерин без статинов', 'a statin for cholesterol'],
    ['обезболивающее от зубной боли', 'a painkiller for toothache'],
    ['мышцы пресса болят после смеха', 'another muscle'],
    ['витамин д зимой пить ли', 'a vitamin for winter'],
    ['ноги мерзнут постоянно почему', 'cold feet'],
    ['подвернул ногу на лестнице', 'an injury'],
    ['как нарастить мышцы быстро', 'building muscle'],
    ['как сделать массаж стоп жене', 'a foot massage'],
  ])('"%s" is out of scope (%s)', (text) => {
    expect(engine.classify(text).intent).toBeNull();
  });

  it('keeps a message in scope when a leg word stands beside the other sense', () => {
    expect(engine.classify('гуляла с собакой, и ногу свело').intent).not.toBeNull();
    expect(engine.classify('у кота судороги, а у меня самой по ночам сводит икры').intent).toBe(
      'night_cramps',
    );
  });
});

describe('Russian questions by kind of message', () => {
  it.each([
    ['помогите свело икру очень больно', 'first_aid'],
    ['у сына на футболе свело ногу, как помочь ему сейчас', 'first_aid'],
    ['судорога в стопе что делать', 'feet_toes'],
    ['на шпильках сводит пальцы ног', 'feet_toes'],
    ['маме 75, какие упражнения ей делать от судорог, она с трудом встает', 'exercises'],
    ['какую мазь купить от судорог в икрах', 'ointments'],
    ['есть лекарство чтобы судорогу сразу снять?', 'medicines'],
    ['на 25й неделе начало сводить икры', 'pregnancy'],
    ['беременна, по ночам просыпаюсь от судорог', 'pregnancy'],
    ['просыпаюсь в 4 утра от судороги и больше не могу уснуть', 'night_cramps'],
    ['после отравления и поноса стало сводить ноги', 'hydration'],
    ['как ощущается судорога', 'what_is_cramp'],
    ['мышца вдруг затвердела и пальцы загнулись сами, это судорога была?', 'what_is_cramp'],
    ['начала пить противозачаточные и стало сводить икры', 'women'],
    ['больные почки и судороги в ногах, связь есть?', 'diseases'],
    ['у марафонцев бывают судороги на дистанции, почему', 'exercise_cramps'],
    ['курильщик, при ходьбе болят икры', 'walking_pain'],
    ['ты понимаешь русский?', 'bot_capabilities'],
    ['кто ты вообще такой', 'bot_capabilities'],
    ['массировать икру когда свело', 'first_aid'],
    ['ногу сводит, больно жуть, что делать', 'first_aid'],
    ['кто из специалистов лечит судороги в ногах', 'see_doctor'],
    ['мне 69, ноги сводить начало, старею наверное?', 'older_adults'],
    ['стала есть меньше мяса и ночью сводит икры, может из-за еды', 'minerals_diet'],
  ])('"%s" is about %s', (text, intent) => {
    expect(engine.classify(text).intent).toBe(intent);
  });
});

describe('Russian words for what English already tells apart', () => {
  it.each([
    ['брату на стройке ногу зажало балкой, голень раздулась', 'compartment'],
    ['проснулась утром, а правая нога как чужая и не поднимается', 'stroke'],
    ['папа с обеда волочит левую ногу', 'stroke'],
  ])('a crushed leg or one leg failing since the morning is an emergency: "%s"', (text, rule) => {
    const result = engine.triage(text);
    expect(result.level).toBe('emergency');
    expect(result.rules).toContain(rule);
  });

  it.each([
    'отсидел ногу на корточках, онемела, через минуту отпустило',
    'икру свело на пару минут и отпустило',
    'у мужа после стоматолога заморозка, губа как перекошенная',
  ])('a leg gone to sleep, a short cramp or a numb lip after the dentist is no alarm: "%s"', (text) => {
    expect(['none', 'gp']).toContain(engine.triage(text).level);
  });

  it('asks, rather than alarms, when a question opens with "если" and names nobody', () => {
    const result = engine.triage('если после футбола моча как крепкий чай, это опасно?');
    expect(result.level).toBe('none');
    expect(result.ask).toBe(true);
    expect(engine.triage('у меня после футбола моча как крепкий чай, это опасно?').level).toBe('emergency');
  });
});

describe('Russian heat, wounds and idioms, told the everyday way', () => {
  it.each([
    'после покоса на солнцепёке весь горит как утюг, ноги сводит',
    'температура 40 после марафона и икры сводит',
  ])('a body burning up with cramps is heatstroke, heat named or not: "%s"', (text) => {
    expect(engine.triage(text).rules).toContain('heatstroke');
  });

  it('a dirty wound is urgent unless the tetanus vaccination is said to be up to date', () => {
    expect(engine.triage('порезал ногу ржавой проволокой на даче').level).toBe('urgent');
    expect(engine.triage('порезал ногу ржавой проволокой на даче, привит от столбняка').level).toBe('none');
  });

  it.each([
    'задыхаюсь от смеха, сосед говорит что судороги от магнитных бурь',
    'на тренировке вспотел, икру свело на секунду, потянул и прошло',
  ])('laughter and ordinary sweat are no alarm: "%s"', (text) => {
    expect(['none', 'gp']).toContain(engine.triage(text).level);
  });

  it('reads transliterated "etim" as "этим"', () => {
    expect(engine.triage('ne mogu bolshe, hochu pokonchit s etim').level).toBe('emergency');
  });
});

describe('Russian: gone limp, too breathless to talk, a phone not answered', () => {
  it.each([
    ['бабушка обмякла на стуле и ни на что не отвечает', 'emergency'],
    ['сын задыхается на каждом слове, не может договорить', 'emergency'],
    ['мама не берет трубку, хотел спросить про её судороги', 'none'],
  ] as const)('"%s" → %s', (text, level) => {
    expect(engine.triage(text).level).toBe(level);
  });
});

describe('Russian: a cramp told in minutes, a burning calf, a vaccination not remembered', () => {
  it('"минут 20" is twenty minutes, not a minute', () => {
    expect(engine.triage('у меня уже минут 20 икра каменная, растягиваю — не помогает').level).toBe('urgent');
  });

  it('a calf that burns on walking and eases on standing is claudication, not a hot calf', () => {
    expect(engine.triage('прохожу метров двести, икра горит, постою и проходит').rules).toContain(
      'claudication',
    );
    expect(engine.triage('прохожу метров двести, икра горит, постою и проходит').level).toBe('gp');
  });

  it('"не помню когда делал прививку" is unsure, not up to date', () => {
    expect(engine.triage('порезался ржавой железкой, не помню когда делал прививку от столбняка').level).toBe(
      'urgent',
    );
  });
});

describe('Russian: soreness the day after a cramp', () => {
  it.each([
    'икру свело вчера вечером, сегодня ноет как после удара',
    'ночью свело ногу, днём икра ещё побаливает',
  ])('is the usual aftermath, not a clot: "%s"', (text) => {
    expect(['none', 'gp']).toContain(engine.triage(text).level);
  });

  it('days of pain in one calf with no cramp to explain it is still urgent', () => {
    expect(engine.triage('икра болит уже 4 дня, судорог не было').level).toBe('urgent');
  });
});

describe('the language of a message padded with a repeated Latin chat word', () => {
  it('reads an English sentence as English however often "hz" (хз) is pasted before it', () => {
    const text = `${'😀 hz'.repeat(16)}. my mum wet herself earlier and didn't notice, and her lower back is killing her`;
    expect(engine.detectLanguage(text)).toBe('en');
    expect(engine.triage(text).rules).toContain('cauda_equina');
  });
});

describe('Russian: fits in a row, water, an arm that will not lift, diuretics, "никаких болей"', () => {
  it.each([
    ['у сына приступ за приступом, между ними не приходит в себя', 'emergency'],
    ['подругу уносит течением, она не может удержаться на воде', 'emergency'],
    ['руку не могу поднять и лицо онемело, началось минут пять назад', 'emergency'],
    ['пью мочегонные, сегодня ноги сильно сводит и слабость в руках', 'urgent'],
    ['три недели лежал в больнице, теперь левая икра опухла и болит', 'urgent'],
    ['пью статины давно, никаких болей, просто интересно, бывают ли от них судороги?', 'none'],
  ] as const)('"%s" → %s', (text, level) => {
    expect(engine.triage(text).level).toBe(level);
  });
});

it('"тону в долгах" is debt, not water', () => {
  expect(['none', 'gp']).toContain(engine.triage('тону в долгах, а ещё ноги по ночам сводит').level);
});

describe('Russian in Latin letters ending in "oi", and a thermometer reading', () => {
  it('reads "soboi" as "собой": a wish to end one\'s life is an emergency', () => {
    expect(engine.triage('ne mogu bolshe, hochu pokonchit s soboi').level).toBe('emergency');
  });

  it('a thermometer at 40 with cramps after a day in the sun is heatstroke', () => {
    expect(engine.triage('весь день на огороде, ноги сводит, термометр 40.5').rules).toContain('heatstroke');
  });
});
