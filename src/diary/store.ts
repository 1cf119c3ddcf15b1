import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Redis } from 'ioredis';
import {
  type Diary,
  emptyDiary,
  isEmptyDiary,
  oldestEntry,
  parseDiary,
  pruneDiary,
  RETENTION_MS,
  serialiseDiary,
} from './model.js';

/**
 * Where diaries live: one document per person, in the same SQLite file as the sessions, or in Redis
 * when several instances share one. Keys are the session keys ("telegram:<id>", "web:<id>").
 */
export interface DiaryStore {
  kind: 'sqlite' | 'redis';
  read(user: string): Promise<Diary | undefined>;
  /**
   * Read, change, write, atomically for this person (SQLite: a transaction; Redis: a compare-and-set
   * script, retried when another instance wrote in between). An empty result deletes the diary.
   */
  update(user: string, change: (diary: Diary) => Diary): Promise<Diary>;
  delete(user: string): Promise<void>;
  /** People whose reminder is due at or before `now`, oldest first (the in-process scheduler). */
  dueReminders(now: number, limit: number): Promise<string[]>;
  /** Drops entries older than 12 months from every diary; returns how many diaries changed. */
  sweep(now: number): Promise<number>;
  close(): Promise<void>;
}

/** Redis keys of the diary; everything starts with the app prefix like the sessions. */
export const REDIS_DIARY_PREFIX = 'crampbot:diary:';
export const REDIS_DIARY_OLDEST = 'crampbot:diary-index:oldest';

export const openSqliteDiaryStore = (path: string): DiaryStore => {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(`CREATE TABLE IF NOT EXISTS diaries (
    user TEXT PRIMARY KEY,
    doc TEXT NOT NULL,
    reminder_at INTEGER,
    oldest_at INTEGER
  ) WITHOUT ROWID`);
  db.exec('CREATE INDEX IF NOT EXISTS diaries_reminder ON diaries (reminder_at)');
  db.exec('CREATE INDEX IF NOT EXISTS diaries_oldest ON diaries (oldest_at)');

  const select = db.prepare<[string], { doc: string }>('SELECT doc FROM diaries WHERE user = ?');
  const upsert = db.prepare<[string, string, number | null, number | null]>(
    `INSERT INTO diaries (user, doc, reminder_at, oldest_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(user) DO UPDATE SET doc = excluded.doc, reminder_at = excluded.reminder_at,
       oldest_at = excluded.oldest_at`,
  );
  const remove = db.prepare<[string]>('DELETE FROM diaries WHERE user = ?');
  const due = db.prepare<[number, number], { user: string }>(
    'SELECT user FROM diaries WHERE reminder_at IS NOT NULL AND reminder_at <= ? ORDER BY reminder_at LIMIT ?',
  );
  const stale = db.prepare<[number], { user: string }>(
    'SELECT user FROM diaries WHERE oldest_at IS NOT NULL AND oldest_at < ?',
  );

  const write = (user: string, diary: Diary) => {
    if (isEmptyDiary(diary)) remove.run(user);
    else upsert.run(user, serialiseDiary(diary), diary.reminder?.nextAt ?? null, oldestEntry(diary));
  };
  const read = (user: string) => parseDiary(select.get(user)?.doc);
  const update = db.transaction((user: string, change: (diary: Diary) => Diary): Diary => {
    const next = change(read(user) ?? emptyDiary());
    write(user, next);
    return next;
  });
  const sweep = db.transaction((now: number): number => {
    const users = stale.all(now - RETENTION_MS).map((row) => row.user);
    for (const user of users) write(user, pruneDiary(read(user) ?? emptyDiary(), now));
    return users.length;
  });

  return {
    kind: 'sqlite',
    read: async (user) => read(user),
    update: async (user, change) => update(user, change),
    delete: async (user) => {
      remove.run(user);
    },
    dueReminders: async (now, limit) => due.all(now, limit).map((row) => row.user),
    sweep: async (now) => sweep(now),
    close: async () => {
      if (db.open) db.close();
    },
  };
};

/**
 * Compare-and-set: writes the new value only if the stored one is still what the caller read, and keeps
 * the retention index in step. Empty strings stand for "no value".
 */
const CAS_SCRIPT = `
local current = redis.call('GET', KEYS[1]) or ''
if current ~= ARGV[1] then return 0 end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], ARGV[4])
else
  redis.call('SET', KEYS[1], ARGV[2])
  if ARGV[3] == '' then redis.call('ZREM', KEYS[2], ARGV[4]) else redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4]) end
end
return 1`;

const MAX_CAS_ATTEMPTS = 20;

export const redisDiaryStore = (client: Redis): DiaryStore => {
  const keyOf = (user: string) => REDIS_DIARY_PREFIX + user;

  const compareAndSet = async (user: string, before: string, diary: Diary): Promise<boolean> => {
    const empty = isEmptyDiary(diary);
    const oldest = empty ? null : oldestEntry(diary);
    const result = await client.eval(
      CAS_SCRIPT,
      2,
      keyOf(user),
      REDIS_DIARY_OLDEST,
      before,
      empty ? '' : serialiseDiary(diary),
      oldest === null ? '' : String(oldest),
      user,
    );
    return result === 1;
  };

  const update = async (user: string, change: (diary: Diary) => Diary): Promise<Diary> => {
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt += 1) {
      const raw = (await client.get(keyOf(user))) ?? '';
      const next = change(parseDiary(raw || null) ?? emptyDiary());
      if (await compareAndSet(user, raw, next)) return next;
    }
    throw new Error('diary update kept conflicting with other writers');
  };

  return {
    kind: 'redis',
    read: async (user) => parseDiary(await client.get(keyOf(user))),
    update,
    delete: async (user) => {
      await client.multi().del(keyOf(user)).zrem(REDIS_DIARY_OLDEST, user).exec();
    },
    // Reminders on Redis are BullMQ jobs; nothing polls the store for them.
    dueReminders: async () => [],
    sweep: async (now) => {
      const users = await client.zrangebyscore(REDIS_DIARY_OLDEST, '-inf', `(${now - RETENTION_MS}`);
      for (const user of users) await update(user, (diary) => pruneDiary(diary, now));
      return users.length;
    },
    close: async () => {},
  };
};
