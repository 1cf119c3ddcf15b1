import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  DEFAULT_SESSION_TTL_MS,
  parseSession,
  type SessionData,
  serialiseSession,
  worthKeeping,
} from './data.js';
import { type Claim, DONE_TTL_MS, PROCESSING_TTL_MS, type UpdateLedger } from './update-ledger.js';
import type { SessionStorage } from './versioned.js';

export interface SqliteSessions {
  adapter: SessionStorage;
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
  // Polled updates being handled (see UpdateLedger.keep); what is left here at start-up was cut off.
  db.exec(`CREATE TABLE IF NOT EXISTS unfinished_updates (
    key TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID`);
  const keepUpdate = db.prepare<[string, string, number]>(
    `INSERT INTO unfinished_updates (key, body, expires_at) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET body = excluded.body, expires_at = excluded.expires_at`,
  );
  const dropKept = db.prepare<[string]>('DELETE FROM unfinished_updates WHERE key = ?');
  const listKept = db.prepare<[number], { key: string; body: string }>(
    'SELECT key, body FROM unfinished_updates WHERE expires_at > ? ORDER BY key',
  );
  const sweepKept = db.prepare<[number]>('DELETE FROM unfinished_updates WHERE expires_at <= ?');
  let claims = 0;

  const claim = db.transaction((key: string): Claim => {
    const now = Date.now();
    if (++claims % SWEEP_EVERY_CLAIMS === 0) {
      sweep.run(now);
      sweepKept.run(now);
    }
    dropExpired.run(key, now);
    if (insert.run(key, 'processing', now + PROCESSING_TTL_MS).changes === 1) return 'claimed';
    return stateOf.get(key)?.state === 'done' ? 'done' : 'in_progress';
  });
  const finish = db.transaction((key: string) => {
    markDone.run(key, Date.now() + DONE_TTL_MS);
    dropKept.run(key);
  });
  return {
    claim: async (key) => claim(key),
    finish: async (key) => {
      finish(key);
    },
    release: async (key) => {
      remove.run(key);
    },
    keep: async (key, update) => {
      keepUpdate.run(key, update, Date.now() + DONE_TTL_MS);
    },
    unfinished: async (prefix) =>
      listKept
        .all(Date.now())
        .filter((row) => row.key.startsWith(prefix))
        .map((row) => ({ key: row.key, update: row.body })),
  };
};

/** Reading a session renews its expiry at most once a day: a read is use, but need not be a write. */
const TOUCH_AFTER_MS = 24 * 60 * 60 * 1000;
/** Idle sessions are deleted at start-up and then this often. */
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

export interface SqliteSessionOptions {
  /** Sessions unused (not read or written) for longer than this are deleted. */
  ttlMs?: number;
  /** The clock (tests move it forward). */
  now?: () => number;
}

/**
 * Only the owner may read what people asked about: the folder is created 0700 and the database, with its
 * -wal and -shm files (SQLite gives those the main file's mode), 0600. Files an older version left
 * world-readable are tightened; an existing folder is left as it is (it may be shared, e.g. ".").
 */
const prepareFiles = (path: string): void => {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      chmodSync(file, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
};

/**
 * Sessions in one embedded SQLite file: nothing to install, survives restarts. WAL lets the web chat and
 * the bot read while one of them writes; each write is its own transaction, so a crash never leaves half
 * a row. better-sqlite3 is synchronous, which is fine for rows this small (microseconds per call).
 */
export const openSqliteSessions = (path: string, options: SqliteSessionOptions = {}): SqliteSessions => {
  const ttlMs = options.ttlMs ?? DEFAULT_SESSION_TTL_MS;
  const now = options.now ?? Date.now;
  if (path !== ':memory:') prepareFiles(path);
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
  db.exec('CREATE INDEX IF NOT EXISTS sessions_updated_at ON sessions (updated_at)');

  const select = db.prepare<[string, number], { value: string; updated_at: number }>(
    'SELECT value, updated_at FROM sessions WHERE key = ? AND updated_at > ?',
  );
  const touch = db.prepare<[number, string]>('UPDATE sessions SET updated_at = ? WHERE key = ?');
  const upsert = db.prepare<[string, string, number]>(
    `INSERT INTO sessions (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[string]>('DELETE FROM sessions WHERE key = ?');
  const sweepIdle = db.prepare<[number]>('DELETE FROM sessions WHERE updated_at <= ?');

  /** The stored value, if not expired; a read renews the expiry (once a day at most). */
  const current = (key: string): string | null => {
    const time = now();
    const row = select.get(key, time - ttlMs);
    if (!row) return null;
    if (time - row.updated_at > TOUCH_AFTER_MS) touch.run(time, key);
    return row.value;
  };
  const store = (key: string, value: SessionData) => {
    if (worthKeeping(value)) upsert.run(key, serialiseSession(value), now());
    else remove.run(key);
  };
  const write = db.transaction(store);
  const erase = db.transaction((key: string) => {
    remove.run(key);
  });
  const writeIfUnchanged = db.transaction((key: string, value: SessionData, version: string | null) => {
    if (current(key) !== version) return false;
    store(key, value);
    return true;
  });

  const adapter: SessionStorage = {
    read: (key) => parseSession(current(key)),
    write: (key, value) => {
      write(key, value);
    },
    delete: (key) => {
      erase(key);
    },
    has: (key) => current(key) !== null,
    readVersioned: async (key) => {
      const raw = current(key);
      const data = parseSession(raw);
      // A corrupt row reads as nothing, but its version is what is there, so a write replaces it.
      return { ok: true, data, version: raw };
    },
    writeIfUnchanged: async (key, value, version) => writeIfUnchanged(key, value, version),
  };

  const sweep = () => sweepIdle.run(now() - ttlMs);
  sweep();
  const sweeper = setInterval(sweep, SWEEP_INTERVAL_MS);
  sweeper.unref();

  return {
    adapter,
    updates: sqliteLedger(db),
    close: () => {
      clearInterval(sweeper);
      if (!db.open) return;
      // Folds the WAL back into the main file so a copied .sqlite file is complete on its own.
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
};
