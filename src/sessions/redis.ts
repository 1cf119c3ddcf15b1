import { RedisAdapter } from '@grammyjs/storage-redis';
import type { StorageAdapter } from 'grammy';
import { Redis } from 'ioredis';
import { type SessionData, toSessionData } from './data.js';
import { type Claim, DONE_TTL_MS, PROCESSING_TTL_MS, type UpdateLedger } from './update-ledger.js';

/** Every key this app writes to Redis starts with this, so a shared Redis stays tidy. */
export const REDIS_SESSION_PREFIX = 'crampbot:session:';
export const REDIS_UPDATE_PREFIX = 'crampbot:update:';

/** A healthy Redis answers in about a millisecond; a reply later than this counts as an outage. */
export const REDIS_COMMAND_TIMEOUT_MS = 1000;

/**
 * A Redis client that fails fast and heals by itself. While the connection is down, commands fail at once
 * (no offline queue) instead of piling up behind a dead socket, and a command without a reply within a
 * second fails too (a half-open connection); callers fall back (see fail-soft.ts). ioredis keeps
 * reconnecting in the background (every 50 ms up to every 2 s), so the first command after Redis returns
 * works again, without a restart.
 */
export const connectRedis = async (
  url: string,
  name: string,
  onError: (error: Error) => void = () => {},
): Promise<Redis> => {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
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

/**
 * The update ledger in Redis, shared by every instance: one `SET NX` decides who handles an update, even
 * when the same update reaches two instances at the same moment.
 */
export const redisLedger = (client: Redis): UpdateLedger => ({
  claim: async (key): Promise<Claim> => {
    const redisKey = REDIS_UPDATE_PREFIX + key;
    if ((await client.set(redisKey, 'processing', 'PX', PROCESSING_TTL_MS, 'NX')) === 'OK') return 'claimed';
    // Gone between SET and GET means another instance just released it: let Telegram deliver it again.
    return (await client.get(redisKey)) === 'done' ? 'done' : 'in_progress';
  },
  finish: async (key) => {
    await client.set(REDIS_UPDATE_PREFIX + key, 'done', 'PX', DONE_TTL_MS);
  },
  release: async (key) => {
    await client.del(REDIS_UPDATE_PREFIX + key);
  },
});
