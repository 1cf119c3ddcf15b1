import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ConversationState, type Engine, encodeAction, loadEngine } from '../../src/engine/index.js';
import {
  bidiChar,
  controlChar,
  emoji,
  fitTo,
  MESSAGE_LIMIT,
  mixedMessage,
  nearMiss,
  rtlText,
  zeroWidthChar,
} from './arbitraries.js';
import { problemsOf } from './well-formed.js';

/**
 * Property tests of the engine on the real knowledge base: whatever arrives, `respond` returns a reply
 * Telegram accepts, and no input is much slower than an ordinary message of the same length (a regex
 * that backtracks, or anything quadratic, would show up as a large ratio).
 *
 * Runs: 3,000 + 3,000 + 2,000 + 2,000 + 1,000 + 260 = 11,260 (more in red-flag-robustness.test.ts).
 */
const engine: Engine = loadEngine();
const redFlagRules = engine.kb.redFlags.rules;
const phrases = redFlagRules.flatMap((rule) => [...rule.examples, ...rule.controls]);
const intents = [...engine.kb.answers.keys()];
const countries = [...engine.kb.countries.byCode.keys()];

/** Stored states, including ones an older knowledge base may have left (an intent or country since removed). */
const state: fc.Arbitrary<ConversationState> = fc.record({
  country: fc.oneof(fc.constant(null), fc.constantFrom(...countries), fc.string({ maxLength: 8 })),
  lastIntent: fc.oneof(fc.constant(null), fc.constantFrom(...intents), fc.string({ maxLength: 64 })),
  welcomed: fc.boolean(),
});

const say = (current: ConversationState, text: string) => engine.respond(current, { type: 'text', text });
const expectWellFormed = (result: ReturnType<typeof say>) => expect(problemsOf(engine, result)).toEqual([]);

describe('respond never throws and always answers in a form Telegram accepts', () => {
  it('arbitrary Unicode, lone surrogates included (3,000 runs)', () => {
    fc.assert(
      fc.property(state, fc.string({ unit: 'binary', maxLength: 300 }), (current, text) => {
        expectWellFormed(say(current, text));
      }),
      { numRuns: 3000 },
    );
  });

  it('words mixed with emoji, control, zero-width and direction characters, RTL text and red-flag pieces (3,000 runs)', () => {
    fc.assert(
      fc.property(state, mixedMessage(phrases), (current, text) => {
        expectWellFormed(say(current, text));
      }),
      { numRuns: 3000 },
    );
  });

  it('near misses of red-flag phrases, with invisible characters in between (2,000 runs)', () => {
    const hidden = fc.oneof(zeroWidthChar, bidiChar, controlChar, emoji, fc.constant(''));
    fc.assert(
      fc.property(state, nearMiss(phrases), hidden, fc.nat(), (current, phrase, insert, at) => {
        const cut = at % (phrase.length + 1);
        expectWellFormed(say(current, phrase.slice(0, cut) + insert + phrase.slice(cut)));
      }),
      { numRuns: 2000 },
    );
  });

  it('button data: forged, near-valid, oversized, or naming things that do not exist (2,000 runs)', () => {
    const validData = [
      ...intents.flatMap((id) => [
        encodeAction({ kind: 'intent', id }),
        encodeAction({ kind: 'details', id }),
      ]),
      ...redFlagRules.map((rule) => encodeAction({ kind: 'redflag', id: rule.id })),
      ...countries.map((code) => encodeAction({ kind: 'country', code })),
      'm',
    ];
    const data = fc.oneof(
      fc.constantFrom(...validData),
      fc.constantFrom(...validData).chain((valid) =>
        fc.tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 3 })).map(([at, junk]) => {
          const cut = at % (valid.length + 1);
          return valid.slice(0, cut) + junk + valid.slice(cut);
        }),
      ),
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.stringMatching(/^[a-z]:[a-z_.]{0,80}$/),
      fc.string({ minLength: 65, maxLength: 5000 }),
      fc.constantFrom(
        '',
        ' ',
        'i:',
        'q:.',
        'q:night_cramps.',
        'c:',
        'c:ZZ',
        'telegram:1002',
        '__proto__',
        'i:constructor',
      ),
    );
    fc.assert(
      fc.property(state, data, (current, pressed) => {
        expectWellFormed(engine.respond(current, { type: 'button', data: pressed }));
      }),
      { numRuns: 2000 },
    );
  });

  it('RTL text and emoji floods with a question inside (1,000 runs)', () => {
    const flood = fc.array(fc.oneof(emoji, rtlText, zeroWidthChar, bidiChar), {
      minLength: 1,
      maxLength: 400,
    });
    fc.assert(
      fc.property(
        state,
        flood,
        fc.constantFrom(...phrases, 'why do my calves cramp at night'),
        (current, noise, question) => {
          const half = Math.floor(noise.length / 2);
          expectWellFormed(
            say(current, `${noise.slice(0, half).join('')} ${question} ${noise.slice(half).join('')}`),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('time is bounded: no input is much slower than an ordinary message of the same length', () => {
  const median = (values: number[]): number =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const fresh: ConversationState = { country: null, lastIntent: null, welcomed: true };
  const timeOf = (text: string): number => {
    const started = performance.now();
    say(fresh, text);
    return performance.now() - started;
  };
  /**
   * The fastest of several timings: a garbage collection or another process on the machine only ever
   * adds time, so the minimum is the steadiest measure of what the input itself costs.
   */
  const steadyTime = (text: string): number => Math.min(...Array.from({ length: 7 }, () => timeOf(text)));
  /** Two inputs timed turn about, so a slow spell on the machine hits both alike. */
  const steadyTimes = (a: string, b: string): [number, number] => {
    const times: [number[], number[]] = [[], []];
    for (let i = 0; i < 7; i += 1) {
      times[0].push(timeOf(a));
      times[1].push(timeOf(b));
    }
    return [Math.min(...times[0]), Math.min(...times[1])];
  };

  const ordinary = readFileSync('test/data/dev-intents-a.jsonl', 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { text: string }).text);
  /** Ordinary questions run together to the limit: what a long, rambling message costs. */
  const ordinaryLong = Array.from({ length: 9 }, (_, i) =>
    fitTo(`${ordinary.slice(i * 20, i * 20 + 20).join('. ')}. `, MESSAGE_LIMIT),
  );

  /** A generous factor: ordinary long messages take a few milliseconds, anything quadratic takes seconds. */
  const SLOWER_THAN_ORDINARY = 50;
  /**
   * Four times the length may cost four times the time (linear), not sixteen (quadratic). Measured
   * within one run it comes out at 4 to 6.5 (caches and the JIT favour the shorter input), so the limit
   * sits between that and quadratic.
   */
  const GROWTH_FOR_FOUR_TIMES_LONGER = 10;

  const slowestOf = <T extends { ms: number }>(entries: T[]): T[] =>
    [...entries].sort((a, b) => b.ms - a.ms).slice(0, 5);
  /** One entry per input (the generators repeat constants), keeping its slowest time. */
  const unique = (entries: { source: string; ms: number }[]) => [
    ...new Map([...entries].sort((a, b) => a.ms - b.ms).map((entry) => [entry.source, entry])).values(),
  ];

  it('4,096-character messages: well formed, linear in length, within a factor of an ordinary one (260 runs)', () => {
    const timed: { source: string; ms: number }[] = [];
    const run = (source: string) => {
      const text = fitTo(source, MESSAGE_LIMIT);
      const started = performance.now();
      const result = say(fresh, text);
      const ms = performance.now() - started;
      expectWellFormed(result);
      timed.push({ source, ms });
    };
    // Mixed messages repeated to the limit.
    fc.assert(fc.property(mixedMessage(phrases, 200), run), { numRuns: 200 });
    // One unit repeated to the limit: the shape that makes regexes backtrack (runs of a, 1, |, quotes).
    const unit = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }),
      fc.constantFrom("'", '|', '1', 'a', 'ab', '. ', 'no ', 'calf ', "can't ", '😀', '\u200b', 'x\u0301'),
    );
    fc.assert(fc.property(unit, run), { numRuns: 60 });
    expect(timed).toHaveLength(260);

    // Warm up, then time ordinary long messages in this same run and process.
    for (const text of ordinaryLong) timeOf(text);
    const ordinaryMs = median(ordinaryLong.map(steadyTime));
    const retime = ({ source }: { source: string }) => {
      const [fullMs, quarterMs] = steadyTimes(fitTo(source, MESSAGE_LIMIT), fitTo(source, MESSAGE_LIMIT / 4));
      return { source, fullMs, quarterMs };
    };
    const slowest = slowestOf(unique(timed)).map(retime);
    const ratio = Math.max(...slowest.map((entry) => entry.fullMs / ordinaryMs));
    // The floor keeps a near-zero quarter-length time from inflating the growth of a fast input.
    const growth = Math.max(
      ...slowest.map((entry) => entry.fullMs / Math.max(entry.quarterMs, ordinaryMs / 4)),
    );
    const list = (entries: typeof slowest) =>
      entries.map((entry) => `${entry.fullMs.toFixed(1)} ms ${JSON.stringify(entry.source.slice(0, 12))}`);
    console.info(
      `4,096 characters: ordinary ${ordinaryMs.toFixed(2)} ms; slowest ${list(slowest).join(', ')}; ` +
        `ratio ${ratio.toFixed(1)} (limit ${SLOWER_THAN_ORDINARY}), ` +
        `growth for 4x the length ${growth.toFixed(1)} (limit ${GROWTH_FOR_FOUR_TIMES_LONGER})`,
    );
    expect(growth).toBeLessThanOrEqual(GROWTH_FOR_FOUR_TIMES_LONGER);
    expect(ratio).toBeLessThanOrEqual(SLOWER_THAN_ORDINARY);
  });
});
