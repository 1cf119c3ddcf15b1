import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotApiRelay } from '../kit/bot-api-relay.js';
import { startEmulator } from '../kit/emulator.js';
import {
  type Emulator,
  fakeClock,
  type Instance,
  type Person,
  person,
  type Relay,
  startInstance,
  tempDir,
} from './helpers.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (real time) until `check` holds; the scheduler polls every 30 ms in these tests. */
const eventually = async (check: () => boolean | Promise<boolean>, what: string, ms = 8000) => {
  const giveUp = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > giveUp) throw new Error(`timed out waiting for ${what}`);
    await pause(30);
  }
};

const reminderTexts = (who: Person) => who.received.filter((m) => m.text.startsWith('Bedtime calf stretch'));

/**
 * Bedtime reminders without Redis: the in-process scheduler over the SQLite diary, driven by a clock the
 * test moves. Two people in different time zones get theirs at 22:30 their time; the reminders survive a
 * restart of the bot; a person who blocked the bot is unsubscribed.
 */
describe('bedtime reminders (SQLite, in-process scheduler, fake clock)', () => {
  let emulator: Emulator;
  let relay: Relay;
  let instance: Instance;
  const folder = tempDir();
  const sqlitePath = join(folder.dir, 'sessions.sqlite');
  const token = 'reminder-e2e-token';
  // 12:00 UTC on Tuesday 10 November 2026.
  const clock = fakeClock('2026-11-10T12:00:00Z');
  let berlin: Person; // UTC+1, chooses the time with a button
  let newYork: Person; // UTC-5, types the time

  const start = async () => {
    instance = await startInstance({ emulator, relay, token, clock, sqlitePath });
  };

  beforeAll(async () => {
    emulator = await startEmulator();
    relay = await startBotApiRelay(emulator);
    await start();
    berlin = person(emulator, token, 901);
    newYork = person(emulator, token, 902);
  });

  afterAll(async () => {
    await instance?.stop();
    await relay?.stop();
    await emulator?.stop();
    folder.remove();
  });

  it('asks the time once, then sets 22:30 local for people in different offsets', async () => {
    const [ask] = await berlin.send('/remind 22:30');
    expect(ask?.text).toMatch(/^What time is it where you are now\?/);
    // At 12:00 UTC a person in UTC+1 sees 13:00 among the buttons.
    const set = await berlin.tap('d:z:60', 2);
    expect(set[0]?.text).toBe("Thanks, your time is 13:00 now. I'll use that for your diary and reminders.");
    expect(set[1]?.text).toMatch(/^Done: every day at 22:30 \(your time\)/);

    await newYork.send('/remind 10:30 pm');
    const typed = await newYork.send('7:00 am', 2);
    expect(typed[0]?.text).toBe(
      "Thanks, your time is 07:00 now. I'll use that for your diary and reminders.",
    );
    expect(typed[1]?.text).toMatch(/^Done: every day at 22:30 \(your time\)/);
    const [current] = await newYork.send('/remind');
    expect(current?.text).toMatch(/^Your bedtime stretch reminder is set for 22:30 every day/);
  });

  it("fires at 22:30 in each person's own time, once", async () => {
    clock.set('2026-11-10T21:29:00Z'); // 22:29 in Berlin
    await pause(300);
    expect(instance.sent).toEqual([]);
    clock.set('2026-11-10T21:30:00Z'); // 22:30 in Berlin, 16:30 in New York
    await eventually(() => instance.sent.length === 1, 'the Berlin reminder');
    expect(instance.sent).toEqual([901]);
    const [reminder] = await berlin.next();
    expect(reminder?.text).toMatch(/^Bedtime calf stretch:\n1\. Stand facing a wall/);
    expect(reminder?.reply_markup?.inline_keyboard?.flat().map((b) => b.callback_data)).toEqual([
      'd:s',
      'd:r:off',
    ]);

    clock.set('2026-11-11T03:29:00Z');
    await pause(300);
    expect(instance.sent).toEqual([901]);
    clock.set('2026-11-11T03:30:00Z'); // 22:30 in New York
    await eventually(() => instance.sent.length === 2, 'the New York reminder');
    expect(instance.sent).toEqual([901, 902]);
    const [theirs] = await newYork.next();
    expect(theirs?.text).toMatch(/^Bedtime calf stretch/);
    await pause(300);
    expect(instance.sent).toEqual([901, 902]);
  });

  it('"Done" under the reminder logs the stretch in the diary', async () => {
    const [logged] = await berlin.tap('d:s');
    expect(logged?.text).toMatch(/noted tonight's stretch/);
    const diary = await instance.diary.store.read('telegram:901');
    expect(diary?.stretches).toEqual([Date.parse('2026-11-11T03:30:00Z')]);
  });

  it('survives the bot being stopped and started again', async () => {
    await instance.stop();
    // While the bot is down, Berlin's next 22:30 comes and goes by more than an hour: skipped, not sent at 3 am.
    clock.set('2026-11-11T23:00:00Z');
    await start();
    await pause(300);
    expect(instance.sent).toEqual([]);
    // The following evening it is on time again.
    clock.set('2026-11-12T21:30:00Z');
    await eventually(() => instance.sent.includes(901), 'the reminder after a restart');
    expect(instance.sent).toEqual([901]);
    const [after] = await berlin.next();
    expect(after?.text).toMatch(/^Bedtime calf stretch/);
  });

  it('stops for a person who blocked the bot (403)', async () => {
    relay.blocked.add(902);
    clock.set('2026-11-13T03:30:00Z'); // New York's 22:30
    await eventually(
      async () => (await instance.diary.store.read('telegram:902'))?.reminder === null,
      'the blocked reminder to be removed',
    );
    relay.blocked.delete(902);
    clock.set('2026-11-14T03:30:00Z');
    await pause(300);
    expect(instance.sent).toEqual([901]);
    await newYork.waitFor(newYork.received.length, () => true);
    expect(reminderTexts(newYork)).toHaveLength(1);
  });

  it('/remind off stops it', async () => {
    const [off] = await berlin.send('/remind off');
    expect(off?.text).toBe("I've stopped the bedtime reminder.");
    clock.set('2026-11-13T21:30:00Z');
    await pause(300);
    expect(instance.sent).toEqual([901]);
  });
});
