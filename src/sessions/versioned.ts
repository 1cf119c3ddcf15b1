import type { StorageAdapter } from 'grammy';
import type { SessionData } from './data.js';

/**
 * What one read of a session saw. `version` identifies the stored value (null: nothing stored), so a
 * later write can check that nobody wrote in between. `ok: false` means the store failed or timed out:
 * the state is unknown, and a turn computed without it must never be written over the real one.
 */
export type SessionRead = { ok: true; data: SessionData | undefined; version: string | null } | { ok: false };

/**
 * The session store as the Telegram bot uses it: a read remembers what it saw, and a write succeeds only
 * if the key still holds that (compare-and-set), so two instances answering the same person at once
 * cannot overwrite each other's change (the loser reads again and recomputes its turn).
 */
export interface SessionStorage extends StorageAdapter<SessionData> {
  readVersioned(key: string): Promise<SessionRead>;
  /**
   * Stores `value` if the key still holds `version` (deletes the key instead when the value has nothing
   * worth keeping). False when another writer got there first.
   */
  writeIfUnchanged(key: string, value: SessionData, version: string | null): Promise<boolean>;
}

export const isSessionStorage = (adapter: StorageAdapter<SessionData>): adapter is SessionStorage =>
  typeof (adapter as Partial<SessionStorage>).readVersioned === 'function' &&
  typeof (adapter as Partial<SessionStorage>).writeIfUnchanged === 'function';

/**
 * Compare-and-set over any grammY storage adapter, by comparing serialised values. Atomic for the
 * in-memory adapter (synchronous read and write); the SQLite and Redis stores implement it natively.
 */
export const asSessionStorage = (adapter: StorageAdapter<SessionData>): SessionStorage => {
  if (isSessionStorage(adapter)) return adapter;
  const versionOf = (data: SessionData | undefined) => (data === undefined ? null : JSON.stringify(data));
  return {
    read: (key) => adapter.read(key),
    write: (key, value) => adapter.write(key, value),
    delete: (key) => adapter.delete(key),
    ...(adapter.has ? { has: adapter.has.bind(adapter) } : {}),
    readVersioned: async (key) => {
      const data = await adapter.read(key);
      return { ok: true, data, version: versionOf(data) };
    },
    writeIfUnchanged: async (key, value, version) => {
      if (versionOf(await adapter.read(key)) !== version) return false;
      await adapter.write(key, value);
      return true;
    },
  };
};
