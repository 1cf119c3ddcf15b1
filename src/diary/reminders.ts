import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger.js';
import type { Clock } from './clock.js';
import { nextLocalTime } from './clock.js';
import type { Reminder } from './model.js';
import type { DiaryStore } from './store.js';

/** Sends one reminder; 'blocked' when Telegram says the person blocked the bot (403) or the chat is gone. */
export type SendReminder = (chatId: number) => Promise<'sent' | 'blocked'>;

export interface ReminderScheduler {
  /** The diary's reminder changed (set, moved, stopped, forgotten): queue the next one or drop it. */
  changed(user: string, before: Reminder | null, after: Reminder | null): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A reminder found this late (the process was down) is skipped: a bedtime stretch at 3 am helps nobody. */
export const MAX_LATE_MS = 60 * 60_000;
/** Telegram allows about 30 messages a second per bot; reminders keep well under it. */
export const REMINDERS_PER_SECOND = 25;
export const RETENTION_SWEEP_EVERY_MS = 6 * 60 * 60_000;

export interface FireDeps {
  store: DiaryStore;
  clock: Clock;
  send: SendReminder;
  logger: Logger;
}

/**
 * One due reminder: move it to its next day first (so a crash after sending never sends it twice from this
 * store), then send it unless it is stale; a blocked bot unsubscribes the person. Returns the reminder as
 * stored afterwards (null once stopped) or undefined if nothing was due (changed or deleted meanwhile).
 */
export const fireReminder = async (
  { store, clock, send, logger }: FireDeps,
  user: string,
  reminderId: string,
  dueAt: number,
  /** Runs once the next day is stored, before the send (BullMQ queues the next job here). */
  beforeSend: (next: Reminder) => Promise<void> = async () => {},
): Promise<Reminder | null | undefined> => {
  const now = clock.now();
  let fired: Reminder | undefined;
  const after = await store.update(user, (diary) => {
    const reminder = diary.reminder;
    if (!reminder || reminder.id !== reminderId || reminder.nextAt !== dueAt || diary.offsetMinutes === null)
      return diary;
    fired = reminder;
    const nextAt = nextLocalTime(Math.max(now, dueAt), reminder.time, diary.offsetMinutes);
    return { ...diary, reminder: { ...reminder, nextAt } };
  });
  if (!fired) return undefined;
  if (after.reminder) await beforeSend(after.reminder);
  if (now - dueAt > MAX_LATE_MS) {
    logger.info({ late_ms: now - dueAt }, 'reminder skipped: too late');
    return after.reminder;
  }
  let outcome: 'sent' | 'blocked';
  try {
    outcome = await send(fired.chatId);
  } catch (error) {
    // At most once: the next day is already stored, so a failed send is not repeated later tonight.
    logger.warn({ err: (error as Error).message }, 'reminder could not be sent');
    return after.reminder;
  }
  if (outcome === 'sent') return after.reminder;
  logger.info('reminder stopped: the person blocked the bot');
  const stopped = await store.update(user, (diary) =>
    diary.reminder?.id === reminderId ? { ...diary, reminder: null } : diary,
  );
  return stopped.reminder;
};

export interface LocalSchedulerOptions extends FireDeps {
  /** How often the store is checked for due reminders (real time). */
  pollMs?: number;
}

/**
 * Without Redis: one process owns the SQLite file, so it alone sends. The next due time of every
 * reminder is in the store, so a restart picks up where the last run stopped. Sends are spaced to stay
 * under Telegram's rate; entries older than 12 months are swept every few hours.
 */
export const localReminderScheduler = (
  options: LocalSchedulerOptions,
): ReminderScheduler & { tick(): Promise<number> } => {
  const { store, clock, logger } = options;
  const pollMs = options.pollMs ?? 15_000;
  const gapMs = 1000 / REMINDERS_PER_SECOND;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let lastSweep = 0;
  let stopped = true;

  const tick = async (): Promise<number> => {
    let sent = 0;
    // One batch per round: a reminder that cannot move on (e.g. changed meanwhile) never spins the loop.
    for (const user of await store.dueReminders(clock.now(), 1000)) {
      const reminder = (await store.read(user))?.reminder;
      if (!reminder) continue;
      if ((await fireReminder(options, user, reminder.id, reminder.nextAt)) !== undefined) sent += 1;
      await sleep(gapMs);
    }
    const now = clock.now();
    if (now - lastSweep >= RETENTION_SWEEP_EVERY_MS) {
      lastSweep = now;
      const swept = await store.sweep(now);
      if (swept > 0) logger.info({ diaries: swept }, 'entries older than 12 months dropped');
    }
    return sent;
  };

  const loop = () => {
    running = tick()
      .catch((error: unknown) => logger.warn({ err: (error as Error).message }, 'reminder round failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, pollMs);
      });
  };

  return {
    tick,
    changed: async () => {
      // The store holds the next due time; the next round sees the change.
    },
    start: async () => {
      stopped = false;
      loop();
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
};
