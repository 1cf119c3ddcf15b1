import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotApiRelay } from '../kit/bot-api-relay.js';
import { startEmulator } from '../kit/emulator.js';
import {
  type Emulator,
  fakeClock,
  type Instance,
  logCramp,
  person,
  type Relay,
  startInstance,
  tempDir,
} from './helpers.js';

const DOCS = join(process.cwd(), 'docs');
const SUMMARY_FILE = join(DOCS, 'diary-summary.txt');
const CHART_FILE = join(DOCS, 'diary-chart.png');

/**
 * The README's diary example, from a real run through the emulator: four weeks of a made-up person's cramps
 * (UTC+1), logged with /cramp and the buttons, a few evening stretches, then /summary. The summary text in
 * docs/ must be exactly what the bot sends; `UPDATE_DOCS=1 npx vitest run test/diary/readme-sample.e2e.test.ts`
 * writes it and the chart again after a change.
 */
describe('the README diary sample', () => {
  let emulator: Emulator;
  let relay: Relay;
  let instance: Instance;
  const folder = tempDir();
  const token = 'diary-readme-token';
  const clock = fakeClock('2026-11-02T20:00:00Z');

  beforeAll(async () => {
    emulator = await startEmulator();
    relay = await startBotApiRelay(emulator);
    instance = await startInstance({
      emulator,
      relay,
      token,
      clock,
      sqlitePath: join(folder.dir, 's.sqlite'),
    });
  });

  afterAll(async () => {
    await instance?.stop();
    await relay?.stop();
    await emulator?.stop();
    folder.remove();
  });

  it('matches docs/diary-summary.txt', async () => {
    const who = person(emulator, token, 1001);
    // Night (UTC) of each cramp, with leg and duration; the person is at UTC+1.
    const cramps: [string, 'l' | 'r' | 'b', 's' | 'm' | 'l'][] = [
      ['2026-11-03T01:40:00Z', 'l', 's'],
      ['2026-11-05T02:10:00Z', 'l', 'm'],
      ['2026-11-06T23:55:00Z', 'l', 's'],
      ['2026-11-09T03:20:00Z', 'r', 's'],
      ['2026-11-10T02:05:00Z', 'l', 'm'],
      ['2026-11-10T04:50:00Z', 'l', 's'],
      ['2026-11-12T15:30:00Z', 'b', 's'],
      ['2026-11-14T01:15:00Z', 'l', 's'],
      ['2026-11-17T04:00:00Z', 'l', 'm'],
      ['2026-11-21T00:30:00Z', 'r', 's'],
      ['2026-11-26T02:45:00Z', 'l', 's'],
    ];
    let first = true;
    for (const [at, leg, duration] of cramps) {
      clock.set(at);
      await logCramp(who, leg, duration);
      if (first) {
        // The summary questions after the first cramp, then the time zone.
        await who.tap('d:a:swelling:no');
        await who.tap('d:a:weakness:no');
        await who.tap('d:a:walking:no');
        await who.tap('d:a:pregnant:no');
        await who.press('d:a:medicines:diuretic');
        await who.tap('d:k:medicines');
        await who.press('d:a:tried:stretch');
        await who.press('d:a:tried:magnesium');
        await who.tap('d:k:tried');
        await who.send('/remind 22:30');
        await who.tap('d:z:60', 2);
        first = false;
      }
    }
    for (const evening of [
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
      '2026-11-22',
      '2026-11-23',
      '2026-11-25',
    ]) {
      clock.set(`${evening}T21:35:00Z`);
      await who.tap('d:s');
    }
    clock.set('2026-11-28T09:00:00Z');
    const summary = await who.send('/summary', 2);
    const text = `${summary[0]?.text}\n`;
    const png = relay.uploads.at(-1)?.bytes as Buffer;
    if (process.env.UPDATE_DOCS === '1') {
      writeFileSync(SUMMARY_FILE, text);
      writeFileSync(CHART_FILE, png);
    }
    expect(text).toBe(readFileSync(SUMMARY_FILE, 'utf8'));
    expect(relay.uploads.at(-1)?.caption).toBe(
      '11 cramps in 4 weeks, 8 of them in the left leg, most at night. Stretches done: 6.',
    );
  }, 60_000);
});
