import { RedisAdapter } from '@grammyjs/storage-redis';
import type { StorageAdapter } from 'grammy';
import { Redis } from 'ioredis';
import { type SessionData, toSessionData } from './data.js';

/** Every key this app writes to Redis starts with this, so a shared Redis stays tidy. */
export const REDIS_SESSION_PREFIX = 'crampbot:session:';

/**
 * A Redis client that fails fast: commands error after two reconnect attempts instead of queueing for
 * ever, so an update during a Redis outage gets an apology rather than hanging the chat.
 */
export const connectRedis = async (
  url: string,
  name: string,
  onError: (error: Error) => void = () => {},
): Promise<Redis> => {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 2,
    connectionName: `crampbot-${name}`,
  });
  // Without a listener ioredis prints every reconnect failure to the console; the caller decides instead.
  let lastError: Error | undefined;
  client.on('error', (error: Error) => {
    lastError = error;
    onError(error);
  });
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    // connect() only says "Connection is closed"; the error event before it says why (ECONNREFUSED ...).
    const reason = lastError?.message ?? (error as Error).message;
    throw new Error(`cannot connect to Redis at ${redactUrl(url)}: ${reason}`);
  }
  return client;
};

/** Hides a password in a redis:// URL before it is printed. */
export const redactUrl = (url: string): string => {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(invalid URL)';
  }
};

/**
 * Sessions in Redis via grammY's own adapter, so several bot instances (and the web chat) share them.
 * Reads are validated like the SQLite ones; keys get the app prefix.
 */
export const redisSessions = (client: Redis): StorageAdapter<SessionData> => {
  const inner = new RedisAdapter<unknown>({ instance: client });
  return {
    read: async (key) => toSessionData(await inner.read(REDIS_SESSION_PREFIX + key)),
    write: async (key, value) => {
      const data = toSessionData(value);
      if (!data) throw new TypeError('refusing to store an invalid session');
      await inner.write(REDIS_SESSION_PREFIX + key, data);
    },
    delete: (key) => inner.delete(REDIS_SESSION_PREFIX + key),
    has: async (key) => (await client.exists(REDIS_SESSION_PREFIX + key)) === 1,
  };
};
