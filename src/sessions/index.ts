import type { StorageAdapter } from 'grammy';
import type { SessionData } from './data.js';
import { connectRedis, redisSessions } from './redis.js';
import { openSqliteSessions } from './sqlite.js';

export { freshSession, type SessionData, toSessionData } from './data.js';
export { REDIS_SESSION_PREFIX } from './redis.js';

export interface SessionStore {
  kind: 'sqlite' | 'redis';
  adapter: StorageAdapter<SessionData>;
  close(): Promise<void>;
}

export interface SessionStoreOptions {
  /** SQLite file, created with its folder if missing; used when no Redis URL is given. */
  sqlitePath: string;
  /** When set, sessions live in Redis so several instances share them. */
  redisUrl?: string | undefined;
  /** Told about Redis connection errors (ioredis keeps reconnecting meanwhile). */
  onRedisError?: (error: Error) => void;
}

/** One store for every channel (Telegram and the web chat): SQLite by default, Redis with a URL. */
export const createSessionStore = async (options: SessionStoreOptions): Promise<SessionStore> => {
  if (options.redisUrl) {
    const client = await connectRedis(options.redisUrl, 'sessions', options.onRedisError);
    return {
      kind: 'redis',
      adapter: redisSessions(client),
      close: async () => {
        if (client.status === 'end') return;
        // QUIT waits for pending replies, so writes issued before close() are not lost.
        await client.quit().catch(() => client.disconnect());
      },
    };
  }
  const sqlite = openSqliteSessions(options.sqlitePath);
  return { kind: 'sqlite', adapter: sqlite.adapter, close: async () => sqlite.close() };
};
