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

/**
 * The medical review (medical-facts.md 4.1 row 13, 4.3 row 4, 1.2, 5.3, 6.1): each correction, checked on
 * every answer-side text (answers, details, context variants, named replies and the bot's own lines). The
 * red-flag rules' own replies are held to the same levels by test/engine/triage.test.ts.
 */
describe('medical review corrections', () => {
  const answerTexts = shownTexts().filter(({ where }) => !where.startsWith('red-flags'));
  const paragraphs = answerTexts.flatMap(({ where, text }) =>
    text.split(/\n\s*\n/).map((paragraph) => ({ where, text: paragraph })),
  );
  const optionTarget = (option: { redflag?: string; reply?: string; intent?: string }) =>
    option.redflag
      ? kb.redFlags.byId.get(option.redflag)?.level
      : option.reply
        ? kb.replies.get(option.reply)?.level
        : 'none';
  const allFollowups = [...kb.answers.values()].flatMap((answer) => [
    ...answer.followups.map((followup) => ({ owner: answer.intent, followup })),
    ...Object.entries(answer.replies).flatMap(([id, reply]) =>
      reply.followups.map((followup) => ({ owner: id, followup })),
    ),
  ]);

  it('1. heat exhaustion not better after 30 minutes means calling the emergency number, never only "today"', () => {
    const heat30 = paragraphs.filter(
      ({ text }) => /\b30 min/i.test(text) && /\b(?:heat|cool|cooling)\b/i.test(text),
    );
    expect(heat30.length).toBeGreaterThanOrEqual(4);
    for (const { where, text } of heat30) {
      expect(text, where).toContain('{number}');
      const sentence = sentences(text).find((s) => /\b30 min/i.test(s)) ?? '';
      expect(/\btoday\b/i.test(sentence) && !sentence.includes('{number}'), `${where}: ${sentence}`).toBe(
        false,
      );
    }
    const heatButtons = allFollowups.flatMap(({ owner, followup }) =>
      followup.options
        .filter((option) => /30 min|not better|still unwell/i.test(option.label))
        .map((option) => ({ owner, label: option.label, level: optionTarget(option) })),
    );
    expect(heatButtons.length).toBeGreaterThan(0);
    for (const button of heatButtons) expect(button, button.label).toMatchObject({ level: 'emergency' });
  });

  it('2. Panangin, Asparkam, Mydocalm, Difenin and phenytoin are refused in the main answer, never permitted', () => {
    const seedDrug = /\b(?:panangin|asparkam|mydocalm|tolperisone|difenin|dilantin|phenytoin)\b/i;
    const medicines = kb.answers.get('medicines')?.answer ?? '';
    for (const name of ['Panangin', 'Asparkam', 'Mydocalm', 'Difenin', 'Dilantin'])
      expect(medicines, `medicines answer names ${name}`).toContain(name);
    expect(kb.answers.get('supplements')?.answer).toContain('Panangin');
    const mentions = answerTexts.flatMap(({ where, text }) =>
      text
        .split('\n')
        .flatMap((line) => sentences(line))
        .filter((s) => seedDrug.test(s))
        .map((s) => ({ where, s })),
    );
    expect(mentions.length).toBeGreaterThan(5);
    for (const { where, s } of mentions) expect(NEGATIVE_CUE.test(s), `${where}: ${s}`).toBe(true);
    for (const { where, text } of answerTexts)
      expect(text, where).not.toMatch(/if you (?:still )?want to try/i);
  });

  it('3. stroke advice says to note when the signs started, or when the person was last seen well', () => {
    const stroke = paragraphs.filter(
      ({ text }) => /\bstroke\b|weakness of the face|drooping face/i.test(text) && text.includes('{number}'),
    );
    expect(stroke.length).toBeGreaterThanOrEqual(2);
    for (const { where, text } of stroke) expect(text, where).toMatch(/last seen well/);
  });

  it('4. quinine warnings name every emergency sign in the agreed words', () => {
    const quinineSigns = paragraphs.filter(
      ({ where, text }) => /quinine/i.test(where + text) && /\bbruising\b/i.test(text),
    );
    expect(quinineSigns.length).toBeGreaterThanOrEqual(3);
    const withEmergency = answerTexts.filter(
      ({ text }) => /quinine/i.test(text) && /\bbruising\b/i.test(text),
    );
    for (const { where, text } of withEmergency)
      expect(text.toLowerCase(), where).toContain(
        'call {number} if you faint or pass out, have chest pain or a racing heartbeat, heavy bleeding, or swelling of the face or throat or trouble breathing',
      );
  });

  it('5. pain at rest is one level: same day alone, the emergency number with a cold, pale or numb foot', () => {
    const walking = kb.answers.get('walking_pain');
    expect(walking?.answer).toMatch(/even at rest needs a doctor the same day/);
    expect(walking?.answer).toMatch(/\{number\}[^.]*pain at rest comes with a cold, pale or numb foot/);
    const restButtons = allFollowups.flatMap(({ followup }) =>
      followup.options.filter((option) => /hurts at rest|pain at rest/i.test(option.label)),
    );
    expect(restButtons.length).toBeGreaterThan(0);
    for (const option of restButtons) expect(optionTarget(option), option.label).toBe('urgent');
    const coldButtons = allFollowups.flatMap(({ owner, followup }) =>
      owner.startsWith('walking_pain')
        ? followup.options.filter((option) => /^yes.*cold, pale or numb/i.test(option.label))
        : [],
    );
    expect(coldButtons.length).toBeGreaterThan(0);
    for (const option of coldButtons) expect(optionTarget(option), option.label).toBe('emergency');
    for (const { where, text } of answerTexts)
      for (const s of sentences(text).filter((s) => /\bat rest\b/i.test(s) && s.includes('{number}')))
        expect(s, where).toMatch(/cold, pale|pale or white|cold, white/);
  });

  it('6. a night cramp lasts from a few seconds to about 10 minutes, not "a few minutes"', () => {
    expect(kb.answers.get('night_cramps')?.answer).toMatch(/few seconds to about 10 minutes/);
    for (const { where, text } of answerTexts)
      expect(text, where).not.toMatch(/(?:seconds to|lasts?(?: for)?) a few minutes/i);
  });

  it('7. statins: never "stop", a doctor today for muscle pain, the emergency number with dark urine, naming the statin', () => {
    const statin = answerTexts.filter(({ text }) => /\bstatins?\b/i.test(text));
    for (const { where, text } of statin) {
      for (const s of sentences(text).filter((s) => /\bstop (?:taking|the|your|it|a prescribed)\b/i.test(s)))
        expect(s, where).toMatch(/\b(?:don't|do not|never)\b/i);
      for (const s of sentences(text).filter((s) => /\bstatin\b/i.test(s) && /\bdark\b/i.test(s)))
        expect(s, where).toContain('{number}');
    }
    const main = kb.answers.get('drug_side_effects')?.answer ?? '';
    expect(main).toMatch(/unexplained muscle pain[^.?]*\? See a doctor today and mention the statin/);
    expect(main).toMatch(
      /dark brown, red or cola-coloured urine, call \{number\} now and tell them you take a statin/,
    );
  });

  it('9. fits the person: growing pains for children, runners get training advice, UK readers see 111', () => {
    expect(kb.answers.get('children')?.answer).toMatch(/growing pains/);
    // Buttons under the children's answer lead to topics that have a children's variant, not adult figures.
    for (const followup of kb.answers.get('children')?.followups ?? [])
      for (const option of followup.options)
        if ('intent' in option)
          expect(Object.keys(kb.answers.get(option.intent)?.contexts ?? {})).toContain('children');
    expect(kb.answers.get('exercise_cramps')?.answer).toMatch(
      /same point of every run or race: build up distance and pace/,
    );
    const pregnancy = kb.answers.get('pregnancy');
    const pregnancyText = `${pregnancy?.answer}\n${pregnancy?.details}`;
    expect(pregnancyText.match(/antenatal/g)?.length).toBe(1);
    expect(pregnancyText).not.toMatch(/sooner if/);
    const urgentReplies = [...kb.replies.values()].filter((reply) => reply.level === 'urgent');
    expect(urgentReplies.length).toBeGreaterThan(0);
    for (const reply of urgentReplies) expect(reply.text, reply.id).toContain('{advice_note}');
    for (const { where, text } of answerTexts) expect(text, where).not.toMatch(/\b111\b/);
  });

  it('9. brand names a reader abroad may not know are explained where they appear', () => {
    const brand = /\b(?:Panangin|Asparkam|Mydocalm|Difenin|Dilantin|Magnerot|Troxevasin|Finalgon|analgin)\b/g;
    const unexplained = answerTexts.flatMap(({ where, text }) =>
      [...text.matchAll(brand)]
        .filter((match) => {
          const before = text.slice(Math.max(0, (match.index ?? 0) - 40), match.index);
          const after = text.slice(
            (match.index ?? 0) + match[0].length,
            (match.index ?? 0) + match[0].length + 30,
          );
          const insideParentheses = before.lastIndexOf('(') > before.lastIndexOf(')');
          return !insideParentheses && !after.includes('(');
        })
        .map((match) => `${where}: ${match[0]}`),
    );
    expect(unexplained).toEqual([]);
  });
});
