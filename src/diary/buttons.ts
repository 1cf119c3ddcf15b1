import { z } from 'zod';
import { type Duration, type Leg, offsetSchema } from './model.js';

/**
 * Callback data of the diary's buttons, all starting "d:". Telegram hands back whatever a client sends, so
 * every press is parsed strictly here; anything else is not a diary button (null), and a well-formed one
 * that names an entry the person no longer has gets a polite "no longer in your diary".
 */
export type DiaryButton =
  | { kind: 'log' }
  | { kind: 'last_night'; entry: string }
  | { kind: 'leg'; entry: string; leg: Leg }
  | { kind: 'duration'; entry: string; duration: Duration }
  | { kind: 'answer'; question: string; choice: string }
  | { kind: 'answers_done'; question: string }
  | { kind: 'questions' }
  | { kind: 'skip' }
  | { kind: 'timezone'; offsetMinutes: number }
  | { kind: 'remind'; time: string | null }
  | { kind: 'stretch' }
  | { kind: 'chart' };

export const DIARY_PREFIX = 'd:';

const LEG_CODES: Record<string, Leg> = { l: 'left', r: 'right', b: 'both' };
const DURATION_CODES: Record<string, Duration> = { s: 'short', m: 'medium', l: 'long' };
export const legCode = (leg: Leg): string => leg[0] as string;
export const durationCode = (duration: Duration): string =>
  Object.entries(DURATION_CODES).find(([, value]) => value === duration)?.[0] as string;

const ENTRY = '([a-z0-9]{8})';
const ID = '([a-z][a-z0-9_]{0,39})';

const patterns: [RegExp, (match: RegExpExecArray) => DiaryButton | null][] = [
  [/^d:c$/, () => ({ kind: 'log' })],
  [new RegExp(`^d:n:${ENTRY}$`), (m) => ({ kind: 'last_night', entry: m[1] as string })],
  [
    new RegExp(`^d:l:${ENTRY}:([lrb])$`),
    (m) => ({ kind: 'leg', entry: m[1] as string, leg: LEG_CODES[m[2] as string] as Leg }),
  ],
  [
    new RegExp(`^d:t:${ENTRY}:([sml])$`),
    (m) => ({
      kind: 'duration',
      entry: m[1] as string,
      duration: DURATION_CODES[m[2] as string] as Duration,
    }),
  ],
  [
    new RegExp(`^d:a:${ID}:${ID}$`),
    (m) => ({ kind: 'answer', question: m[1] as string, choice: m[2] as string }),
  ],
  [new RegExp(`^d:k:${ID}$`), (m) => ({ kind: 'answers_done', question: m[1] as string })],
  [/^d:q$/, () => ({ kind: 'questions' })],
  [/^d:x$/, () => ({ kind: 'skip' })],
  [
    /^d:z:(-?\d{1,3})$/,
    (m) => {
      const parsed = offsetSchema.safeParse(Number(m[1]));
      return parsed.success && parsed.data % 15 === 0
        ? { kind: 'timezone', offsetMinutes: parsed.data }
        : null;
    },
  ],
  [
    /^d:r:(off|([01]\d|2[0-3])([0-5]\d))$/,
    (m) => ({ kind: 'remind', time: m[1] === 'off' ? null : `${m[2]}:${m[3]}` }),
  ],
  [/^d:s$/, () => ({ kind: 'stretch' })],
  [/^d:g$/, () => ({ kind: 'chart' })],
];

/** Whether the data is meant for the diary at all (the engine never makes "d:" buttons). */
export const isDiaryData = (data: string): boolean => data.startsWith(DIARY_PREFIX);

export const parseDiaryButton = (data: unknown): DiaryButton | null => {
  const parsed = z.string().max(64).safeParse(data);
  if (!parsed.success) return null;
  for (const [pattern, build] of patterns) {
    const match = pattern.exec(parsed.data);
    if (match) return build(match);
  }
  return null;
};

export const buttonData = {
  log: () => 'd:c',
  lastNight: (entry: string) => `d:n:${entry}`,
  leg: (entry: string, leg: Leg) => `d:l:${entry}:${legCode(leg)}`,
  duration: (entry: string, duration: Duration) => `d:t:${entry}:${durationCode(duration)}`,
  answer: (question: string, choice: string) => `d:a:${question}:${choice}`,
  answersDone: (question: string) => `d:k:${question}`,
  questions: () => 'd:q',
  skip: () => 'd:x',
  timezone: (offsetMinutes: number) => `d:z:${offsetMinutes}`,
  remind: (time: string | null) => (time === null ? 'd:r:off' : `d:r:${time.replace(':', '')}`),
  stretch: () => 'd:s',
  chart: () => 'd:g',
};
