import pino from 'pino';
import type { Logger } from '../logger.js';
import { failSoftStorage } from './fail-soft.js';
import { openSqliteSessions } from './sqlite.js';
import { type UpdateLedger, withFallbackLedger } from './update-ledger.js';

export {
  DEFAULT_SESSION_TTL_MS,
  freshSession,
  type SessionData,
  toSessionData,
  worthKeeping,
} from './data.js';
export { failSoftStorage } from './fail-soft.js';
export { REDIS_SESSION_PREFIX, REDIS_UNFINISHED_PREFIX, REDIS_UPDATE_PREFIX } from './redis-keys.js';
export { type Claim, memoryLedger, type UpdateLedger } from './update-ledger.js';
export {
  asSessionStorage,
  isSessionStorage,
  type SessionRead,
  type SessionStorage,
} from './versioned.js';

import type { SessionStorage } from './versioned.js';

export interface SessionStore {
  kind: 'sqlite' | 'redis';
  /** Fails soft: an unreachable store reads as "no session" and drops writes (see fail-soft.ts). */
  adapter: SessionStorage;
  /** Which Telegram updates were handled, shared like the sessions (duplicate deliveries are dropped). */
  updates: UpdateLedger;
  close(): Promise<void>;
}

export interface SessionStoreOptions {
  /** SQLite file, created with its folder if missing; used when no Redis URL is given. */
  sqlitePath: string;
  /** When set, sessions live in Redis so several instances share them. */
  redisUrl?: string | undefined;
  /** Told about Redis connection errors (ioredis keeps reconnecting meanwhile). */
  onRedisError?: (error: Error) => void;
  /** Where store outages are logged (silent when absent). */
  logger?: Logger;
  /** Sessions unused for this long are deleted (Redis TTL, SQLite sweep); 90 days by default. */
  sessionTtlMs?: number;
  /** The clock for SQLite expiry (tests move it forward); Redis keeps its own. */
  now?: () => number;
}

/** One store for every channel (Telegram and the web chat): SQLite by default, Redis with a URL. */
export const createSessionStore = async (options: SessionStoreOptions): Promise<SessionStore> => {
  const logger = options.logger ?? pino({ level: 'silent' });
  if (options.redisUrl) {
    // ioredis is loaded only with a Redis URL: a single SQLite instance never pays for it at start-up.
    const { connectRedis, redisLedger, redisSessions } = await import('./redis.js');
    const client = await connectRedis(options.redisUrl, 'sessions', options.onRedisError);
    return {
      kind: 'redis',
      adapter: failSoftStorage(redisSessions(client, options.sessionTtlMs), { logger }),
      updates: withFallbackLedger(redisLedger(client), logger),
      close: async () => {
        if (client.status === 'end') return;
        // QUIT waits for pending replies, so writes issued before close() are not lost.
        await client.quit().catch(() => client.disconnect());
      },
    };
  }
  const sqlite = openSqliteSessions(options.sqlitePath, {
    ...(options.sessionTtlMs === undefined ? {} : { ttlMs: options.sessionTtlMs }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  return {
    kind: 'sqlite',
    adapter: failSoftStorage(sqlite.adapter, { logger }),
    updates: sqlite.updates,
    close: async () => sqlite.close(),
  };
};
