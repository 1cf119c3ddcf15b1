import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { StorageAdapter } from 'grammy';
import { parseSession, type SessionData, serialiseSession } from './data.js';
import { type Claim, DONE_TTL_MS, PROCESSING_TTL_MS, type UpdateLedger } from './update-ledger.js';

export interface SqliteSessions {
  adapter: StorageAdapter<SessionData>;
  /** Handled Telegram updates, in the same file (one process owns it). */
  updates: UpdateLedger;
  close(): void;
}

/** Expired ledger rows are deleted once every this many claims, so the table stays small. */
const SWEEP_EVERY_CLAIMS = 1000;

/**
 * The update ledger in SQLite. Only one process may use the file, so claims still marked "processing"
 * when it opens belong to a process that died: they are dropped, and a redelivery is handled again.
 */
const sqliteLedger = (db: Database.Database): UpdateLedger => {
  db.exec(`CREATE TABLE IF NOT EXISTS handled_updates (
    key TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID`);
  // The sweep below deletes by expiry; without an index it would scan the whole table.
  db.exec('CREATE INDEX IF NOT EXISTS handled_updates_expiry ON handled_updates (expires_at)');
  db.prepare("DELETE FROM handled_updates WHERE state = 'processing' OR expires_at <= ?").run(Date.now());

  const dropExpired = db.prepare<[string, number]>(
    'DELETE FROM handled_updates WHERE key = ? AND expires_at <= ?',
  );
  const insert = db.prepare<[string, string, number]>(
    'INSERT OR IGNORE INTO handled_updates (key, state, expires_at) VALUES (?, ?, ?)',
  );
  const stateOf = db.prepare<[string], { state: string }>('SELECT state FROM handled_updates WHERE key = ?');
  const markDone = db.prepare<[string, number]>(
    `INSERT INTO handled_updates (key, state, expires_at) VALUES (?, 'done', ?)
     ON CONFLICT(key) DO UPDATE SET state = 'done', expires_at = excluded.expires_at`,
  );
  const remove = db.prepare<[string]>('DELETE FROM handled_updates WHERE key = ?');
  const sweep = db.prepare<[number]>('DELETE FROM handled_updates WHERE expires_at <= ?');
  let claims = 0;

  const claim = db.transaction((key: string): Claim => {
    const now = Date.now();
    if (++claims % SWEEP_EVERY_CLAIMS === 0) sweep.run(now);
    dropExpired.run(key, now);
    if (insert.run(key, 'processing', now + PROCESSING_TTL_MS).changes === 1) return 'claimed';
    return stateOf.get(key)?.state === 'done' ? 'done' : 'in_progress';
  });
  return {
    claim: async (key) => claim(key),
    finish: async (key) => {
      markDone.run(key, Date.now() + DONE_TTL_MS);
    },
    release: async (key) => {
      remove.run(key);
    },
  };
};

/**
 * Sessions in one embedded SQLite file: nothing to install, survives restarts. WAL lets the web chat and
 * the bot read while one of them writes; each write is its own transaction, so a crash never leaves half
 * a row. better-sqlite3 is synchronous, which is fine for rows this small (microseconds per call).
 */
export const openSqliteSessions = (path: string): SqliteSessions => {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(`CREATE TABLE IF NOT EXISTS sessions (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  ) WITHOUT ROWID`);

  const select = db.prepare<[string], { value: string }>('SELECT value FROM sessions WHERE key = ?');
  const upsert = db.prepare<[string, string, number]>(
    `INSERT INTO sessions (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[string]>('DELETE FROM sessions WHERE key = ?');
  const write = db.transaction((key: string, value: string) => {
    upsert.run(key, value, Date.now());
  });
  const erase = db.transaction((key: string) => {
    remove.run(key);
  });

  const adapter: StorageAdapter<SessionData> = {
    read: (key) => parseSession(select.get(key)?.value),
    write: (key, value) => {
      write(key, serialiseSession(value));
    },
    delete: (key) => {
      erase(key);
    },
    has: (key) => select.get(key) !== undefined,
  };

  return {
    adapter,
    updates: sqliteLedger(db),
    close: () => {
      if (!db.open) return;
      // Folds the WAL back into the main file so a copied .sqlite file is complete on its own.
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
};
