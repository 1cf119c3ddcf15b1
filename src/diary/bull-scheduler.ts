import { Queue, Worker } from 'bullmq';
import type { Reminder } from './model.js';
import {
  type FireDeps,
  fireReminder,
  REMINDERS_PER_SECOND,
  RETENTION_SWEEP_EVERY_MS,
  type ReminderScheduler,
} from './reminders.js';

export const REMINDER_QUEUE = 'crampbot-reminders';
/** How long stopping may take before the connections are simply dropped. */
const CLOSE_TIMEOUT_MS = 3000;

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
          let queued: Reminder | undefined;
          const after = await fireReminder(options, user, reminderId, dueAt, async (next) => {
            queued = next;
            await enqueue(user, next);
          });
          // Blocked (403): the reminder is gone, so is tomorrow's job that names the person.
          if (after === null && queued) await drop(queued);
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
      // Forced: a graceful close waits on the blocking Redis connection, which after a Redis outage can
      // outlast the shutdown grace. A job cut short is taken up again by a live worker; it finds the
      // next day already stored and does not send twice. Bounded, so shutdown always ends.
      let closed = false;
      const closing = Promise.allSettled([worker?.close(true), queue.close()]).then(() => {
        closed = true;
      });
      await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref())]);
      if (!closed) {
        await Promise.allSettled([worker?.disconnect(), queue.disconnect()]);
      }
    },
  };
};
