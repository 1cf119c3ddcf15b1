import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationState } from '../../src/engine/index.js';
import { buttonsOf, type EmulatedBotMessage, startEmulator } from '../kit/emulator.js';
import { KB_MINI_ROOT } from '../kit/engine.js';
import { startMain } from '../kit/main-process.js';
import { startPollingApi } from '../kit/polling-api.js';

/**
 * Nothing lost on restart: `src/main.ts` (long polling, SQLite sessions) against telegram-test-api, killed
 * and started again 20 times, alternately with SIGTERM (graceful) and SIGKILL (no chance to flush). After
 * each start the stored state is exactly what the last answer left, and pressing a button of the last
 * answer continues the conversation. At the end the SQLite file passes `PRAGMA integrity_check` and is
 * still in WAL mode.
 */
const CYCLES = 20;
const USER = 1201;
const token = '444444:kill-restart-token-for-the-emulator';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/** One press that continues the conversation, what it must answer, and the state it leaves. */
interface Step {
  press: string;
  answer: RegExp;
  buttons?: string[];
  lastIntent: string;
}
/** A loop through the fixture knowledge base, each press a button of the answer before it. */
const STEPS: Step[] = [
  // "Yes, one calf is swollen": urgent advice with the number of the country chosen before the restarts,
  // and a way on (back to the topic, all topics).
  { press: 'f:dvt', answer: /^⚠️[\s\S]*999/, buttons: ['i:night_cramps', 'm'], lastIntent: 'night_cramps' },
  { press: 'i:night_cramps', answer: /^Night cramps are very common/, lastIntent: 'night_cramps' },
  {
    press: 'q:night_cramps.swelling',
    answer: /^Any swelling or redness in one calf\?$/,
    buttons: ['f:dvt', 'i:first_aid'],
    lastIntent: 'night_cramps',
  },
  {
    press: 'i:first_aid',
    answer: /^Stretch the muscle/,
    // The diary's "Log a cramp" (d:c) sits under the first-aid answer.
    buttons: ['q:first_aid.more', 'd:c'],
    lastIntent: 'first_aid',
  },
  {
    press: 'q:first_aid.more',
    answer: /^Want to read about night cramps\?$/,
    buttons: ['i:night_cramps', 'i:first_aid'],
    lastIntent: 'first_aid',
  },
  { press: 'i:night_cramps', answer: /^Night cramps are very common/, lastIntent: 'night_cramps' },
  {
    press: 'q:night_cramps.swelling',
    answer: /^Any swelling or redness in one calf\?$/,
    buttons: ['f:dvt', 'i:first_aid'],
    lastIntent: 'night_cramps',
  },
];

describe('kill and restart, 20 times', () => {
  let emulator: Emulator;
  let folder: string;
  let sqlitePath: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    folder = mkdtempSync(join(tmpdir(), 'crampbot-kill-'));
    sqlitePath = join(folder, 'sessions.sqlite');
  });

  afterAll(async () => {
    await emulator?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  const start = async () => {
    const main = startMain(
      {
        TELEGRAM_BOT_TOKEN: token,
        TELEGRAM_API_ROOT: emulator.apiRoot,
        BOT_MODE: 'polling',
        WEB_CHAT: 'false',
        SESSION_DB_PATH: sqlitePath,
        REDIS_URL: '',
        LOG_LEVEL: 'warn',
      },
      KB_MINI_ROOT,
    );
    await main.waitForOutput(/is running \(long polling\)/);
    return main;
  };

  /** The stored state, read from the file by a second connection while the bot runs (WAL allows it). */
  const storedState = (): ConversationState | undefined => {
    const db = new Database(sqlitePath, { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare('SELECT value FROM sessions WHERE key = ?').get(`telegram:${USER}`) as
        | { value: string }
        | undefined;
      return row ? (JSON.parse(row.value) as { engine: ConversationState }).engine : undefined;
    } finally {
      db.close();
    }
  };

  it('keeps the conversation through SIGTERM and SIGKILL alike; the file stays whole and in WAL mode', async () => {
    const user = emulator.user(token, USER);
    const nextReply = async (): Promise<EmulatedBotMessage> => {
      const seen = user.received.length;
      const [reply] = await user.waitFor(seen, (messages) => messages.length >= 1);
      return reply as EmulatedBotMessage;
    };
    /**
     * Polling is at least once: a SIGKILL after a reply went out and before the update was marked done
     * has the restarted bot send that reply again, first. At most once per kill, and only that reply.
     */
    let previousText = '';
    let repeatedAfterKill = 0;
    const replyAfterRestart = async (killed: boolean): Promise<EmulatedBotMessage> => {
      const reply = await nextReply();
      if (!killed || reply.text !== previousText) return reply;
      repeatedAfterKill += 1;
      return nextReply();
    };

    let main = await start();
    // Set the scene: a country, a question, and a follow-up left pending ("Any swelling…?").
    await user.press('c:GB');
    expect((await nextReply()).text).toMatch(/999/);
    await user.say('why do my calves cramp at night');
    await user.waitFor(user.received.length, (messages) => messages.some((m) => /not a doctor/.test(m.text)));
    await user.press('q:night_cramps.swelling');
    let last = await nextReply();
    previousText = last.text;
    expect(buttonsOf(last)).toEqual(['f:dvt', 'i:first_aid']);
    // The follow-up question just opened is remembered (ids only), so a typed answer to it is understood.
    let expected: ConversationState = {
      country: 'GB',
      lastIntent: 'night_cramps',
      welcomed: true,
      pending: { owner: 'night_cramps', followup: 'swelling' },
    };
    expect(storedState()).toEqual(expected);

    for (let cycle = 0; cycle < CYCLES; cycle += 1) {
      const signal = cycle % 2 === 0 ? 'SIGTERM' : 'SIGKILL';
      // SIGTERM: a clean exit 0. SIGKILL: no exit code, the signal ended it.
      expect(await main.stop(signal), `${signal} in cycle ${cycle}`).toBe(signal === 'SIGTERM' ? 0 : null);
      main = await start();
      expect(storedState(), `state after ${signal}, cycle ${cycle}`).toEqual(expected);

      const step = STEPS[cycle % STEPS.length] as Step;
      // The press continues the conversation: its button is one of the last answer's buttons.
      expect(buttonsOf(last)).toContain(step.press);
      await user.press(step.press);
      const reply = await replyAfterRestart(signal === 'SIGKILL');
      previousText = reply.text;
      expect(reply.text, `cycle ${cycle}, ${step.press}`).toMatch(step.answer);
      if (step.buttons) expect(buttonsOf(reply)).toEqual(step.buttons);
      if (buttonsOf(reply).length > 0) last = reply;
      // Written before the reply was sent: as soon as the person sees it, the state is on disk.
      const opened = /^q:([a-z0-9_]+)\.([a-z0-9_]+)$/.exec(step.press);
      const { pending: _previous, ...rest } = expected;
      expected = {
        ...rest,
        lastIntent: step.lastIntent,
        ...(opened ? { pending: { owner: opened[1] as string, followup: opened[2] as string } } : {}),
      };
      expect(storedState(), `state after ${step.press}`).toEqual(expected);
    }
    expect(await main.stop('SIGKILL')).toBeNull();
    expect(repeatedAfterKill).toBeLessThanOrEqual(CYCLES / 2);

    const db = new Database(sqlitePath);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  }, 180_000);
});

/**
 * A kill in the middle of an update: the state is stored, the reply is on its way and never arrives.
 * Long polling has already confirmed the update to Telegram (the next getUpdates did), so Telegram will
 * not send it again; the bot kept it in its ledger and handles it again at the next start, answering
 * from what the first attempt answered from (a first question still gets its "not a doctor" note).
 */
describe('killed in the middle of an update (long polling)', () => {
  it('the update is answered after the restart, as it would have been the first time', async () => {
    const api = await startPollingApi();
    const folder = mkdtempSync(join(tmpdir(), 'crampbot-mid-'));
    const sqlitePath = join(folder, 'sessions.sqlite');
    const start = async () => {
      const main = startMain(
        {
          TELEGRAM_BOT_TOKEN: '454545:mid-update-kill-token',
          TELEGRAM_API_ROOT: api.apiRoot,
          BOT_MODE: 'polling',
          WEB_CHAT: 'false',
          SESSION_DB_PATH: sqlitePath,
          REDIS_URL: '',
          LOG_LEVEL: 'warn',
        },
        KB_MINI_ROOT,
      );
      await main.waitForOutput(/is running \(long polling\)/);
      return main;
    };
    try {
      let main = await start();
      api.holdSendMessage(60_000);
      api.say(1301, 'why do my calves cramp at night');
      await expect.poll(() => api.callsOf('sendMessage').length, { timeout: 10_000 }).toBe(1);
      // Confirmed to Telegram: a later getUpdates asked for the updates after it.
      await expect
        .poll(() => api.callsOf('getUpdates').some((call) => Number(call.payload.offset) > 1), {
          timeout: 10_000,
        })
        .toBe(true);
      expect(await main.stop('SIGKILL')).toBeNull();
      expect(api.deliveredTexts()).toEqual([]);

      api.holdSendMessage(0);
      main = await start();
      await expect.poll(() => api.deliveredTexts().length, { timeout: 10_000 }).toBe(2);
      const [answer, note] = api.deliveredTexts();
      expect(answer).toMatch(/^Night cramps/);
      expect(note).toMatch(/not a doctor/);
      expect(main.output().stderr).toMatch(/handling again the updates a crash cut off/);
      // Handled once: a third start has nothing left to replay.
      expect(await main.stop('SIGTERM')).toBe(0);
      main = await start();
      expect(await main.stop('SIGTERM')).toBe(0);
      expect(api.deliveredTexts()).toHaveLength(2);
    } finally {
      await api.close();
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);
});
