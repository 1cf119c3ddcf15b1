import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDiaryButton } from '../../src/diary/buttons.js';
import {
  lastNightAt,
  nextLocalTime,
  nightOf,
  offsetFromLocalMinutes,
  parseTypedTime,
} from '../../src/diary/clock.js';
import { type Cramp, type Diary, emptyDiary, pruneDiary } from '../../src/diary/model.js';
import { chartRendererLoaded } from '../../src/diary/render-chart.js';
import { openDiary } from '../../src/diary/runtime.js';
import { caption, frequentNights, windowStats } from '../../src/diary/stats.js';
import { openSqliteDiaryStore } from '../../src/diary/store.js';
import { loadDiaryTexts } from '../../src/diary/texts.js';
import { createLogger } from '../../src/logger.js';

const texts = loadDiaryTexts();
const at = (iso: string) => Date.parse(iso);
let ids = 0;
const cramp = (iso: string, leg: Cramp['leg'] = 'left', duration: Cramp['duration'] = 'short'): Cramp => ({
  id: `c${String(ids++).padStart(7, '0')}`,
  at: at(iso),
  leg,
  duration,
  when: 'now',
});
const diaryWith = (cramps: Cramp[], extra: Partial<Diary> = {}): Diary => ({
  ...emptyDiary(),
  cramps,
  offsetMinutes: 60,
  ...extra,
});

describe('the chart data: one bar per night, golden', () => {
  // The person is at UTC+1; "now" is 10:00 local on Monday 30 November 2026.
  const now = at('2026-11-30T09:00:00Z');
  const diary = diaryWith(
    [
      cramp('2026-11-02T23:30:00Z'), // 00:30 local on the 3rd: the night of 2 Nov
      cramp('2026-11-02T21:00:00Z', 'right'), // 22:00 local on the 2nd: the same night
      cramp('2026-11-10T02:00:00Z', 'both', 'medium'), // night of 9 Nov
      cramp('2026-11-20T13:00:00Z', 'left', 'long'), // 14:00 local: daytime, still "the night of" the 20th
      cramp('2026-11-30T04:00:00Z'), // 05:00 local today: last night, the 29th
      cramp('2026-10-20T22:00:00Z'), // before the window: not drawn
    ],
    { stretches: [at('2026-11-09T21:00:00Z'), at('2026-11-29T21:15:00Z')] },
  );

  it('has 28 bars from 2 Nov to 29 Nov with the cramps in the right nights', () => {
    const { bars } = windowStats(diary, now);
    expect(bars).toHaveLength(28);
    expect(bars[0]?.label).toBe('2 Nov');
    expect(bars.at(-1)?.label).toBe('29 Nov');
    const nonZero = Object.fromEntries(
      bars.filter((bar) => bar.cramps > 0).map((bar) => [bar.label, bar.cramps]),
    );
    expect(nonZero).toEqual({ '2 Nov': 2, '9 Nov': 1, '20 Nov': 1, '29 Nov': 1 });
    expect(bars.filter((bar) => bar.stretched).map((bar) => bar.label)).toEqual(['9 Nov', '29 Nov']);
  });

  it('words the caption from the same data', () => {
    expect(caption(windowStats(diary, now), texts)).toBe(
      '5 cramps in 4 weeks, 3 of them in the left leg, most at night. Stretches done: 2.',
    );
  });

  it("a night runs from noon to noon in the person's time", () => {
    expect(nightOf(at('2026-11-03T10:59:00Z'), 60)).toBe(nightOf(at('2026-11-02T11:00:00Z'), 60));
    expect(nightOf(at('2026-11-03T11:00:00Z'), 60)).toBe(nightOf(at('2026-11-02T11:00:00Z'), 60) + 1);
  });
});

describe('the GP pattern (medical-facts 4.3 row 1: most nights for two weeks or more)', () => {
  const now = at('2026-11-30T09:00:00Z');
  const nights = (count: number, from: number) =>
    Array.from({ length: count }, (_, i) =>
      cramp(new Date(at('2026-11-29T22:00:00Z') - (from + i) * 86_400_000).toISOString()),
    );

  it('fires with cramps on 8 of the last 14 nights, kept up for 14 nights', () => {
    expect(frequentNights(diaryWith([...nights(8, 0), ...nights(1, 13)]), now)).toBe(9);
  });
  it('not with 7 nights', () => {
    expect(frequentNights(diaryWith([...nights(6, 0), ...nights(1, 13)]), now)).toBeNull();
  });
  it('not when the diary is younger than two weeks', () => {
    expect(frequentNights(diaryWith(nights(10, 0)), now)).toBeNull();
  });
});

describe('times people type and their offsets', () => {
  it('reads typed times and refuses everything else', () => {
    expect(parseTypedTime('21:47')).toBe(21 * 60 + 47);
    expect(parseTypedTime('9.05 pm')).toBe(21 * 60 + 5);
    expect(parseTypedTime('12am')).toBe(0);
    expect(parseTypedTime('7 AM')).toBe(7 * 60);
    for (const text of ['25:00', '12:61', '14', 'why do I cramp at 3', '13 pm', ''])
      expect(parseTypedTime(text)).toBeNull();
  });
  it('turns "it is 05:30 here" at 00:00 UTC into +05:30, and wraps across midnight', () => {
    expect(offsetFromLocalMinutes(at('2026-11-10T00:00:00Z'), 5 * 60 + 30)).toBe(330);
    expect(offsetFromLocalMinutes(at('2026-11-10T01:00:00Z'), 20 * 60)).toBe(-300);
    expect(offsetFromLocalMinutes(at('2026-11-10T23:00:00Z'), 10 * 60)).toBe(11 * 60);
    expect(offsetFromLocalMinutes(at('2026-11-10T23:50:00Z'), 13 * 60 + 51)).toBe(-10 * 60);
  });
  it("finds the next 22:30 in a person's time", () => {
    expect(nextLocalTime(at('2026-11-10T12:00:00Z'), '22:30', -300)).toBe(at('2026-11-11T03:30:00Z'));
    expect(nextLocalTime(at('2026-11-10T21:30:00Z'), '22:30', 60)).toBe(at('2026-11-11T21:30:00Z'));
    expect(nextLocalTime(at('2026-11-10T12:00:00Z'), '22:30', 330)).toBe(at('2026-11-10T17:00:00Z'));
  });
  it('"last night" is 03:00 of the night that just ended', () => {
    expect(lastNightAt(at('2026-11-10T09:00:00Z'), 60)).toBe(at('2026-11-10T02:00:00Z'));
  });
});

describe('callback data is validated', () => {
  it('accepts exactly the shapes the diary makes', () => {
    expect(parseDiaryButton('d:l:abcd1234:r')).toEqual({ kind: 'leg', entry: 'abcd1234', leg: 'right' });
    expect(parseDiaryButton('d:z:-330')).toEqual({ kind: 'timezone', offsetMinutes: -330 });
    expect(parseDiaryButton('d:r:2230')).toEqual({ kind: 'remind', time: '22:30' });
    expect(parseDiaryButton('d:r:off')).toEqual({ kind: 'remind', time: null });
  });
  it('refuses forged and out-of-range data', () => {
    for (const data of [
      'd:l:abcd1234:x',
      'd:l:ABCD1234:l',
      'd:z:900',
      'd:z:7',
      'd:r:2460',
      'd:s:extra',
      'x:c',
      'd:a:Bad:no',
      'd:c ',
    ])
      expect(parseDiaryButton(data)).toBeNull();
  });
});

describe('retention: entries older than 12 months are dropped', () => {
  it('from a diary as it is read, and from every stored diary by the sweep', async () => {
    const now = at('2027-12-01T12:00:00Z');
    const diary = diaryWith([cramp('2026-11-30T12:00:00Z'), cramp('2026-12-02T12:00:00Z')], {
      stretches: [at('2026-11-01T21:00:00Z')],
      answers: { swelling: { choices: ['no'], at: at('2026-11-01T21:00:00Z') } },
    });
    const pruned = pruneDiary(diary, now);
    expect(pruned.cramps.map((c) => c.at)).toEqual([at('2026-12-02T12:00:00Z')]);
    expect(pruned.stretches).toEqual([]);
    expect(pruned.answers).toEqual({});

    const dir = mkdtempSync(join(tmpdir(), 'crampbot-retention-'));
    const store = openSqliteDiaryStore(join(dir, 'diary.sqlite'));
    try {
      await store.update('telegram:1', () => diary);
      await store.update('telegram:2', () =>
        diaryWith([cramp('2026-10-01T12:00:00Z')], { offsetMinutes: null }),
      );
      expect(await store.sweep(now)).toBe(2);
      expect((await store.read('telegram:1'))?.cramps).toHaveLength(1);
      // Nothing left at all: the row is gone.
      expect(await store.read('telegram:2')).toBeUndefined();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('knowledge/diary.yaml', () => {
  it('a broken file names the file and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crampbot-texts-'));
    const file = join(dir, 'diary.yaml');
    const good = loadDiaryTexts();
    writeFileSync(
      file,
      JSON.stringify({
        ...good,
        questions: [{ ...good.questions[0], advice: { maybe: { level: 'gp', text: 'xx' } } }],
      }),
    );
    try {
      expect(() => loadDiaryTexts(file)).toThrow(/diary\.yaml: questions\.0\.advice: advice names a choice/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the chart renderer stays out of start-up', () => {
  it('is not loaded by opening the diary, only by the first chart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crampbot-lazy-'));
    const diary = await openDiary({ sqlitePath: join(dir, 's.sqlite'), logger: createLogger('silent') });
    try {
      await diary.service.command({ user: 'web:x', emergencyNumber: '112' }, 'cramp', '');
      expect(chartRendererLoaded()).toBe(false);
      const [chart] = await diary.service.command({ user: 'web:x', emergencyNumber: '112' }, 'diary', '');
      expect(chart?.kind).toBe('photo');
      expect(chartRendererLoaded()).toBe(true);
    } finally {
      await diary.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
