import type { StorageAdapter } from 'grammy';
import type { Logger } from '../logger.js';
import type { SessionData } from './data.js';
import { createOutageLog, withTimeout } from './outage.js';
import { asSessionStorage, type SessionStorage } from './versioned.js';

/** Longer than any healthy store takes (Redis on a LAN answers in about a millisecond). */
export const STORE_TIMEOUT_MS = 2000;
/** Keys whose last read failed, remembered so their next write is skipped; bounded during long outages. */
const UNREAD_KEYS_LIMIT = 100_000;

export interface FailSoftOptions {
  logger: Logger;
  timeoutMs?: number;
}

/**
 * A session store whose outage does not silence the bot. A read that fails or hangs reads as "no
 * session", so the person gets a stateless answer (triage runs on every message, so red flags still
 * escalate); a write that fails is dropped. A write to a key whose last read failed is dropped too: it was
 * computed without the stored state (a fresh one) and would wipe the person's saved country. Deletes still
 * fail loudly: /forget must not say it forgot what is still stored. Nothing is cached, so once the store
 * answers again (ioredis reconnects by itself) the next update reads the stored state as before.
 */
export const failSoftStorage = (
  inner: StorageAdapter<SessionData>,
  options: FailSoftOptions,
): SessionStorage => {
  const store = asSessionStorage(inner);
  const timeoutMs = options.timeoutMs ?? STORE_TIMEOUT_MS;
  const outage = createOutageLog(
    options.logger,
    'session store',
    'answering without the stored conversation state, dropping writes',
  );
  const unread = new Map<string, true>();
  const markUnread = (key: string) => {
    if (unread.size >= UNREAD_KEYS_LIMIT) unread.delete(unread.keys().next().value as string);
    unread.set(key, true);
  };
  // The SQLite adapter is synchronous and may throw synchronously: run every call as a promise.
  const call = async <R>(operation: string, work: () => R | Promise<R>): Promise<R> => {
    const result = await withTimeout(Promise.resolve().then(work), timeoutMs, `session ${operation}`);
    outage.succeeded();
    return result;
  };

  const has = store.has?.bind(store);
  return {
    ...(has ? { has: (key: string) => call('has', () => has(key)) } : {}),
    read: async (key) => {
      try {
        const value = await call('read', () => store.read(key));
        unread.delete(key);
        return value;
      } catch (error) {
        outage.failed('read', error);
        markUnread(key);
        return undefined;
      }
    },
    write: async (key, value) => {
      if (unread.has(key)) return;
      try {
        await call('write', () => store.write(key, value));
      } catch (error) {
        outage.failed('write', error);
      }
    },
    delete: async (key) => {
      try {
        await call('delete', () => store.delete(key));
        unread.delete(key);
      } catch (error) {
        outage.failed('delete', error);
        throw error;
      }
    },
    readVersioned: async (key) => {
      try {
        const read = await call('read', () => store.readVersioned(key));
        unread.delete(key);
        return read;
      } catch (error) {
        outage.failed('read', error);
        markUnread(key);
        return { ok: false };
      }
    },
    writeIfUnchanged: async (key, value, version) => {
      try {
        return await call('write', () => store.writeIfUnchanged(key, value, version));
      } catch (error) {
        // Dropped, not retried: the answer goes out without its state, as during an outage.
        outage.failed('write', error);
        return true;
      }
    },
  };
};
