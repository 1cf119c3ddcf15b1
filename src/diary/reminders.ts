import { setTimeout as sleep } from 'node:timers/promises';
import { Queue, Worker } from 'bullmq';
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
const RETENTION_SWEEP_EVERY_MS = 6 * 60 * 60_000;

interface FireDeps {
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

export const REMINDER_QUEUE = 'crampbot-reminders';

interface ReminderJob {
  user: string;
  reminderId: string;
  dueAt: number;
}

/** Job ids are deterministic: two instances queueing the same reminder make one job (BullMQ ignores the second add). */
const jobId = (reminderId: string, dueAt: number) => `rem-${reminderId}-${dueAt}`;

export interface BullSchedulerOptions extends FireDeps {
  redisUrl: string;
  /** Prefix of BullMQ's keys (tests use their own). */
  prefix?: string;
}

/**
 * With Redis: each reminder is a delayed BullMQ job; the worker that takes it queues the next day's job
 * (same deterministic id from every instance) and sends. BullMQ hands each job to exactly one worker across
 * instances, and its queue-wide rate limiter spaces the sends. The retention sweep is a BullMQ job
 * scheduler, so it too runs on one instance at a time.
 */
export const bullReminderScheduler = (
  options: BullSchedulerOptions,
): ReminderScheduler & { queue: Queue } => {
  const { clock, logger } = options;
  const connection = { url: options.redisUrl, maxRetriesPerRequest: null };
  const prefix = options.prefix ?? 'crampbot-bull';
  const queue = new Queue<ReminderJob>(REMINDER_QUEUE, {
    connection,
    prefix,
    // The events stream names only job ids, which carry a random reminder id, never the person.
    streams: { events: { maxLen: 1000 } },
  });
  let worker: Worker<ReminderJob> | undefined;

  const enqueue = async (user: string, reminder: Reminder) => {
    await queue.add(
      'remind',
      { user, reminderId: reminder.id, dueAt: reminder.nextAt },
      {
        jobId: jobId(reminder.id, reminder.nextAt),
        delay: Math.max(0, reminder.nextAt - clock.now()),
        removeOnComplete: true,
        removeOnFail: true,
      },
    );
  };

  const drop = async (reminder: Reminder) => {
    try {
      await queue.remove(jobId(reminder.id, reminder.nextAt));
    } catch (error) {
      // Running right now (locked): it finds the reminder gone or changed and does nothing.
      logger.debug({ err: (error as Error).message }, 'reminder job not removed');
    }
  };

  return {
    queue,
    changed: async (user, before, after) => {
      if (before && (!after || before.id !== after.id || before.nextAt !== after.nextAt)) await drop(before);
      if (after) await enqueue(user, after);
    },
    start: async () => {
      worker = new Worker<ReminderJob>(
        REMINDER_QUEUE,
        async (job) => {
          if (job.name === 'sweep') {
            await options.store.sweep(clock.now());
            return;
          }
          const { user, reminderId, dueAt } = job.data;
          await fireReminder(options, user, reminderId, dueAt, (next) => enqueue(user, next));
        },
        {
          connection,
          prefix,
          concurrency: 5,
          limiter: { max: REMINDERS_PER_SECOND, duration: 1000 },
        },
      );
      worker.on('error', (error) => logger.warn({ err: error.message }, 'reminder worker error'));
      worker.on('failed', (_job, error) => logger.warn({ err: error.message }, 'reminder job failed'));
      await queue.upsertJobScheduler(
        'retention-sweep',
        { every: RETENTION_SWEEP_EVERY_MS },
        { name: 'sweep', opts: { removeOnComplete: true, removeOnFail: true } },
      );
    },
    stop: async () => {
      await worker?.close();
      await queue.close();
    },
  };
};
