import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../src/engine/index.js';
import { intentCoverage, MIN_EXAMPLES, REQUIRED_INTENTS } from '../../src/engine/kb/coverage.js';

/**
 * The product's safety rules, checked on every text a user can be shown: answers, details, context
 * variants, named replies and red-flag replies.
 */
const kb = loadKnowledgeBase();

const shownTexts = (): Array<{ where: string; text: string }> => {
  const texts: Array<{ where: string; text: string }> = [];
  for (const answer of kb.answers.values()) {
    texts.push({ where: `${answer.file}: answer`, text: answer.answer });
    if (answer.details) texts.push({ where: `${answer.file}: details`, text: answer.details });
    for (const [context, variant] of Object.entries(answer.contexts)) {
      texts.push({
        where: `${answer.file}: contexts.${context}`,
        text: `${variant.answer}\n${variant.details ?? ''}`,
      });
    }
    for (const [id, reply] of Object.entries(answer.replies))
      texts.push({ where: `${answer.file}: replies.${id}`, text: reply.text });
  }
  for (const rule of kb.redFlags.rules) texts.push({ where: `red-flags: ${rule.id}`, text: rule.reply });
  for (const [key, value] of Object.entries(kb.messages)) {
    if (typeof value === 'string') texts.push({ where: `messages: ${key}`, text: value });
  }
  return texts;
};

const sentences = (text: string): string[] => text.split(/(?<=[.!?])\s+|\n+/).filter((s) => s.trim());

const DOSE = [
  /\b\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|g|grams?|milligrams?|micrograms?|iu|ml|millilit(?:er|re)s?|lit(?:er|re)s?|l)\b/i,
  /\b(?:tablets?|capsules?|pills?|doses?|sachets?|spoons?|teaspoons?)\s+(?:a|per|each|every)\s+(?:day|night|week)\b/i,
  /\b(?:once|twice|three times|four times|\d+\s*times|\d+\s*x)\s+(?:a|per)\s+day\b/i,
  /\b\d+\s*(?:tablets?|capsules?|pills?|glasses|cups)\b/i,
];

const STOP_MEDICINE =
  /\b(?:stop|quit|discontinue|come off|cut out)\s+(?:taking|using|(?:your|the)\s+(?:\w+\s)?(?:medicines?|medications?|tablets?|pills?|statins?|diuretics?|prescriptions?|drugs?|inhalers?))\b/i;

/**
 * A harmful remedy is recommended when an advising verb comes just before it ("try a magnet", "rub on
 * wormwood") or praise just after it ("quinine works").
 */
const recommends = (sentence: string): boolean =>
  HARMFUL.some((pattern) => {
    const match = new RegExp(pattern.source, 'ig').exec(sentence);
    if (!match) return false;
    const before = sentence.slice(Math.max(0, match.index - 30), match.index);
    const after = sentence.slice(match.index + match[0].length, match.index + match[0].length + 30);
    return (
      /(?<!\b(?:you|they|we|i|he|she)\s)\b(?:try|use|take|rub(?: on| in)?|apply|carry|keep|get|buy|drink|make)\s+(?:\w+\s+){0,2}$/i.test(
        before,
      ) ||
      /^\s*(?:\w+\s+){0,2}(?:helps?|works?|is good|is effective|is worth|can help|will help|relieves?)\b/i.test(
        after,
      )
    );
  });

const NEGATIVE_CUE =
  /\b(?:not?|don't|do not|never|avoid|without|isn't|aren't|unsafe|poison\w*|harm\w*|risk\w*|danger\w*|toxic|no (?:proven|good|evidence|benefit|reliable)|unproven|won't|can't|cannot|rather than|instead of|nor|stopped recommending|restricted|warning)\b/i;

/** Remedies medical-facts.md marks harmful (H) or that the bot must never suggest. */
const HARMFUL = [
  /\b(?:prick|pricking|stab|stabbing)\b/i,
  /\b(?:safety )?pin\b/i,
  /\bdatura\b|\bdope seeds?\b/i,
  /\bwormwood\b/i,
  /\bcelandine\b/i,
  /\blilac\b/i,
  /\bmagnets?\b/i,
  /\bquinine\b/i,
  /\btonic water\b/i,
  /\bpanangin\b|\basparkam\b/i,
  /\bphenytoin\b|\bdifenin\b/i,
  /\btolperisone\b|\bmydocalm\b/i,
  /\bmetamizole\b|\banalgin\b/i,
];

describe('knowledge base completeness', () => {
  it('covers every required intent with an answer, enough examples, follow-ups and a source', () => {
    const incomplete = intentCoverage(kb).filter((row) => row.problems.length > 0);
    expect(incomplete).toEqual([]);
    for (const intent of REQUIRED_INTENTS) {
      expect(kb.answers.get(intent)?.sources.length ?? 0, intent).toBeGreaterThan(0);
      expect(intentCoverage(kb).find((row) => row.intent === intent)?.examples ?? 0).toBeGreaterThanOrEqual(
        MIN_EXAMPLES,
      );
    }
  });

  it('keeps every answer Telegram-sized and under 1,000 characters', () => {
    for (const answer of kb.answers.values())
      expect(answer.answer.length, answer.file).toBeLessThanOrEqual(1000);
  });
});

describe('answer safety', () => {
  const texts = shownTexts();

  it('scans a realistic amount of text', () => {
    expect(texts.length).toBeGreaterThan(100);
  });

  it('gives no doses or amounts', () => {
    const hits = texts.flatMap(({ where, text }) =>
      DOSE.flatMap((pattern) => (pattern.test(text) ? [`${where}: ${pattern.exec(text)?.[0]}`] : [])),
    );
    expect(hits).toEqual([]);
  });

  it('never advises stopping a prescribed medicine', () => {
    const hits = texts.flatMap(({ where, text }) =>
      sentences(text)
        .filter((s) => STOP_MEDICINE.test(s))
        .filter(
          (s) =>
            !/\b(?:don't|do not|never|not|without)\b[^.]*\b(?:stop|quit|discontinue|come off|cut out)\b/i.test(
              s,
            ),
        )
        .map((s) => `${where}: ${s}`),
    );
    expect(hits).toEqual([]);
  });

  it('mentions a harmful remedy only to warn against it', () => {
    const hits = texts.flatMap(({ where, text }) =>
      sentences(text)
        .filter((s) => recommends(s) && !NEGATIVE_CUE.test(s))
        .map((s) => `${where}: ${s}`),
    );
    expect(hits).toEqual([]);
  });

  it('catches a dose and a harmful recommendation when one is planted', () => {
    expect(DOSE.some((pattern) => pattern.test('Take 300 mg of magnesium'))).toBe(true);
    expect(DOSE.some((pattern) => pattern.test('two tablets a day'))).toBe(true);
    const planted = 'Rub datura tincture into the calf every evening.';
    expect(recommends(planted) && !NEGATIVE_CUE.test(planted)).toBe(true);
    expect(recommends('Magnets really help with night cramps.')).toBe(true);
    expect(recommends('Tell the doctor you take quinine.')).toBe(false);
    expect(recommends('Take quinine at bedtime.')).toBe(true);
    expect(NEGATIVE_CUE.test("Don't use a pin.")).toBe(true);
    expect(STOP_MEDICINE.test('If cramps started with a statin, stop taking it.')).toBe(true);
  });

  it('names an emergency number in every emergency and urgent red-flag reply', () => {
    for (const rule of kb.redFlags.rules.filter((r) => r.level !== 'gp')) {
      expect(rule.reply, rule.id).toContain('{number}');
    }
  });
});
