import type { StorageAdapter } from 'grammy';
import type { Logger } from '../logger.js';
import { createOutageLog, withTimeout } from './outage.js';

/** Longer than any healthy store takes (Redis on a LAN answers in about a millisecond). */
export const STORE_TIMEOUT_MS = 2000;

export interface FailSoftOptions {
  logger: Logger;
  timeoutMs?: number;
}

/**
 * A session store whose outage does not silence the bot. A read that fails or hangs reads as "no
 * session", so the person gets a stateless answer (triage runs on every message, so red flags still
 * escalate); a write that fails is dropped. Deletes still fail loudly: /forget must not say it forgot
 * what is still stored. Nothing is cached, so once the store answers again (ioredis reconnects by itself)
 * the next update reads the stored state as before.
 */
export const failSoftStorage = <T>(inner: StorageAdapter<T>, options: FailSoftOptions): StorageAdapter<T> => {
  const timeoutMs = options.timeoutMs ?? STORE_TIMEOUT_MS;
  const outage = createOutageLog(
    options.logger,
    'session store',
    'answering without the stored conversation state, dropping writes',
  );
  // The SQLite adapter is synchronous and may throw synchronously: run every call as a promise.
  const call = async <R>(operation: string, work: () => R | Promise<R>): Promise<R> => {
    const result = await withTimeout(Promise.resolve().then(work), timeoutMs, `session ${operation}`);
    outage.succeeded();
    return result;
  };

  const has = inner.has?.bind(inner);
  return {
    ...(has ? { has: (key: string) => call('has', () => has(key)) } : {}),
    read: async (key) => {
      try {
        return await call('read', () => inner.read(key));
      } catch (error) {
        outage.failed('read', error);
        return undefined;
      }
    },
    write: async (key, value) => {
      try {
        await call('write', () => inner.write(key, value));
      } catch (error) {
        outage.failed('write', error);
      }
    },
    delete: async (key) => {
      try {
        await call('delete', () => inner.delete(key));
      } catch (error) {
        outage.failed('delete', error);
        throw error;
      }
    },
  };
};
