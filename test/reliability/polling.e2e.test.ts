import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../kit/emulator.js';
import { KB_MINI_ROOT } from '../kit/engine.js';
import { startMain } from '../kit/main-process.js';
import { type PollingApi, startPollingApi } from '../kit/polling-api.js';

/**
 * `src/main.ts` in long-polling mode against a Bot API the test controls: an unreachable Bot API at
 * start-up, getUpdates answering 409 (another poller) or 401 (token revoked), and SIGTERM while an
 * update is being answered.
 */
const token = '777777:polling-faults-token-for-tests';
const folder = mkdtempSync(join(tmpdir(), 'crampbot-polling-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let api: PollingApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const start = (apiRoot: string, env: Record<string, string> = {}) =>
  startMain(
    {
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: apiRoot,
      BOT_MODE: 'polling',
      WEB_CHAT: 'false',
      SESSION_DB_PATH: join(folder, `${Math.random().toString(36).slice(2)}.sqlite`),
      REDIS_URL: '',
      LOG_LEVEL: 'info',
      ...env,
    },
    KB_MINI_ROOT,
  );

describe('an unreachable Bot API at start-up', () => {
  it('logs each attempt with what to check, then exits 1', async () => {
    const closedPort = await freePort();
    const main = start(`http://127.0.0.1:${closedPort}`, {
      TELEGRAM_STARTUP_ATTEMPTS: '3',
      TELEGRAM_STARTUP_TIMEOUT_MS: '1000',
    });
    expect(await main.exited()).toBe(1);
    const { stderr } = main.output();
    const attempts = stderr
      .split('\n')
      .filter((line) => line.includes('"msg":"Telegram Bot API unreachable'));
    expect(attempts).toHaveLength(3);
    expect(attempts[0]).toMatch(/"attempt":1/);
    expect(attempts[0]).toMatch(/ECONNREFUSED/);
    expect(stderr).toMatch(
      /Could not reach the Telegram Bot API at http:\/\/127\.0\.0\.1:\d+ after 3 attempts/,
    );
    expect(stderr).toMatch(/TELEGRAM_API_ROOT/);
  }, 30_000);

  it('a Bot API that accepts but never answers is given a time limit per attempt, and polling starts once it answers', async () => {
    api = await startPollingApi();
    api.failNext('getMe', { hang: true }, { hang: true });
    const main = start(api.apiRoot, { TELEGRAM_STARTUP_ATTEMPTS: '4', TELEGRAM_STARTUP_TIMEOUT_MS: '500' });
    try {
      await main.waitForOutput(/is running \(long polling\)/, 20_000);
      expect(main.output().stderr.match(/timed out after 500 ms/g)).toHaveLength(2);
      api.say(301, 'why do my calves cramp at night');
      await expect.poll(() => api?.deliveredTexts().join('\n'), { timeout: 10_000 }).toMatch(/^Night cramps/);
    } finally {
      expect(await main.stop('SIGTERM')).toBe(0);
    }
  }, 30_000);
});

describe('getUpdates failing while polling', () => {
  it('409 Conflict (another poller with this token): logged, retried, and polling goes on', async () => {
    api = await startPollingApi();
    api.failNext('getUpdates', {
      status: 409,
      description:
        'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    });
    const main = start(api.apiRoot);
    try {
      await main.waitForOutput(/is running \(long polling\)/);
      await main.waitForOutput(/another instance is polling/, 10_000, 'stderr');
      api.say(302, 'why do my calves cramp at night');
      await expect.poll(() => api?.deliveredTexts().join('\n'), { timeout: 15_000 }).toMatch(/^Night cramps/);
    } finally {
      expect(await main.stop('SIGTERM')).toBe(0);
    }
  }, 30_000);

  it('401 Unauthorized (token revoked): exits non-zero, even with the web chat off', async () => {
    api = await startPollingApi();
    api.failNext('getUpdates', { status: 401, description: 'Unauthorized' });
    const main = start(api.apiRoot);
    expect(await main.exited()).toBe(1);
    expect(main.output().stderr).toMatch(/TELEGRAM_BOT_TOKEN/);
  }, 30_000);
});

describe('SIGTERM while an update is being answered', () => {
  it('waits for the answer to go out, then exits 0', async () => {
    api = await startPollingApi();
    const main = start(api.apiRoot);
    await main.waitForOutput(/is running \(long polling\)/);
    // The first question gets two messages (the answer, then the "not a doctor" note); each is slow.
    api.holdSendMessage(700);
    api.say(303, 'why do my calves cramp at night');
    await expect.poll(() => api?.callsOf('sendMessage').length, { timeout: 10_000 }).toBe(1);
    expect(await main.stop('SIGTERM')).toBe(0);
    const delivered = api.deliveredTexts();
    expect(delivered[0]).toMatch(/^Night cramps/);
    expect(delivered.join('\n')).toMatch(/not a doctor/);
  }, 30_000);
});
