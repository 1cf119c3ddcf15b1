import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createSessionStore,
  DEFAULT_SESSION_TTL_MS,
  REDIS_SESSION_PREFIX,
} from '../../src/sessions/index.js';
import { redisForTests } from '../kit/redis-server.js';
import { createTestBot } from '../kit/test-bot.js';
import { createUpdates, person } from '../kit/updates.js';

/**
 * What the session store keeps, for how long, and who can read it: nothing for a chat that only says
 * hello, idle sessions expire (90 days by default), and the SQLite file is readable by its owner only.
 */
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
const tempFolder = (): string => {
  const folder = mkdtempSync(join(tmpdir(), 'crampbot-privacy-'));
  folders.push(folder);
  return folder;
};
const DAY = 24 * 60 * 60 * 1000;
const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);
const rowCount = (path: string): number => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('a session is stored only when there is something to keep', () => {
  it('/start, /help and /about store nothing; choosing a country or asking a question does', async () => {
    const sqlitePath = join(tempFolder(), 'sessions.sqlite');
    const store = await createSessionStore({ sqlitePath });
    try {
      const { send } = createTestBot({ storage: store.adapter });
      const updates = createUpdates();
      for (let id = 1; id <= 50; id += 1) await send(updates.command('start', { from: person(id) }));
      await send(updates.command('help', { from: person(51) }));
      await send(updates.command('about', { from: person(52) }));
      expect(rowCount(sqlitePath)).toBe(0);

      await send(updates.callback('c:GB', { from: person(1) }));
      await send(updates.message('why do my calves cramp at night', { from: person(2) }));
      expect(rowCount(sqlitePath)).toBe(2);
      // /forget leaves nothing behind either.
      await send(updates.command('forget', { from: person(1) }));
      expect(rowCount(sqlitePath)).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('a hello-only state written by any channel (the web chat says hello on every socket) is not stored', async () => {
    const sqlitePath = join(tempFolder(), 'sessions.sqlite');
    const store = await createSessionStore({ sqlitePath });
    try {
      for (let i = 0; i < 20; i += 1)
        await store.adapter.write(`web:visitor-${i}`, {
          engine: { country: null, lastIntent: null, welcomed: true },
        });
      expect(rowCount(sqlitePath)).toBe(0);
    } finally {
      await store.close();
    }
  });
});

describe('idle sessions expire', () => {
  it('SQLite: a session unused for longer than the retention period is deleted; one in use is kept', async () => {
    const sqlitePath = join(tempFolder(), 'sessions.sqlite');
    let now = Date.UTC(2026, 0, 1);
    const open = () => createSessionStore({ sqlitePath, now: () => now });
    const idle = { engine: { country: 'GB', lastIntent: null, welcomed: true } };
    const active = { engine: { country: 'US', lastIntent: 'first_aid', welcomed: true } };

    const first = await open();
    await first.adapter.write('telegram:1', idle);
    await first.adapter.write('telegram:2', active);
    now += 80 * DAY;
    // Day 80: person 2 comes back (a read is use, even when nothing changes).
    expect(await first.adapter.read('telegram:2')).toEqual(active);
    await first.close();

    now += 11 * DAY;
    const second = await open();
    try {
      // Day 91: person 1 has been idle past 90 days, person 2 for 11 days.
      expect(await second.adapter.read('telegram:1')).toBeUndefined();
      expect(await second.adapter.read('telegram:2')).toEqual(active);
      expect(rowCount(sqlitePath)).toBe(1);
    } finally {
      await second.close();
    }
    expect(DEFAULT_SESSION_TTL_MS).toBe(90 * DAY);
  });
});

describe('file permissions', () => {
  it('creates the folder 0700 and the database with its -wal and -shm files 0600', async () => {
    const folder = join(tempFolder(), 'data');
    const sqlitePath = join(folder, 'sessions.sqlite');
    const store = await createSessionStore({ sqlitePath });
    try {
      await store.adapter.write('telegram:9', {
        engine: { country: 'GB', lastIntent: null, welcomed: true },
      });
      expect(mode(folder)).toBe('700');
      for (const file of [sqlitePath, `${sqlitePath}-wal`, `${sqlitePath}-shm`]) {
        expect(existsSync(file), file).toBe(true);
        expect(mode(file), file).toBe('600');
      }
    } finally {
      await store.close();
    }
  });

  it('tightens a world-readable database left by an older version', async () => {
    const folder = join(tempFolder(), 'data');
    mkdirSync(folder);
    const sqlitePath = join(folder, 'sessions.sqlite');
    new Database(sqlitePath).close();
    writeFileSync(`${sqlitePath}-wal`, '');
    chmodSync(sqlitePath, 0o644);
    chmodSync(`${sqlitePath}-wal`, 0o644);
    const store = await createSessionStore({ sqlitePath });
    try {
      expect(mode(sqlitePath)).toBe('600');
      expect(mode(`${sqlitePath}-wal`)).toBe('600');
    } finally {
      await store.close();
    }
  });
});

const redis = await redisForTests('The Redis session-expiry test');
afterAll(() => redis?.close());

describe.skipIf(!redis)('Redis sessions expire', () => {
  it('a stored session carries the retention period as its TTL, renewed when it is read', async () => {
    const url = (redis as { url: string }).url;
    const store = await createSessionStore({
      sqlitePath: join(tempFolder(), 'unused.sqlite'),
      redisUrl: url,
    });
    const raw = new Redis(url);
    const key = `telegram:ttl-${process.pid}`;
    try {
      await store.adapter.write(key, { engine: { country: 'GB', lastIntent: null, welcomed: true } });
      expect(await raw.pttl(REDIS_SESSION_PREFIX + key)).toBeGreaterThan(89 * DAY);
      await raw.pexpire(REDIS_SESSION_PREFIX + key, 60_000);
      await store.adapter.read(key);
      expect(await raw.pttl(REDIS_SESSION_PREFIX + key)).toBeGreaterThan(89 * DAY);
      // Hello only: nothing written.
      await store.adapter.write(`${key}:hello`, {
        engine: { country: null, lastIntent: null, welcomed: true },
      });
      expect(await raw.exists(`${REDIS_SESSION_PREFIX}${key}:hello`)).toBe(0);
    } finally {
      await raw.del(REDIS_SESSION_PREFIX + key);
      raw.disconnect();
      await store.close();
    }
  });
});
