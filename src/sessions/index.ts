/**
 * CONTRACT PLACEHOLDER — session storage (SQLite by default, Redis with REDIS_URL) is being written.
 */
import type { StorageAdapter } from 'grammy';
import type { ConversationState } from '../engine/index.js';

/** All that is stored per user: the engine's small state. Never message text. */
export interface SessionData {
  engine: ConversationState;
}

export interface SessionStore {
  kind: 'sqlite' | 'redis';
  adapter: StorageAdapter<SessionData>;
  close(): Promise<void>;
}

export const createSessionStore = async (_options: { sqlitePath: string; redisUrl?: string | undefined }): Promise<SessionStore> => {
  throw new Error('not implemented yet');
};
