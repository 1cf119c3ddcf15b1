import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createSessionStore, memoryLedger, type UpdateLedger } from '../../src/sessions/index.js';
import { redisLedger } from '../../src/sessions/redis.js';
import { withFallbackLedger } from '../../src/sessions/update-ledger.js';
import { createWebhookHandler, WEBHOOK_PATH } from '../../src/telegram/index.js';
import { captureLogs } from '../kit/logger.js';
import { findOrStartRedis } from '../kit/redis-server.js';
import { createTestBot, type TestBot } from '../kit/test-bot.js';
import { createUpdates } from '../kit/updates.js';

/**
 * The same update delivered more than once (Telegram retrying a slow webhook, a load balancer sending
 * it to two instances, a poller restarting before it confirmed the offset) is answered once. Two real
 * processes sharing Redis are in two-instances.e2e.test.ts; here the ledgers and the bot in-process.
 */
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
const tempFile = () => {
  const folder = mkdtempSync(join(tmpdir(), 'crampbot-ledger-'));
  folders.push(folder);
  return join(folder, 'sessions.sqlite');
};

const redis = await findOrStartRedis('The Redis update-ledger test');
const redisUrl = redis?.url;
afterAll(() => redis?.close());

/** The contract every ledger keeps, run against each implementation. */
const checkLedger = async (ledger: UpdateLedger, prefix: string) => {
  const key = `${prefix}:${Math.random().toString(36).slice(2)}`;
  expect(await ledger.claim(key)).toBe('claimed');
  expect(await ledger.claim(key)).toBe('in_progress');
  await ledger.finish(key);
  expect(await ledger.claim(key)).toBe('done');
  expect(await ledger.claim(`${key}:other`)).toBe('claimed');
  await ledger.release(`${key}:other`);
  // Released (the handler broke off before answering): a redelivery is handled again.
  expect(await ledger.claim(`${key}:other`)).toBe('claimed');
  // (Polling) the update itself is kept until it is finished.
  const turn = `${key}:turn`;
  expect(await ledger.claim(turn)).toBe('claimed');
  await ledger.keep(turn, '{"update_id":1}');
  expect(await ledger.unfinished(prefix)).toContainEqual({ key: turn, update: '{"update_id":1}' });
  await ledger.finish(turn);
  expect(await ledger.unfinished(prefix)).not.toContainEqual({ key: turn, update: '{"update_id":1}' });
};

describe('update ledgers', () => {
  it('in memory', async () => {
    await checkLedger(memoryLedger(), 'memory');
  });

  it('in SQLite; claims of a process that died are dropped when the file is opened again', async () => {
    const sqlitePath = tempFile();
    const store = await createSessionStore({ sqlitePath });
    await checkLedger(store.updates, 'sqlite');
    expect(await store.updates.claim('crashed-mid-update')).toBe('claimed');
    await store.updates.claim('answered');
    await store.updates.finish('answered');
    await store.close();

    const reopened = await createSessionStore({ sqlitePath });
    expect(await reopened.updates.claim('crashed-mid-update')).toBe('claimed');
    expect(await reopened.updates.claim('answered')).toBe('done');
    await reopened.close();
  });

  it.skipIf(!redisUrl)('in Redis', async () => {
    const client = new Redis(redisUrl as string);
    try {
      await checkLedger(redisLedger(client), `test-${process.pid}`);
    } finally {
      client.disconnect();
    }
  });

  it('a shared ledger that fails falls back to this process, logs it, and is used again when it answers', async () => {
    const logs = captureLogs();
    let up = false;
    const shared = memoryLedger();
    const flaky: UpdateLedger = {
      claim: async (key) => (up ? shared.claim(key) : Promise.reject(new Error('ECONNREFUSED'))),
      finish: async (key) => (up ? shared.finish(key) : Promise.reject(new Error('ECONNREFUSED'))),
      release: async (key) => (up ? shared.release(key) : Promise.reject(new Error('ECONNREFUSED'))),
      keep: async (key, update) =>
        up ? shared.keep(key, update) : Promise.reject(new Error('ECONNREFUSED')),
      unfinished: async (prefix) =>
        up ? shared.unfinished(prefix) : Promise.reject(new Error('ECONNREFUSED')),
    };
    const ledger = withFallbackLedger(flaky, logs.logger);
    expect(await ledger.claim('a')).toBe('claimed');
    await ledger.finish('a');
    expect(await ledger.claim('a')).toBe('done');
    up = true;
    expect(await ledger.claim('b')).toBe('claimed');
    const messages = logs.lines().map((line) => line.msg);
    expect(messages).toContain('update ledger unavailable: checking duplicate updates in this instance only');
    expect(messages).toContain('update ledger recovered');
  });
});

describe('one bot, the same update twice', () => {
  it('answers the first delivery and logs the second as a duplicate', async () => {
    const { telegram, send, logs } = createTestBot();
    const update = createUpdates().message('why do my calves cramp at night');
    await send(update);
    await send(structuredClone(update));
    expect(telegram.sentTexts().filter((text) => text.startsWith('Night cramps'))).toHaveLength(1);
    const lines = logs.lines().filter((line) => line.msg === 'update');
    expect(lines.map((line) => [line.outcome, line.note])).toEqual([
      ['answered', undefined],
      ['ignored', 'duplicate_update'],
    ]);
  });

  it('a different update that reuses an id (a restarted test server) is not taken for a duplicate', async () => {
    const { telegram, send } = createTestBot();
    await send(createUpdates(7).message('why do my calves cramp at night'));
    await send(createUpdates(7).message('what helps during a cramp'));
    expect(telegram.sentTexts().some((text) => text.startsWith('Stretch the muscle'))).toBe(true);
  });
});

describe('two instances behind a load balancer, one shared ledger, the same update at the same moment', () => {
  const servers: Server[] = [];
  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  const serve = async (testBot: TestBot): Promise<string> => {
    const handler = createWebhookHandler(testBot.bot, 'dup-secret-0123456789', testBot.logs.logger);
    const server = createServer((req, res) => {
      void handler(req, res);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK_PATH}`;
  };
  const deliver = async (url: string, body: string): Promise<number> =>
    (
      await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-telegram-bot-api-secret-token': 'dup-secret-0123456789',
        },
        body,
      })
    ).status;

  it('one answers it; the other answers 503 (Telegram retries later) or 200 if it was already done', async () => {
    const updates = memoryLedger();
    const first = createTestBot({ updates });
    const second = createTestBot({ updates });
    // Hold the first instance's Bot API calls, so the update is still in progress when the copy arrives.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calling = false;
    first.bot.api.config.use(async (call, method, payload, signal) => {
      calling = true;
      await held;
      return call(method, payload, signal);
    });
    const [firstUrl, secondUrl] = [await serve(first), await serve(second)];
    const body = JSON.stringify(createUpdates().message('why do my calves cramp at night'));

    const atFirst = deliver(firstUrl, body);
    await expect.poll(() => calling).toBe(true);
    const atSecond = await deliver(secondUrl, body);
    release();
    expect([await atFirst, atSecond]).toEqual([200, 503]);
    // Telegram's retry of the refused copy, once the first is done: a duplicate, answered 200 and dropped.
    expect(await deliver(secondUrl, body)).toBe(200);

    const answers = [...first.telegram.sentTexts(), ...second.telegram.sentTexts()];
    expect(answers.filter((text) => text.startsWith('Night cramps'))).toHaveLength(1);
    expect(second.telegram.calls).toEqual([]);
  });
});
