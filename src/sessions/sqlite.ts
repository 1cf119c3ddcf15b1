import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { StorageAdapter } from 'grammy';
import { parseSession, type SessionData, serialiseSession } from './data.js';

export interface SqliteSessions {
  adapter: StorageAdapter<SessionData>;
  close(): void;
}

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
    close: () => {
      if (!db.open) return;
      // Folds the WAL back into the main file so a copied .sqlite file is complete on its own.
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
};
