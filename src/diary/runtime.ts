import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { type Clock, systemClock } from './clock.js';
import { localReminderScheduler, type ReminderScheduler, type SendReminder } from './reminders.js';
import { createDiaryService, type DiaryService } from './service.js';
import { type DiaryStore, openSqliteDiaryStore, redisDiaryStore } from './store.js';
import { loadDiaryTexts } from './texts.js';

export interface DiaryRuntimeOptions {
  /** The sessions' SQLite file; the diary adds its own table to it. Used when no Redis URL is given. */
  sqlitePath: string;
  /** With Redis: diaries in Redis, reminders as BullMQ jobs shared by every instance. */
  redisUrl?: string | undefined;
  logger: Logger;
  clock?: Clock;
  /** Tests: how often the in-process scheduler looks for due reminders, and BullMQ's key prefix. */
  pollMs?: number;
  bullPrefix?: string;
  textsFile?: string;
}

export interface DiaryRuntime {
  service: DiaryService;
  store: DiaryStore;
  scheduler: ReminderScheduler;
  /** Starts sending reminders through `send` (the Telegram bot's API); the web chat alone never calls it. */
  startReminders(send: SendReminder): Promise<void>;
  close(): Promise<void>;
}

/** The diary's store, scheduler and service, wired for SQLite or Redis like the sessions. */
export const openDiary = async (options: DiaryRuntimeOptions): Promise<DiaryRuntime> => {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const texts = loadDiaryTexts(options.textsFile);
  let client: Redis | undefined;
  let store: DiaryStore;
  if (options.redisUrl) {
    const { connectRedis } = await import('../sessions/redis.js');
    client = await connectRedis(options.redisUrl, 'diary', (error) =>
      logger.debug({ err: error.message }, 'diary Redis connection error'),
    );
    store = redisDiaryStore(client);
  } else {
    store = openSqliteDiaryStore(options.sqlitePath);
  }
  let sender: SendReminder | undefined;
  const send: SendReminder = (chatId) => {
    if (!sender) return Promise.reject(new Error('reminders are not started'));
    return sender(chatId);
  };
  // BullMQ is loaded only with Redis: a single SQLite instance never pays for it at start-up.
  const scheduler = options.redisUrl
    ? (await import('./bull-scheduler.js')).bullReminderScheduler({
        store,
        clock,
        send,
        logger,
        redisUrl: options.redisUrl,
        prefix: options.bullPrefix,
      })
    : localReminderScheduler({ store, clock, send, logger, pollMs: options.pollMs });
  const service = createDiaryService({ store, scheduler, texts, clock, logger });
  let started = false;
  return {
    service,
    store,
    scheduler,
    startReminders: async (chosen) => {
      sender = chosen;
      started = true;
      await scheduler.start();
    },
    close: async () => {
      if (started) await scheduler.stop();
      else await (scheduler as { queue?: { close(): Promise<void> } }).queue?.close();
      await store.close();
      if (client && client.status !== 'end') await client.quit().catch(() => client?.disconnect());
    },
  };
};
