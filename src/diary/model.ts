import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * What the diary stores about one person: only what buttons and commands produce (times, leg, duration,
 * choice ids, the reminder time and the UTC offset). Never message text. Checked on every read and write,
 * so a value edited by hand or written by another version is repaired or dropped, never trusted.
 */

export const LEGS = ['left', 'right', 'both'] as const;
export type Leg = (typeof LEGS)[number];
export const DURATIONS = ['short', 'medium', 'long'] as const;
export type Duration = (typeof DURATIONS)[number];

/** Entry ids are short and random: they travel in callback data (64 bytes at most). */
const entryId = z.string().regex(/^[a-z0-9]{8}$/);
const time = z.number().int().nonnegative();
/** Real UTC offsets run from -12:00 to +14:00. */
export const offsetSchema = z
  .number()
  .int()
  .min(-12 * 60)
  .max(14 * 60);
/** "22:30": 24-hour clock. */
export const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const crampSchema = z.strictObject({
  id: entryId,
  /** When it happened (ms since the epoch); "last night" is stored as 03:00 local of that night. */
  at: time,
  leg: z.enum(LEGS).nullable(),
  duration: z.enum(DURATIONS).nullable(),
  /** What the person said: "now" (the moment they logged it) or "last night" (time unknown). */
  when: z.enum(['now', 'last_night']).default('now'),
});
export type Cramp = z.infer<typeof crampSchema>;

export const reminderSchema = z.strictObject({
  /** Random: job ids in Redis carry it, so they say nothing about the person once the diary is gone. */
  id: z.string().regex(/^[a-z0-9]{8,16}$/),
  time: clockTimeSchema,
  /** Where to send it (the private chat with the person). */
  chatId: z.number().int(),
  /** The next time it is due (UTC ms), for the in-process scheduler and for removing a queued job. */
  nextAt: time,
});
export type Reminder = z.infer<typeof reminderSchema>;

export const diarySchema = z.strictObject({
  cramps: z.array(crampSchema).max(5000),
  /** When the person tapped Done under a stretch reminder. */
  stretches: z.array(time).max(1000),
  /** Question id → chosen choice ids, with when it was answered. */
  answers: z.record(
    z.string().max(40),
    z.strictObject({ choices: z.array(z.string().max(40)).max(10), at: time }),
  ),
  offsetMinutes: offsetSchema.nullable(),
  reminder: reminderSchema.nullable(),
  /** Waiting for the person to say what time it is (then set this reminder time, if any). */
  pendingTimezone: z.strictObject({ remind: clockTimeSchema.nullable(), until: time }).nullable(),
  /** When the "questions for the summary" were last offered, and the GP-pattern advice last shown. */
  questionsOfferedAt: time.nullable(),
  frequentAdviceAt: time.nullable(),
});
export type Diary = z.infer<typeof diarySchema>;

export const emptyDiary = (): Diary => ({
  cramps: [],
  stretches: [],
  answers: {},
  offsetMinutes: null,
  reminder: null,
  pendingTimezone: null,
  questionsOfferedAt: null,
  frequentAdviceAt: null,
});

/** Whether anything about the person is stored at all (an empty diary is deleted, not kept). */
export const isEmptyDiary = (diary: Diary): boolean =>
  diary.cramps.length === 0 &&
  diary.stretches.length === 0 &&
  Object.keys(diary.answers).length === 0 &&
  diary.offsetMinutes === null &&
  diary.reminder === null &&
  diary.pendingTimezone === null;

export const parseDiary = (raw: string | null | undefined): Diary | undefined => {
  if (raw == null) return undefined;
  try {
    const parsed = diarySchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

export const serialiseDiary = (diary: Diary): string => JSON.stringify(diarySchema.parse(diary));

export const newId = (length = 8): string => {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
};

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Entries older than this are dropped (the privacy promise: 12 months). */
export const RETENTION_MS = 365 * DAY_MS;

/** The diary without entries older than 12 months; answers older than that go too. */
export const pruneDiary = (diary: Diary, now: number): Diary => {
  const cutoff = now - RETENTION_MS;
  const answers = Object.fromEntries(
    Object.entries(diary.answers).filter(([, answer]) => answer.at >= cutoff),
  );
  return {
    ...diary,
    cramps: diary.cramps.filter((cramp) => cramp.at >= cutoff),
    stretches: diary.stretches.filter((at) => at >= cutoff),
    answers,
    pendingTimezone:
      diary.pendingTimezone && diary.pendingTimezone.until > now ? diary.pendingTimezone : null,
  };
};

/** The oldest dated thing in a diary, for the retention sweep; null when there is none. */
export const oldestEntry = (diary: Diary): number | null => {
  const times = [
    ...diary.cramps.map((cramp) => cramp.at),
    ...diary.stretches,
    ...Object.values(diary.answers).map((answer) => answer.at),
  ];
  return times.length > 0 ? Math.min(...times) : null;
};
