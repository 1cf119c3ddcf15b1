import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationState } from '../../src/engine/index.js';
import { buttonsOf, type EmulatedBotMessage, startEmulator } from '../kit/emulator.js';
import { KB_MINI_ROOT } from '../kit/engine.js';
import { startMain } from '../kit/main-process.js';

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
  // "Yes, one calf is swollen": urgent advice with the number of the country chosen before the restarts.
  { press: 'f:dvt', answer: /^⚠️[\s\S]*999/, lastIntent: 'night_cramps' },
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

    let main = await start();
    // Set the scene: a country, a question, and a follow-up left pending ("Any swelling…?").
    await user.press('c:GB');
    expect((await nextReply()).text).toMatch(/999/);
    await user.say('why do my calves cramp at night');
    await user.waitFor(user.received.length, (messages) => messages.some((m) => /not a doctor/.test(m.text)));
    await user.press('q:night_cramps.swelling');
    let last = await nextReply();
    expect(buttonsOf(last)).toEqual(['f:dvt', 'i:first_aid']);
    let expected: ConversationState = { country: 'GB', lastIntent: 'night_cramps', welcomed: true };
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
      const reply = await nextReply();
      expect(reply.text, `cycle ${cycle}, ${step.press}`).toMatch(step.answer);
      if (step.buttons) expect(buttonsOf(reply)).toEqual(step.buttons);
      if (buttonsOf(reply).length > 0) last = reply;
      // Written before the reply was sent: as soon as the person sees it, the state is on disk.
      expected = { ...expected, lastIntent: step.lastIntent };
      expect(storedState(), `state after ${step.press}`).toEqual(expected);
    }
    expect(await main.stop('SIGKILL')).toBeNull();

    const db = new Database(sqlitePath);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  }, 180_000);
});
