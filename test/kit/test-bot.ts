import { MemorySessionStorage, type StorageAdapter } from 'grammy';
import type { Update } from 'grammy/types';
import type { Engine } from '../../src/engine/index.js';
import type { SessionData, UpdateLedger } from '../../src/sessions/index.js';
import type { RateLimitOptions } from '../../src/telegram/features/rate-limit.js';
import { type BotDeps, createBot } from '../../src/telegram/index.js';
import { miniEngine } from './engine.js';
import { createFakeTelegram } from './fake-telegram.js';
import { captureLogs } from './logger.js';
import { BOT_INFO } from './updates.js';

export const TEST_TOKEN = '123456:TEST-token-for-tests-only_xyz';

export interface TestBotOptions {
  engine?: Engine;
  storage?: StorageAdapter<SessionData>;
  /** Handled updates; each test bot has its own in memory unless bots are to share one. */
  updates?: UpdateLedger;
  rateLimit?: Partial<RateLimitOptions>;
  defaultCountry?: string;
  logMessageText?: boolean;
}

/**
 * A real bot (createBot) with a known identity, the fixture engine, in-memory sessions, a fake Bot API
 * and captured logs. `send` runs one update through `bot.handleUpdate`, exactly as polling or a webhook
 * would.
 */
export const createTestBot = (options: TestBotOptions = {}) => {
  const telegram = createFakeTelegram();
  const logs = captureLogs();
  const storage = options.storage ?? new MemorySessionStorage<SessionData>();
  const deps: BotDeps = {
    token: TEST_TOKEN,
    engine: options.engine ?? miniEngine(),
    storage,
    updates: options.updates,
    logger: logs.logger,
    botInfo: BOT_INFO,
    // A large window keeps the limit out of the way of tests that are not about it.
    rateLimit: { limit: 1000, windowMs: 60_000, ...options.rateLimit },
    defaultCountry: options.defaultCountry,
    logMessageText: options.logMessageText ?? false,
    client: { fetch: telegram.fetch },
  };
  const bot = createBot(deps);
  return {
    bot,
    telegram,
    logs,
    storage,
    send: (update: Update) => bot.handleUpdate(update),
  };
};

export type TestBot = ReturnType<typeof createTestBot>;
