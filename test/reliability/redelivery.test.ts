import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Update } from 'grammy/types';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createSessionStore, REDIS_UPDATE_PREFIX, type SessionStore } from '../../src/sessions/index.js';
import { redisForTests } from '../kit/redis-server.js';
import { createTestBot } from '../kit/test-bot.js';
import { createUpdates, person } from '../kit/updates.js';

/**
 * A crash after the state was stored and before the reply went out: Telegram delivers the update again
 * (no 200, or an unconfirmed offset), and the person must get the answer the first delivery would have
 * sent, not one computed from the state that delivery already advanced (no "not a doctor" note on a first
 * question, a follow-up read in the wrong context).
 */
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
const tempFile = () => {
  const folder = mkdtempSync(join(tmpdir(), 'crampbot-redeliver-'));
  folders.push(folder);
  return join(folder, 'sessions.sqlite');
};

const redis = await redisForTests('The Redis redelivery test');
afterAll(() => redis?.close());

/** Handles `update` on a bot whose replies never leave (the process "dies" before sending), then stops. */
const crashBeforeReplying = async (store: SessionStore, update: Update, key: string) => {
  const doomed = createTestBot({ storage: store.adapter, updates: store.updates });
  doomed.bot.api.config.use((call, method, payload, signal) =>
    method === 'sendMessage' ? new Promise(() => {}) : call(method, payload, signal),
  );
  void doomed.send(update);
  // The state is stored before the reply: wait until it is there, then "kill" the process.
  await expect.poll(async () => (await store.adapter.read(key)) !== undefined).toBe(true);
};

/** What a bot that never crashed answers to the same update, for comparison. */
const firstTimeAnswer = async (update: Update): Promise<string[]> => {
  const control = createTestBot();
  await control.send(structuredClone(update));
  return control.telegram.sentTexts();
};

const cases = [
  { name: 'SQLite', open: (path: string) => createSessionStore({ sqlitePath: path }), skip: false },
  {
    name: 'Redis',
    open: (path: string) => createSessionStore({ sqlitePath: path, redisUrl: redis?.url }),
    skip: !redis,
  },
];

describe.each(cases)('a redelivered update after a crash ($name)', ({ name, open, skip }) => {
  it.skipIf(skip)('gets the same answer as the first delivery would have', async () => {
    const sqlitePath = tempFile();
    const from = person(5000 + Math.floor(Math.random() * 1_000_000));
    const key = `telegram:${from.id}`;
    const update = createUpdates(Math.floor(Math.random() * 1_000_000)).message(
      'why do my calves cramp at night',
      {
        from,
      },
    );
    const expected = await firstTimeAnswer(update);
    expect(expected.join('\n')).toMatch(/not a doctor/);

    const before = await open(sqlitePath);
    await crashBeforeReplying(before, structuredClone(update), key);
    await before.close();
    if (name === 'Redis') {
      // The dead instance's claim expires (2 minutes in production); a test does not wait for it.
      const raw = new Redis(redis?.url as string);
      const claims = await raw.keys(`${REDIS_UPDATE_PREFIX}*:${update.update_id}:*`);
      if (claims.length > 0) await raw.del(...claims);
      raw.disconnect();
    }

    const after = await open(sqlitePath);
    try {
      const restarted = createTestBot({ storage: after.adapter, updates: after.updates });
      await restarted.send(structuredClone(update));
      expect(restarted.telegram.sentTexts()).toEqual(expected);
      // And the stored state is what the first answer announced, once.
      expect((await after.adapter.read(key))?.engine).toEqual({
        country: null,
        lastIntent: 'night_cramps',
        welcomed: true,
      });
    } finally {
      await after.adapter.delete(key);
      await after.close();
    }
  });
});
