import { Redis } from 'ioredis';
import {
  DEFAULT_SESSION_TTL_MS,
  parseSession,
  type SessionData,
  serialiseSession,
  worthKeeping,
} from './data.js';
import { REDIS_SESSION_PREFIX, REDIS_UNFINISHED_PREFIX, REDIS_UPDATE_PREFIX } from './redis-keys.js';
import { type Claim, DONE_TTL_MS, PROCESSING_TTL_MS, type UpdateLedger } from './update-ledger.js';
import type { SessionStorage } from './versioned.js';

export { REDIS_SESSION_PREFIX, REDIS_UNFINISHED_PREFIX, REDIS_UPDATE_PREFIX };

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

/** Reads a session and renews its expiry: an unused session expires, one in use does not. */
const READ_AND_RENEW = `
local value = redis.call('GET', KEYS[1])
if value then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return value`;

/** Compare-and-set: writes (or, given an empty value, deletes) only if the key holds what was read. */
const WRITE_IF_UNCHANGED = `
local current = redis.call('GET', KEYS[1])
if (current or '') ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
return 1`;

/**
 * Sessions in Redis, so several bot instances (and the web chat) share them. Values are the same JSON
 * grammY's RedisAdapter wrote, validated on every read; keys get the app prefix and expire after `ttlMs`
 * without use. Only sessions with something worth keeping are written.
 */
export const redisSessions = (client: Redis, ttlMs: number = DEFAULT_SESSION_TTL_MS): SessionStorage => {
  const readRaw = async (key: string): Promise<string | null> =>
    (await client.eval(READ_AND_RENEW, 1, REDIS_SESSION_PREFIX + key, ttlMs)) as string | null;
  const encode = (value: SessionData): string => (worthKeeping(value) ? serialiseSession(value) : '');
  return {
    read: async (key) => parseSession(await readRaw(key)),
    write: async (key, value) => {
      const encoded = encode(value);
      if (encoded === '') await client.del(REDIS_SESSION_PREFIX + key);
      else await client.set(REDIS_SESSION_PREFIX + key, encoded, 'PX', ttlMs);
    },
    delete: async (key) => {
      await client.del(REDIS_SESSION_PREFIX + key);
    },
    has: async (key) => (await client.exists(REDIS_SESSION_PREFIX + key)) === 1,
    readVersioned: async (key) => {
      const raw = await readRaw(key);
      return { ok: true, data: parseSession(raw), version: raw };
    },
    writeIfUnchanged: async (key, value, version) =>
      (await client.eval(
        WRITE_IF_UNCHANGED,
        1,
        REDIS_SESSION_PREFIX + key,
        version ?? '',
        encode(value),
        ttlMs,
      )) === 1,
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
    await client
      .multi()
      .set(REDIS_UPDATE_PREFIX + key, 'done', 'PX', DONE_TTL_MS)
      .del(REDIS_UNFINISHED_PREFIX + key)
      .exec();
  },
  release: async (key) => {
    await client.del(REDIS_UPDATE_PREFIX + key);
  },
  keep: async (key, update) => {
    await client.set(REDIS_UNFINISHED_PREFIX + key, update, 'PX', DONE_TTL_MS);
  },
  unfinished: async (prefix) => {
    // Start-up only, and only the few updates a crash cut off: SCAN is fine here.
    const keys: string[] = [];
    const match = `${REDIS_UNFINISHED_PREFIX}${prefix}*`;
    let cursor = '0';
    do {
      const [next, batch] = await client.scan(cursor, 'MATCH', match, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    if (keys.length === 0) return [];
    const bodies = await client.mget(...keys);
    return keys.flatMap((redisKey, index) => {
      const update = bodies[index];
      return update ? [{ key: redisKey.slice(REDIS_UNFINISHED_PREFIX.length), update }] : [];
    });
  },
});
