import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startEmulator } from '../kit/emulator.js';
import { KB_MINI_ROOT } from '../kit/engine.js';
import { startMain } from '../kit/main-process.js';
import { EMULATOR_BOT_ID, forgetHandledUpdates } from '../kit/redis.js';
import { findOrStartRedis } from '../kit/redis-server.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const redis = await findOrStartRedis('The Redis run of src/main.ts');
const redisUrl = redis?.url;
afterAll(() => redis?.close());

/** `npm start` itself, against the emulator: start-up, a conversation, SIGTERM, restart with the same sessions. */
describe('src/main.ts against telegram-test-api', () => {
  let emulator: Emulator;
  let folder: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    folder = mkdtempSync(join(tmpdir(), 'crampbot-main-'));
  });

  afterAll(async () => {
    await emulator?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  const baseEnv = (token: string) => ({
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    WEB_CHAT: 'false',
    SESSION_DB_PATH: join(folder, `${token.split(':')[0]}.sqlite`),
    REDIS_URL: '',
    LOG_LEVEL: 'info',
  });

  it('polling: answers, shuts down cleanly on SIGTERM, and remembers the country after a restart', async () => {
    const token = '111111:polling-token-for-the-emulator';
    const user = emulator.user(token, 701);

    const first = startMain({ ...baseEnv(token), BOT_MODE: 'polling' }, KB_MINI_ROOT);
    await first.waitForOutput(/is running \(long polling\)/);
    await user.command('/country');
    await user.waitFor(0, (messages) => messages.length >= 1);
    await user.press('c:GB');
    const [chosen] = await user.waitFor(1, (messages) => messages.length >= 1);
    expect(chosen?.text).toMatch(/999/);
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.output().stderr).toMatch(/"msg":"shutting down"/);
    // Logs are structured and carry no message text.
    expect(first.output().stderr).toMatch(/"outcome":"answered"/);

    const second = startMain({ ...baseEnv(token), BOT_MODE: 'polling' }, KB_MINI_ROOT);
    await second.waitForOutput(/is running/);
    await user.command('/emergency');
    const [emergency] = await user.waitFor(2, (messages) => messages.length >= 1);
    expect(emergency?.text.startsWith('🚨')).toBe(true);
    expect(emergency?.text).toMatch(/999/);
    expect(await second.stop('SIGINT')).toBe(0);
  });

  it.skipIf(!redisUrl)(
    'polling with Redis: sessions survive a restart, Redis clients close on SIGTERM',
    async () => {
      const token = '333333:redis-token-for-the-emulator';
      const user = emulator.user(token, 901);
      const env = { ...baseEnv(token), BOT_MODE: 'polling', REDIS_URL: redisUrl as string };
      await forgetHandledUpdates(redisUrl as string, EMULATOR_BOT_ID);

      const first = startMain(env, KB_MINI_ROOT);
      await first.waitForOutput(/is running/);
      await user.press('c:AU');
      const [chosen] = await user.waitFor(0, (messages) => messages.length >= 1);
      expect(chosen?.text).toMatch(/000/);
      expect(await first.stop('SIGTERM')).toBe(0);

      const second = startMain(env, KB_MINI_ROOT);
      await second.waitForOutput(/is running/);
      await user.command('/emergency');
      const [emergency] = await user.waitFor(1, (messages) => messages.length >= 1);
      expect(emergency?.text).toMatch(/000/);
      await user.command('/forget');
      await user.waitFor(2, (messages) => messages.length >= 1);
      expect(await second.stop('SIGTERM')).toBe(0);
    },
  );

  it('webhook: takes updates on /telegram/webhook with the secret, shuts down cleanly', async () => {
    const token = '222222:webhook-token-for-the-emulator';
    const secret = 'main-e2e-webhook-secret-0123';
    const port = await freePort();
    // The emulator posts updates without Telegram's secret header; this relay adds it, as Telegram would.
    const relay: Server = createServer((req, res) => {
      const forward = request(
        {
          host: '127.0.0.1',
          port,
          path: '/telegram/webhook',
          method: 'POST',
          headers: { ...req.headers, 'x-telegram-bot-api-secret-token': secret },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502);
          answer.pipe(res);
        },
      );
      forward.on('error', () => res.writeHead(502).end());
      req.pipe(forward);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}/relay`;

    const main = startMain(
      {
        ...baseEnv(token),
        BOT_MODE: 'webhook',
        WEBHOOK_URL: relayUrl,
        WEBHOOK_SECRET: secret,
        HOST: '127.0.0.1',
        PORT: String(port),
      },
      KB_MINI_ROOT,
    );
    try {
      await main.waitForOutput(/taking webhooks/);
      // Without the secret, main's server refuses.
      const refused = await fetch(`http://127.0.0.1:${port}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"update_id": 1}',
      });
      expect(refused.status).toBe(401);

      const user = emulator.user(token, 801);
      await user.say('why do my calves cramp at night');
      const [answer] = await user.waitFor(0, (messages) => messages.length >= 1);
      expect(answer?.text).toMatch(/^Night cramps/);
    } finally {
      expect(await main.stop('SIGTERM')).toBe(0);
      await new Promise<void>((resolve) => relay.close(() => resolve()));
    }
  });

  it('without a token: explains how to get one from @BotFather', async () => {
    const main = startMain({ WEB_CHAT: 'false', SESSION_DB_PATH: join(folder, 'none.sqlite') }, KB_MINI_ROOT);
    expect(await main.exited()).toBe(0);
    expect(main.output().stdout).toMatch(/@BotFather/);
  });

  it('without a token, with the web chat: serves it on the one HTTP server and stops on SIGTERM', async () => {
    const port = await freePort();
    const main = startMain(
      {
        WEB_CHAT: 'true',
        HOST: '127.0.0.1',
        PORT: String(port),
        SESSION_DB_PATH: join(folder, 'web.sqlite'),
      },
      KB_MINI_ROOT,
    );
    try {
      await main.waitForOutput(new RegExp(`Web chat: http://127.0.0.1:${port}`));
      expect(main.output().stdout).toMatch(/@BotFather/);
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
      // No webhook route without a token in webhook mode.
      expect((await fetch(`http://127.0.0.1:${port}/telegram/webhook`, { method: 'POST' })).status).toBe(404);
    } finally {
      expect(await main.stop('SIGTERM')).toBe(0);
    }
  });

  it('a bad setting stops start-up with a message naming the variable (exit 1)', async () => {
    const main = startMain({ BOT_MODE: 'carrier-pigeon' }, KB_MINI_ROOT);
    expect(await main.exited()).toBe(1);
    expect(main.output().stderr).toMatch(/BOT_MODE/);
  });
});
