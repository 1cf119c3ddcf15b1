import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KnowledgeError } from '../../src/engine/kb/errors.js';
import { normalise } from '../../src/engine/normalise/index.js';
import {
  checkExamples,
  explainTriage,
  loadRedFlags,
  type RedFlagRules,
  replyText,
  triage,
} from '../../src/engine/triage/index.js';
import { LEVELS, type Level } from '../../src/engine/types.js';

const rules: RedFlagRules = loadRedFlags('knowledge/red-flags');

/** Rule ids other parts of the bot point buttons at; each must exist with this level. */
const EXPECTED: Record<Exclude<Level, 'none'>, string[]> = {
  emergency: [
    ...['pe', 'limb_ischaemia', 'compartment', 'rhabdo', 'seizure', 'water_rescue', 'cauda_equina'],
    ...['spreading_infection', 'heatstroke', 'tetanus', 'stroke', 'pregnancy_emergency', 'chest_pain'],
    ...['unconscious', 'breathing', 'severe_bleeding', 'overdose', 'meningitis_sepsis', 'self_harm'],
    ...['confusion', 'anaphylaxis', 'heat_not_better', 'racing_heart_faint'],
  ],
  urgent: [
    ...['dvt', 'persistent_cramp', 'statin_muscle', 'cellulitis', 'fluid_loss', 'tendon_rupture'],
    ...['child_limp', 'pre_eclampsia', 'pregnancy_dvt', 'heat_exhaustion', 'wound_tetanus', 'toxin'],
    'rest_pain',
  ],
  gp: [
    ...['frequent_cramps', 'numb_swelling', 'weakness_wasting', 'claudication', 'new_medicine'],
    ...['alcohol_heavy', 'sciatica', 'chronic_condition', 'pregnancy_frequent', 'exertional_compartment'],
    'child_frequent',
  ],
};

const rank = (level: Level): number => LEVELS.indexOf(level);

interface DevLine {
  text: string;
  level: Level;
  kind: 'redflag' | 'control';
}
const dev: DevLine[] = readFileSync('test/data/dev-triage.jsonl', 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as DevLine);

/** Unrelated chatter used to bury a red flag in a long message. */
const PADDING =
  'We talked about the book club list and the bus times for the next trip to town. ' +
  'The library opens at nine and the cafe by the square sells good bread and soup. ';
const pad = (length: number): string => PADDING.repeat(Math.ceil(length / PADDING.length)).slice(0, length);

describe('knowledge/red-flags/', () => {
  it('has exactly the agreed rule ids, each at its level', () => {
    const actual = Object.fromEntries(
      (['emergency', 'urgent', 'gp'] as const).map((level) => [
        level,
        rules.rules.filter((rule) => rule.level === level).map((rule) => rule.id),
      ]),
    );
    for (const level of ['emergency', 'urgent', 'gp'] as const) {
      expect(new Set(actual[level])).toEqual(new Set(EXPECTED[level]));
    }
    expect(rules.byId.get('dvt')?.title).toBe('Possible blood clot in the leg');
  });

  it.each(rules.rules.map((rule) => [rule.id, rule] as const))(
    '%s: examples fire at its level, controls do not',
    (_id, rule) => {
      for (const example of rule.examples) {
        const result = triage(example, rules);
        expect(result.rules, example).toContain(rule.id);
        expect(result.level, example).toBe(rule.level);
      }
      for (const control of rule.controls)
        expect(triage(control, rules).rules, control).not.toContain(rule.id);
    },
  );

  it('reports no inconsistent example (the same check the linter runs)', () => {
    expect(checkExamples(rules)).toEqual([]);
  });

  it.each(rules.rules.map((rule) => [rule.id, rule] as const))(
    '%s: reply follows the wording rules',
    (_id, rule) => {
      const text = replyText(rule, '112');
      expect(text.length).toBeLessThan(700);
      expect(text).not.toContain('{');
      // No doses or fluid targets, and never "stop taking" a medicine (medical-facts 6.1).
      expect(text).not.toMatch(/\d+\s*(mg|mcg|g|ml|litres?|liters?|tablets?|capsules?)\b/i);
      expect(text).not.toMatch(/\bstop (taking|your|the (statin|medicine|tablets))/i);
      if (rule.level === 'emergency') expect(text).toMatch(/112 now/);
      if (rule.level === 'urgent') {
        expect(text).toMatch(/today|now, not tomorrow|within 30 minutes/);
        expect(text).toMatch(/call 112/i);
      }
      // Every reply of a rule the whole-body section of medical-facts names cites it.
      expect(rule.basis).toMatch(/medical-facts|outside cramps/);
      if (rule.level === 'gp')
        expect(text).toMatch(/appointment|in the next day or two|doctor or pharmacist/);
    },
  );

  it('fills in the emergency number everywhere it appears', () => {
    const rule = rules.byId.get('pe');
    expect(rule && replyText(rule, '999')).toContain('Call 999 now for an ambulance');
  });
});

describe('dev set (test/data/dev-triage.jsonl)', () => {
  const redflags = dev.filter((line) => line.kind === 'redflag');
  const controls = dev.filter((line) => line.kind === 'control');
  const share = (lines: DevLine[], pass: (line: DevLine) => boolean): number =>
    lines.filter(pass).length / Math.max(lines.length, 1);

  it('is well formed and large enough', () => {
    for (const line of dev) {
      expect(Object.keys(line).sort()).toEqual(['kind', 'level', 'text']);
      expect(LEVELS).toContain(line.level);
      expect(line.kind === 'control' ? line.level === 'none' : line.level !== 'none').toBe(true);
    }
    expect(redflags.length).toBeGreaterThanOrEqual(90);
    expect(controls.length).toBeGreaterThanOrEqual(40);
  });

  it('does not copy any rule example or control', () => {
    const known = new Set(rules.rules.flatMap((rule) => [...rule.examples, ...rule.controls]).map(normalise));
    for (const line of dev) expect(known.has(normalise(line.text)), line.text).toBe(false);
  });

  it('exercises every rule at least twice', () => {
    const fired = new Map<string, number>();
    for (const line of redflags)
      for (const id of triage(line.text, rules).rules) fired.set(id, (fired.get(id) ?? 0) + 1);
    for (const rule of rules.rules) expect(fired.get(rule.id) ?? 0, rule.id).toBeGreaterThanOrEqual(2);
  });

  it.each(['emergency', 'urgent', 'gp'] as const)('recalls every %s line at its level or higher', (level) => {
    const lines = redflags.filter((line) => line.level === level);
    const missed = lines
      .filter((line) => rank(triage(line.text, rules).level) > rank(level))
      .map((line) => line.text);
    expect(missed).toEqual([]);
  });

  it('puts most red flags at exactly the expected level', () => {
    expect(share(redflags, (line) => triage(line.text, rules).level === line.level)).toBeGreaterThanOrEqual(
      0.97,
    );
  });

  it('raises no control to urgent or emergency (floor: at most 3%)', () => {
    const alarmed = controls.filter((line) => rank(triage(line.text, rules).level) <= rank('urgent'));
    expect(alarmed.map((line) => line.text)).toEqual([]);
    expect(alarmed.length / controls.length).toBeLessThanOrEqual(0.03);
  });
});

/**
 * The five re-typings the reliability tests use, applied to every dev line: the same recall must hold
 * however a person types (targets of issue 11).
 */
describe('dev set re-typed five ways', () => {
  const typoInLongest = (text: string): string => {
    const longest = [...(text.match(/[a-z]{6,}/gi) ?? [])].sort((a, b) => b.length - a.length)[0];
    return longest
      ? text.replace(longest, longest.slice(0, 2) + longest.charAt(3) + longest.charAt(2) + longest.slice(4))
      : text;
  };
  const RETYPINGS: Record<string, (text: string) => string> = {
    lowercase: (text) => text.toLowerCase(),
    'no punctuation': (text) => text.replace(/[.,!?;:'"()]/g, ''),
    typos: typoInLongest,
    'run-on': (text) => `so basically ${text.replace(/[.,;!?]+/g, ' and ')} and yeah not sure what to do`,
    emoji: (text) => {
      const [first, ...rest] = text.split(' ');
      return `${first} 😩 ${rest.join(' ')} 😭🙏`;
    },
  };
  const share = (lines: DevLine[], pass: (level: Level) => boolean, retype: (text: string) => string) =>
    lines.filter((line) => pass(triage(retype(line.text), rules).level)).length / lines.length;
  const emergencies = dev.filter((line) => line.kind === 'redflag' && line.level === 'emergency');
  const urgents = dev.filter((line) => line.kind === 'redflag' && line.level === 'urgent');
  const controls = dev.filter((line) => line.kind === 'control');

  it.each(Object.entries(RETYPINGS))(
    '%s: emergencies, urgent cases and controls keep their levels',
    (_name, retype) => {
      expect(share(emergencies, (level) => level === 'emergency', retype)).toBeGreaterThanOrEqual(0.97);
      expect(share(emergencies, (level) => rank(level) <= rank('urgent'), retype)).toBe(1);
      expect(share(urgents, (level) => rank(level) <= rank('urgent'), retype)).toBeGreaterThanOrEqual(0.97);
      expect(share(controls, (level) => rank(level) <= rank('urgent'), retype)).toBeLessThanOrEqual(0.05);
    },
  );
});

describe('time, worry, numbers and who', () => {
  it.each([
    ['I had a DVT 5 years ago, now just the odd cramp', 'none'],
    ['I had a DVT 5 years ago and now my calf is swollen again', 'urgent'],
    ['my son had a seizure as a toddler now he gets leg cramps', 'none'],
    ['worried about getting a clot on the plane, my legs are fine', 'none'],
    ['what if my face drooped, how would I know it was a stroke', 'none'],
    ['36 weeks pregnant and cramps at night', 'none'],
    ['cramps for weeks, every night', 'gp'],
    ['both ankles a little puffy in the evening, 35 weeks pregnant', 'none'],
    ['one ankle very swollen and sore, 35 weeks pregnant', 'urgent'],
    ['I am a 70 year old with leg cramps', 'none'],
    ['my 8 year old is limping and has a fever', 'urgent'],
    ['someone at the pool is going under', 'emergency'],
    ['what are the signs of someone drowning?', 'none'],
    ["should I call an ambulance? he won't wake up", 'emergency'],
    ['is it bad that my dad is slurring his words?', 'emergency'],
    // "last month" dates the change; "and getting cramps" is now.
    ['changed my heart tablets last month and getting cramps', 'gp'],
  ])('"%s" is %s', (text, level) => {
    expect(triage(text, rules).level).toBe(level);
  });
});

describe('negation', () => {
  it.each([
    ['no swelling or redness, just cramps', 'swollen'],
    ['my calf is not swollen', 'swollen'],
    ['my calf is not swollen, red or hot', 'red_word'],
    ['without any chest pain', 'chest_pain'],
    ["I don't have a fever", 'fever'],
    ['no swelling, redness or heat in my calf', 'red_leg'],
    ['never had chest pain', 'chest_pain'],
    ['free of any numbness', 'numb'],
  ])('"%s" does not count %s', (text, concept) => {
    const trace = explainTriage(text, rules);
    expect(trace.concepts).not.toContain(concept);
    expect(trace.negated).toContain(concept);
    expect(trace.level).toBe('none');
  });

  it.each([
    ["I can't breathe", 'breathing'],
    ["can't move my foot and it's ice cold", 'limb_ischaemia'],
    ['no fever but my calf is swollen and hot', 'dvt'],
    ['I am not sure but my calf is swollen', 'dvt'],
    ["the cramp won't stop", 'persistent_cramp'],
    ['there is no pulse in my foot', 'limb_ischaemia'],
  ])('"%s" is a symptom, not a negation (%s)', (text, id) => {
    expect(triage(text, rules).rules).toContain(id);
  });
});

describe('lists', () => {
  it.each([
    'cramps in my legs, arms and belly',
    'cramping in my calves, hands and stomach',
    'сводит ноги, руки и живот',
  ])('reads the last items after a comma as part of the list: "%s" is cramps beyond the legs', (text) => {
    expect(triage(text, rules).rules).toContain('fluid_loss');
  });
});

describe('general questions', () => {
  it.each([
    'what are the signs of a clot?',
    'can a cramp be a DVT?',
    'when should I worry about calf pain?',
    'is chest pain with leg pain serious?',
    'what does it mean if your leg is swollen and hot?',
    'signs of dvt in the calf',
    'can statins cause muscle pain?',
    'is it normal to get breathless with a swollen leg in pregnancy?',
  ])('"%s" stays at none', (text) => {
    const trace = explainTriage(text, rules);
    expect(trace.generalQuestion).toBe(true);
    expect(trace.level).toBe('none');
  });

  it.each([
    ['my calf is swollen and hot, is it a clot?', 'urgent'],
    ['calf swollen and hot, is it a clot?', 'urgent'],
    ['dvt? calf swollen after a long drive', 'urgent'],
    ['is this a clot, my calf is hot and red', 'urgent'],
    ['she is having a seizure', 'emergency'],
    ['not breathing', 'emergency'],
    ['unconscious', 'emergency'],
    ['what do I do, he collapsed and is not breathing', 'emergency'],
  ])('"%s" is a report (%s)', (text, level) => {
    expect(triage(text, rules).level).toBe(level);
  });
});

describe('robustness', () => {
  const examples = rules.rules.flatMap((rule) => rule.examples.map((text) => [rule.id, text] as const));

  it('padding is harmless on its own', () => {
    const trace = explainTriage(pad(3000), rules);
    expect(trace.rules).toEqual([]);
    expect(trace.ask).toBeUndefined();
  });

  it.each(examples)('%s stays flagged when buried in 3,000 characters: %s', (id, text) => {
    expect(triage(`${pad(1500)} ${text}. ${pad(1500)}`, rules).rules).toContain(id);
  });

  it.each(examples)('%s stays flagged in capitals: %s', (id, text) => {
    expect(triage(text.toUpperCase(), rules).rules).toContain(id);
  });

  /** One typo in the longest word: a swapped, dropped, doubled or wrong letter inside the word. */
  const typos: Record<string, (word: string) => string> = {
    swapped: (w) => w.slice(0, 2) + w.charAt(3) + w.charAt(2) + w.slice(4),
    dropped: (w) => w.slice(0, 3) + w.slice(4),
    doubled: (w) => w.slice(0, 4) + w.slice(3),
    wrong: (w) => w.slice(0, 3) + (w.charAt(3) === 'x' ? 'z' : 'x') + w.slice(4),
  };
  it.each(examples)('%s stays flagged with one typo: %s', (id, text) => {
    const words = text.match(/[a-z]{6,}/gi) ?? [];
    const longest = [...words].sort((a, b) => b.length - a.length)[0];
    if (!longest) return;
    for (const [kind, typo] of Object.entries(typos)) {
      const typed = text.replace(longest, typo(longest));
      expect(triage(typed, rules).rules, `${kind}: ${typed}`).toContain(id);
    }
  });

  it.each([
    ['my calf is swolen and hot', 'dvt'],
    ['I cant breath and my calf hurts', 'pe'],
    ['my foot went pale and tingeling', 'limb_ischaemia'],
    ['siezure', 'seizure'],
    ['he is unconcious', 'unconscious'],
    ['pregnent and calf swollen', 'pregnancy_dvt'],
  ])('common misspelling "%s" fires %s', (text, id) => {
    expect(triage(text, rules).rules).toContain(id);
  });

  it('does not read everyday words as typos of symptoms', () => {
    for (const text of [
      'I was lying on the sofa and my calf cramped',
      'selling my house and my calf cramps',
      'painting the fence and my calf hurt a bit',
      'found a new stretch for my calf',
    ]) {
      expect(triage(text, rules).level, text).not.toMatch(/emergency|urgent/);
    }
  });
});

/**
 * How long a 4,096-character message takes is measured by `npm run bench` (the long-4000 families, and the
 * growth from 1,000 to 4,000 characters), never here: a shared machine makes any clock limit in a unit test
 * fail at random. These check what the person sees when the message is that long.
 */
describe('messages at the 4,096-character limit', () => {
  it('a message dense with symptom words still reads the red flags in it', () => {
    const dense =
      'my calf is not swollen red hot leg pain cramp can not breathe chest tight numb cold white foot '
        .repeat(50)
        .slice(0, 4096);
    expect(triage(dense, rules).level).toBe('emergency');
  });

  it('finds a red flag at the end of a 4,096-character message', () => {
    const text = `${pad(4000)} my calf is swollen`;
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(triage(text, rules).rules).toContain('dvt');
  });
});

describe('loading', () => {
  const fixture = (name: string): string => `test/fixtures/red-flags/${name}.yaml`;
  const errorOf = (name: string): string => {
    try {
      loadRedFlags(fixture(name));
    } catch (error) {
      expect(error).toBeInstanceOf(KnowledgeError);
      return (error as Error).message;
    }
    throw new Error(`${name} loaded without an error`);
  };

  it('loads a small valid file and uses its concepts', () => {
    const small = loadRedFlags(fixture('good'));
    expect(small.rules.map((rule) => rule.id)).toEqual(['dvt']);
    expect(triage('my shin is puffy', small)).toEqual({ level: 'urgent', rules: ['dvt'] });
    expect(triage('my calf is not swollen', small)).toEqual({ level: 'none', rules: [] });
  });

  it.each([
    ['unknown-concept', 'rules.0.when.0.1: unknown concept "swolen"'],
    ['unknown-key', 'rules.0: unknown key(s) "colour"'],
    ['bad-level', 'rules.0.level: Invalid option: expected one of "emergency"|"urgent"|"gp"'],
    ['missing-number', 'rules.0.reply: an urgent reply must name the emergency number ({number})'],
    ['bad-placeholder', 'rules.0.reply: unknown placeholder {numbr}'],
    ['duplicate-id', 'rules.1.id: duplicate rule id "dvt"'],
    [
      'slot-phrase',
      'concepts.swollen.0: "@hot" stands for one word, but concept "hot" has the phrase "burning up"',
    ],
    ['concept-loop', 'concepts.puffy.1: concepts include each other in a loop (swollen -> puffy -> swollen)'],
    ['unused-concept', 'concepts.spare: is not used by any rule or concept'],
    ['unknown-phrase-concept', 'concepts.calf.1: unknown concept "warm"'],
  ])('%s.yaml gives an error naming the file and field', (name, message) => {
    expect(errorOf(name)).toBe(`${fixture(name)}: ${message}`);
  });

  it('loads the folder layout: rules by family, lexicons by language', () => {
    const folder = loadRedFlags('test/fixtures/red-flags-dir/good');
    expect(folder.rules.map((rule) => rule.id).sort()).toEqual(['breathing', 'dvt']);
    expect(folder.byId.get('dvt')?.file).toBe('test/fixtures/red-flags-dir/good/leg.yaml');
    // English: word forms, prefix terms and order-free phrases.
    expect(triage('my calf swells', folder).rules).toEqual(['dvt']);
    expect(triage('both shins swelling up', folder).rules).toEqual(['dvt']);
    expect(triage('breathing is hard', folder).rules).toEqual(['breathing']);
    expect(triage('it is hard to breathe', folder).rules).toEqual(['breathing']);
    // Russian adds words for the same concepts, compared as stems, with ё read as е.
    expect(triage('у него одышка', folder).rules).toEqual(['breathing']);
    expect(triage('голень распухла', folder).rules).toEqual(['dvt']);
    expect(triage('ИКРА ОТЁК', folder).rules).toEqual(['dvt']);
    expect(triage('икра отек', folder).rules).toEqual(['dvt']);
  });

  it('rejects a language lexicon that invents a concept, naming file and field', () => {
    expect(() => loadRedFlags('test/fixtures/red-flags-dir/foreign-concept')).toThrow(
      'test/fixtures/red-flags-dir/foreign-concept/lexicons/ru.yaml: concepts.fever: is not a concept of en.yaml',
    );
  });

  it('names the file when it is not YAML or missing', () => {
    expect(errorOf('not-yaml')).toMatch(/^test\/fixtures\/red-flags\/not-yaml\.yaml: not valid YAML: /);
    expect(errorOf('no-such-file')).toBe(`${fixture('no-such-file')}: file is missing or unreadable`);
  });
});
