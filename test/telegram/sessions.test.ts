import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createSessionStore, REDIS_SESSION_PREFIX, type SessionStore } from '../../src/sessions/index.js';
import { findOrStartRedis } from '../kit/redis-server.js';
import { createTestBot } from '../kit/test-bot.js';
import { createUpdates, person } from '../kit/updates.js';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

const tempPath = (): string => {
  const folder = mkdtempSync(join(tmpdir(), 'crampbot-sessions-'));
  folders.push(folder);
  // A folder that does not exist yet: the store must create it.
  return join(folder, 'nested', 'data', 'sessions.sqlite');
};

/** Chooses a country through the bot, "restarts" (closes and reopens the store), then asks /emergency. */
const survivesRestart = async (
  open: () => Promise<SessionStore>,
  userId: number,
): Promise<string | undefined> => {
  const from = person(userId);
  const before = await open();
  const first = createTestBot({ storage: before.adapter });
  await first.send(createUpdates().callback('c:GB', { from }));
  await before.close();

  const after = await open();
  try {
    const second = createTestBot({ storage: after.adapter });
    await second.send(createUpdates(100).command('emergency', { from }));
    return second.telegram.sentTexts()[0];
  } finally {
    await after.adapter.delete(`telegram:${userId}`);
    await after.close();
  }
};

describe('SQLite sessions', () => {
  it('a session written before a restart is there after it', async () => {
    const sqlitePath = tempPath();
    const text = await survivesRestart(() => createSessionStore({ sqlitePath }), 31);
    expect(text).toMatch(/999/);
  });

  it('uses WAL and stores only the engine state, as JSON', async () => {
    const sqlitePath = tempPath();
    const store = await createSessionStore({ sqlitePath });
    expect(store.kind).toBe('sqlite');
    const sneaky = {
      engine: { country: 'GB', lastIntent: 'night_cramps', welcomed: true },
      text: 'my question',
    };
    await store.adapter.write('telegram:5', sneaky);
    await store.close();

    const db = new Database(sqlitePath, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const row = db.prepare('SELECT value FROM sessions WHERE key = ?').get('telegram:5') as { value: string };
    db.close();
    expect(JSON.parse(row.value)).toEqual({
      engine: { country: 'GB', lastIntent: 'night_cramps', welcomed: true },
    });
  });

  it('a corrupt row reads as no session (a fresh start), not a crash', async () => {
    const sqlitePath = tempPath();
    const store = await createSessionStore({ sqlitePath });
    await store.adapter.write('telegram:6', { engine: { country: null, lastIntent: null, welcomed: true } });
    await store.close();
    const db = new Database(sqlitePath);
    db.prepare("UPDATE sessions SET value = '{not json' WHERE key = ?").run('telegram:6');
    db.close();

    const reopened = await createSessionStore({ sqlitePath });
    expect(await reopened.adapter.read('telegram:6')).toBeUndefined();
    await reopened.close();
  });

  it('delete removes the row', async () => {
    const store = await createSessionStore({ sqlitePath: tempPath() });
    await store.adapter.write('telegram:7', { engine: { country: 'US', lastIntent: null, welcomed: false } });
    expect(await store.adapter.has?.('telegram:7')).toBe(true);
    await store.adapter.delete('telegram:7');
    expect(await store.adapter.read('telegram:7')).toBeUndefined();
    await store.close();
  });
});

describe('Redis start-up', () => {
  it('an unreachable Redis fails with a message that names it, without the password', async () => {
    await expect(
      createSessionStore({ sqlitePath: tempPath(), redisUrl: 'redis://:hunter2@127.0.0.1:1' }),
    ).rejects.toThrow(/cannot connect to Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1.*ECONNREFUSED/);
  });
});

const redis = await findOrStartRedis('Redis session and rate-limit tests');
const redisUrl = redis?.url;
afterAll(() => redis?.close());

describe.skipIf(!redisUrl)('Redis sessions and rate limits', () => {
  const url = redisUrl as string;
  const userId = 900_000 + Math.floor(Math.random() * 99_999);

  it('a session written before a restart is there after it', async () => {
    const text = await survivesRestart(
      () => createSessionStore({ sqlitePath: tempPath(), redisUrl: url }),
      userId,
    );
    expect(text).toMatch(/999/);
  });

  it('stores under the app prefix, only the engine state', async () => {
    const store = await createSessionStore({ sqlitePath: tempPath(), redisUrl: url });
    expect(store.kind).toBe('redis');
    const key = `telegram:${userId + 1}`;
    await store.adapter.write(key, { engine: { country: 'AU', lastIntent: null, welcomed: true } });
    const raw = new Redis(url);
    try {
      expect(JSON.parse((await raw.get(REDIS_SESSION_PREFIX + key)) ?? 'null')).toEqual({
        engine: { country: 'AU', lastIntent: null, welcomed: true },
      });
    } finally {
      await store.adapter.delete(key);
      raw.disconnect();
      await store.close();
    }
  });

  it('two bot instances share one rate limit through Redis', async () => {
    const redis = new Redis(url);
    try {
      const rateLimit = { limit: 1, windowMs: 60_000, redis };
      const first = createTestBot({ rateLimit });
      const second = createTestBot({ rateLimit });
      const from = person(userId + 2);
      await first.send(createUpdates(1).message('night cramps', { from }));
      await second.send(createUpdates(50).message('night cramps', { from }));
      expect(first.telegram.sentTexts()[0]).toMatch(/^Night cramps/);
      expect(second.telegram.sentTexts()).toEqual([expect.stringMatching(/very quickly/)]);
    } finally {
      await redis.del(`crampbot:ratelimit:${userId + 2}`);
      redis.disconnect();
    }
  });
});
