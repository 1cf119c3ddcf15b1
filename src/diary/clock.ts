import { DAY_MS } from './model.js';

/** Time as the diary sees it; tests inject a clock they move by hand. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

const MINUTE_MS = 60_000;

/** A person's local wall-clock time as a UTC-based Date (read it with getUTC*). */
export const localDate = (at: number, offsetMinutes: number): Date =>
  new Date(at + offsetMinutes * MINUTE_MS);

const pad = (value: number) => String(value).padStart(2, '0');

export const formatClock = (at: number, offsetMinutes: number): string => {
  const local = localDate(at, offsetMinutes);
  return `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "3 Nov 2026" for a local day number (days since the epoch in local time). */
export const formatDay = (day: number, withYear = true): string => {
  const date = new Date(day * DAY_MS);
  const text = `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
  return withYear ? `${text} ${date.getUTCFullYear()}` : text;
};

/** Local calendar day number (days since 1970-01-01 in the person's time). */
export const localDay = (at: number, offsetMinutes: number): number =>
  Math.floor((at + offsetMinutes * MINUTE_MS) / DAY_MS);

/**
 * The night a moment belongs to, named by the evening's local day: from noon to the next noon. A cramp at
 * 02:00 on the 5th belongs to the night of the 4th, like one at 23:00 on the 4th.
 */
export const nightOf = (at: number, offsetMinutes: number): number =>
  Math.floor((at + offsetMinutes * MINUTE_MS - DAY_MS / 2) / DAY_MS);

/** Whether a moment is night-time locally (21:00 to 07:00). */
export const isNightTime = (at: number, offsetMinutes: number): boolean => {
  const hour = localDate(at, offsetMinutes).getUTCHours();
  return hour >= 21 || hour < 7;
};

/** "Last night", stored as 03:00 local of the most recent night that has begun before today's evening. */
export const lastNightAt = (now: number, offsetMinutes: number): number => {
  const today = localDay(now, offsetMinutes);
  const threeToday = today * DAY_MS + 3 * 60 * MINUTE_MS - offsetMinutes * MINUTE_MS;
  return threeToday <= now ? threeToday : threeToday - DAY_MS;
};

/** Minutes after midnight of "22:30". */
export const clockMinutes = (time: string): number => {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
};

/** The first moment after `after` at which the local clock shows `time`. */
export const nextLocalTime = (after: number, time: string, offsetMinutes: number): number => {
  const day = localDay(after, offsetMinutes);
  for (let candidateDay = day; ; candidateDay += 1) {
    const at = candidateDay * DAY_MS + clockMinutes(time) * MINUTE_MS - offsetMinutes * MINUTE_MS;
    if (at > after) return at;
  }
};

/**
 * Reads a typed time ("21:47", "9:47 pm", "21.47", "2147" is not accepted) as minutes after midnight;
 * null for anything else, so ordinary questions are never mistaken for a time.
 */
export const parseTypedTime = (text: string): number | null => {
  const match = /^\s*(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?\s*$/i.exec(text);
  if (!match) return null;
  let hours = Number(match[1]);
  const minutes = match[2] === undefined ? 0 : Number(match[2]);
  const meridiem = match[3]?.toLowerCase().replace(/\./g, '');
  if (match[2] === undefined && !meridiem) return null;
  if (minutes > 59) return null;
  if (meridiem) {
    if (hours < 1 || hours > 12) return null;
    hours = (hours % 12) + (meridiem === 'pm' ? 12 : 0);
  } else if (hours > 23) return null;
  return hours * 60 + minutes;
};

/**
 * The UTC offset implied by "it is HH:MM here" at `now`, rounded to a quarter hour (every real zone is a
 * multiple of 15 minutes) and brought into -12:00..+14:00.
 */
export const offsetFromLocalMinutes = (now: number, localMinutes: number): number => {
  const utcMinutes = Math.floor((now % DAY_MS) / MINUTE_MS);
  let offset = localMinutes - utcMinutes;
  offset = Math.round(offset / 15) * 15;
  while (offset < -12 * 60) offset += 24 * 60;
  while (offset > 14 * 60) offset -= 24 * 60;
  return offset;
};

/** "22:30" from minutes after midnight. */
export const clockFromMinutes = (minutes: number): string =>
  `${pad(Math.floor(minutes / 60) % 24)}:${pad(minutes % 60)}`;
