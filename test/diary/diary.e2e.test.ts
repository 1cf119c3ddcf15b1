import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotApiRelay } from '../kit/bot-api-relay.js';
import { startEmulator } from '../kit/emulator.js';
import {
  buttonsOf,
  type Emulator,
  fakeClock,
  type Instance,
  logCramp,
  person,
  type Relay,
  startInstance,
  tempDir,
} from './helpers.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

/**
 * The diary conversation from issue 16 against the Bot API emulator, with SQLite as in a single-instance
 * deployment and a clock the test moves: a person logs cramps over several days, sees the chart and the
 * summary, downloads their data and forgets it all.
 */
describe('cramp diary end to end (SQLite, emulator)', () => {
  let emulator: Emulator;
  let relay: Relay;
  let instance: Instance;
  const folder = tempDir();
  const sqlitePath = join(folder.dir, 'sessions.sqlite');
  const token = 'diary-e2e-token';
  // Monday 2 November 2026, 20:00 UTC; the person is at UTC+1.
  const clock = fakeClock('2026-11-02T20:00:00Z');

  beforeAll(async () => {
    emulator = await startEmulator();
    relay = await startBotApiRelay(emulator);
    instance = await startInstance({ emulator, relay, token, clock, sqlitePath });
  });

  afterAll(async () => {
    await instance?.stop();
    await relay?.stop();
    await emulator?.stop();
    folder.remove();
  });

  it('an empty diary says how to start one', async () => {
    const who = person(emulator, token, 801);
    const [reply] = await who.send('/diary');
    expect(reply?.text).toMatch(/Your diary is empty\. When you get a cramp, send \/cramp/);
    expect(buttonsOf(reply)).toEqual(['d:c']);
  });

  it('puts a "Log a cramp" button under the night-cramp answer, and it logs one', async () => {
    const who = person(emulator, token, 802);
    const replies = await who.send('why do my calves cramp at night', 2, (messages) =>
      messages.some((m) => /not a doctor/.test(m.text)),
    );
    const answer = replies.find((m) => buttonsOf(m).includes('d:c'));
    expect(answer?.text).toMatch(/^Night cramps are very common/);
    const [logged] = await who.tap('d:c');
    expect(logged?.text).toBe('Cramp logged (today, 20:00). Which leg was it?');
  });

  it('logs cramps on several days, then /diary, /summary, /mydata and /forget', async () => {
    const who = person(emulator, token, 803);

    // Day 1, 23:10 local: the first cramp; the diary asks the summary questions and then the time.
    clock.set('2026-11-02T22:10:00Z');
    const first = await logCramp(who, 'l', 's');
    expect(first.replies.map((m) => m.text)).toContain(
      'Saved: left leg, under a minute, 22:10 today. /diary shows your last 4 weeks.',
    );
    const question = first.replies.find((m) => m.text === 'Is either calf swollen, red or warm?');
    expect(buttonsOf(question)).toEqual(['d:a:swelling:yes', 'd:a:swelling:no', 'd:x']);
    const [next] = await who.tap('d:a:swelling:no');
    expect(next?.text).toBe('Any numbness, weakness or twitching in your legs?');
    await who.tap('d:a:weakness:no');
    await who.tap('d:a:walking:no');
    const [medicines] = await who.tap('d:a:pregnant:na');
    expect(medicines?.text).toBe('Do you take any of these? Tap all that apply, then Done.');
    await who.press('d:a:medicines:statin');
    // A statin with cramps is a same-day check (medical-facts 4.2 row 3), never "stop taking it".
    const statin = await who.tap('d:k:medicines', 2);
    expect(statin[0]?.text).toMatch(
      /^⚠️ New or unexplained muscle pain.*checked by a doctor today.*don't stop or change it/s,
    );
    expect(statin[1]?.text).toBe('What have you tried? Tap all that apply, then Done.');
    await who.press('d:a:tried:stretch');
    const done = await who.tap('d:k:tried');
    expect(done[0]?.text).toBe("Thanks, that's in your /summary now.");

    // The time zone: typed, at 22:15 UTC the person says it is 23:15.
    const [ask] = await who.send('/remind');
    expect(ask?.text).toMatch(/calf stretch guide every evening/);
    await who.press('d:r:2230');
    const [tzQuestion] = await who.next();
    expect(tzQuestion?.text).toMatch(/^What time is it where you are now\?/);
    expect(buttonsOf(tzQuestion)).toHaveLength(24);
    clock.set('2026-11-02T22:15:00Z');
    const set = await who.send('23:15', 2);
    expect(set[0]?.text).toBe("Thanks, your time is 23:15 now. I'll use that for your diary and reminders.");
    expect(set[1]?.text).toMatch(/^Done: every day at 22:30 \(your time\)/);
    await who.send('/remind off');

    // Day 2 (night of 3 Nov): two cramps, at 02:30 local the next morning and one logged as "last night".
    clock.set('2026-11-04T01:30:00Z');
    await logCramp(who, 'l', 'm');
    clock.set('2026-11-04T09:00:00Z');
    const lastNight = await logCramp(who, 'r', 's', { lastNight: true });
    expect(lastNight.replies.map((m) => m.text)).toContain(
      'Saved: right leg, under a minute, last night. /diary shows your last 4 weeks.',
    );
    // Day 6: an afternoon cramp, and one that lasted over 10 minutes: same-day advice.
    clock.set('2026-11-08T14:00:00Z');
    await logCramp(who, 'b', 's');
    clock.set('2026-11-08T22:40:00Z');
    const long = await logCramp(who, 'l', 'l');
    const advice = long.replies.find((m) => m.text.startsWith('⚠️'));
    expect(advice?.text).toMatch(/more than 10 minutes.*today, not next week.*call 112 now/s);

    // /diary: a photo with the counts in words.
    clock.set('2026-11-09T10:00:00Z');
    const [photo] = await who.send('/diary');
    expect(photo?.text).toMatch(/^\[photo cramp-diary\.png\]/);
    const upload = relay.uploads.at(-1);
    expect(upload?.method).toBe('sendPhoto');
    expect(upload?.chatId).toBe(803);
    expect(upload?.caption).toBe(
      '5 cramps in 4 weeks, 3 of them in the left leg, most at night. Stretches done: 0.',
    );
    const png = upload?.bytes as Buffer;
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(pngSize(png)).toEqual({ width: 800, height: 400 });
    expect(png.length).toBeGreaterThan(5_000);
    expect(png.length).toBeLessThan(300_000);

    // /summary: numbers and dates, then the chart.
    const summary = await who.send('/summary', 2);
    const text = summary[0]?.text ?? '';
    expect(text).toMatch(/^Leg cramp diary: nights of 12 Oct 2026 to 8 Nov 2026 \(4 weeks\)/);
    expect(text).toContain(
      'Made on 9 Nov 2026 by crampbot, an information bot, from what the person entered with its buttons.',
    );
    expect(text).toContain('Cramps: 5 on 3 nights out of 28');
    expect(text).toContain('  Nights 2 Nov – 8 Nov: 5 cramps on 3 nights');
    expect(text).toContain('  Nights 12 Oct – 18 Oct: 0 cramps on 0 nights');
    expect(text).toContain('Leg: left 3, right 1, both 1, not given 0');
    expect(text).toContain('How long: under 1 minute 3, 1–10 minutes 1, over 10 minutes 1, not given 0');
    expect(text).toContain('Time of day: 4 at night (21:00–07:00), 1 in the daytime');
    expect(text).toContain('  Medicines taken (from a list): a statin (answered 2 Nov)');
    expect(text).toContain('  Tried: calf stretching (answered 2 Nov)');
    expect(text).toContain('  Swollen, red or warm calf: no (answered 2 Nov)');
    expect(text).toMatch(/Show this to your doctor\. It is not a diagnosis\.$/);
    expect(summary[1]?.text).toMatch(/^\[photo cramp-diary\.png\] 5 cramps in 4 weeks/);

    // /mydata: a JSON file with everything stored, and no message text in it.
    const [file] = await who.send('/mydata');
    expect(file?.text).toMatch(/^\[file crampbot-my-data\.json\]/);
    const data = JSON.parse(String(relay.uploads.at(-1)?.bytes));
    expect(data.diary.cramps).toHaveLength(5);
    expect(data.diary.offsetMinutes).toBe(60);
    expect(data.diary.answers.medicines.choices).toEqual(['statin']);
    expect(data.conversation).toMatchObject({ welcomed: expect.any(Boolean) });
    expect(JSON.stringify(data)).not.toMatch(/23:15|why do my calves/);

    // /forget: nothing left in SQLite, neither diary nor session.
    const db = new Database(sqlitePath, { readonly: true });
    const rows = (table: string) =>
      (
        db
          .prepare(`SELECT count(*) AS n FROM ${table} WHERE ${table === 'diaries' ? 'user' : 'key'} = ?`)
          .get('telegram:803') as { n: number }
      ).n;
    expect(rows('diaries')).toBe(1);
    const [forgot] = await who.send('/forget');
    expect(forgot?.text).toMatch(/deleted/);
    expect(rows('diaries')).toBe(0);
    expect(rows('sessions')).toBe(0);
    const everything = db.prepare('SELECT doc FROM diaries').all() as { doc: string }[];
    expect(everything.some((row) => row.doc.includes('803'))).toBe(false);
    db.close();
    const [empty] = await who.send('/diary');
    expect(empty?.text).toMatch(/^Your diary is empty/);
  });

  it('a forged or stale diary button is refused politely', async () => {
    const who = person(emulator, token, 804);
    const [gone] = await who.tap('d:l:abcdefgh:l');
    expect(gone?.text).toMatch(/no longer in your diary/);
    const [expired] = await who.tap('d:l:NOT-VALID');
    expect(expired?.text).toMatch(/no longer works/);
  });
});
