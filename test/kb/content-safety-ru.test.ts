import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/engine/index.js';

/**
 * The safety rules of the product, on every Russian text a person can be shown: no doses, never "stop
 * your medicine", no harmful remedy recommended, and every emergency or urgent reply names the number.
 */
const kb = loadKnowledgeBase();
const russian = kb.translations.get('ru');

const shownTexts = (): Array<{ where: string; text: string }> => {
  const texts: Array<{ where: string; text: string }> = [];
  for (const answer of russian?.own.values() ?? []) {
    texts.push({ where: `${answer.file}: answer`, text: answer.answer });
    if (answer.details) texts.push({ where: `${answer.file}: details`, text: answer.details });
    for (const [id, reply] of Object.entries(answer.replies))
      texts.push({ where: `${answer.file}: replies.${id}`, text: reply.text });
  }
  for (const rule of russian?.redFlags.rules ?? [])
    texts.push({ where: `red-flags ru: ${rule.id}`, text: rule.reply });
  for (const [key, value] of Object.entries(russian?.messages ?? {}))
    if (typeof value === 'string') texts.push({ where: `messages.ru: ${key}`, text: value });
  return texts;
};

const sentences = (text: string): string[] => text.split(/(?<=[.!?])\s+|\n+/).filter((s) => s.trim());

const DOSE = [
  /\d+(?:[.,]\d+)?\s?(?:мг|мкг|г|грамм\p{L}*|мл|литр\p{L}*|л|ме)(?!\p{L})/iu,
  /(?:таблетк\p{L}*|капсул\p{L}*|ложк\p{L}*|пакетик\p{L}*)\s+(?:в|на)\s+(?:день|сутки|ночь|неделю)/iu,
];

/** "three times a day" is a dose only about a medicine (a stretch "up to three times a day" is NHS advice). */
const TIMES_A_DAY = /(?:раз\p{L}*|дважды|трижды)\s+в\s+(?:день|сутки)/iu;
const MEDICINE =
  /(?:таблет|капсул|лекарств|препарат|магни|кальци|кали[йя]|витамин|добавк|хинин|панангин|аспаркам)/iu;
const isDose = (sentence: string): boolean =>
  DOSE.some((pattern) => pattern.test(sentence)) || (TIMES_A_DAY.test(sentence) && MEDICINE.test(sentence));

/** "прекратите приём", "бросьте таблетки" without a "не" in front. */
const STOP_MEDICINE =
  /(?<!не\s)(?:прекрат\p{L}*|брос\p{L}*|отмен\p{L}*|перестань\p{L}*)\s+(?:\p{L}+\s)?(?:при[её]м|принимать|пить|лекарств\p{L}*|таблетк\p{L}*|статин\p{L}*)/iu;

const HARMFUL =
  /(?:булавк\p{L}*|игл\p{L}*|дурман\p{L}*|полын\p{L}*|чистотел\p{L}*|сирен\p{L}*|хинин\p{L}*|тоник\p{L}*)/iu;
const ADVISES =
  /(?<!не\s)(?:попробуйте|используйте|примите|пейте|выпейте|натирайте|приложите|носите|колите|уколите)\s+(?:\p{L}+\s+){0,2}$/iu;

describe('Russian texts follow the safety rules', () => {
  const texts = shownTexts();

  it('has Russian texts to check', () => {
    expect(texts.length).toBeGreaterThan(100);
  });

  it('gives no doses', () => {
    const found = texts.flatMap(({ where, text }) =>
      sentences(text)
        .filter(isDose)
        .map((sentence) => `${where}: ${sentence}`),
    );
    expect(found).toEqual([]);
  });

  it('never tells anyone to stop a prescribed medicine', () => {
    const found = texts.filter(({ text }) => STOP_MEDICINE.test(text)).map(({ where }) => where);
    expect(found).toEqual([]);
  });

  it('never recommends a remedy medical-facts marks harmful', () => {
    const found = texts.flatMap(({ where, text }) =>
      sentences(text)
        .filter((sentence) => {
          const match = HARMFUL.exec(sentence);
          return match !== null && ADVISES.test(sentence.slice(0, match.index));
        })
        .map((sentence) => `${where}: ${sentence}`),
    );
    expect(found).toEqual([]);
  });

  it('names the emergency number in every emergency and urgent reply', () => {
    for (const rule of russian?.redFlags.rules ?? []) {
      if (rule.level !== 'gp') expect(rule.reply, rule.id).toContain('{number}');
    }
  });
});
