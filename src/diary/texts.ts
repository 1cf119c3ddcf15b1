import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { codeFingerprint } from '../engine/kb/compiled.js';
import { fromZodError, KnowledgeError } from '../engine/kb/errors.js';
import { idSchema } from '../engine/kb/schema.js';
import { defaultSnapshotDir, readSnapshotBytes, writeSnapshotBytes } from '../engine/kb/snapshot.js';

const line = z.string().trim().min(2);
const label = z.string().trim().min(1).max(40);

const adviceSchema = z.strictObject({ level: z.enum(['urgent', 'gp']), text: line });

/** A question whose answer comes only from buttons; the diary keeps the choice ids, never words. */
const questionSchema = z
  .strictObject({
    id: idSchema,
    text: line.max(120),
    summary_label: line.max(60),
    red_flag: z.boolean(),
    multi: z.boolean().default(false),
    choices: z
      .array(z.strictObject({ id: idSchema, label }))
      .min(2)
      .max(8),
    advice: z.record(idSchema, adviceSchema).default({}),
  })
  .refine(
    (question) => Object.keys(question.advice).every((id) => question.choices.some((c) => c.id === id)),
    {
      message: 'advice names a choice the question does not have',
      path: ['advice'],
    },
  );
export type DiaryQuestion = z.infer<typeof questionSchema>;

/** knowledge/diary.yaml: every line of the diary, the summary and the reminder. */
export const diaryTextsSchema = z.strictObject({
  log_button: label,
  log_button_under: z.array(idSchema).min(1),
  logged: line,
  when_now: line,
  when_last_night: line,
  last_night_button: label,
  legs: z.strictObject({ left: label, right: label, both: label }),
  ask_duration: line,
  durations: z.strictObject({ short: label, medium: label, long: label }),
  saved: line,
  entry_gone: line,
  long_cramp_advice: line,
  frequent_advice: line,
  questions_intro: line,
  skip_button: label,
  done_button: label,
  questions_skipped: line,
  questions_done: line,
  questions: z
    .array(questionSchema)
    .min(1)
    .refine((list) => new Set(list.map((q) => q.id)).size === list.length, 'question ids must be unique'),
  answers_button: label,
  diary_empty: line,
  caption: line,
  chart_title: line,
  chart_cramps: label,
  chart_stretch: label,
  summary_button_diary: label,
  summary_footer: line,
  tz_question: line,
  tz_set: line,
  tz_unclear: line,
  remind_usage: line,
  remind_current: line,
  remind_set: line,
  remind_off: line,
  remind_none: line,
  remind_bad_time: line,
  reminder: line,
  stretch_logged: line,
  stretch_button: label,
  reminder_off_button: label,
  mydata_caption: line,
  mydata_empty: line,
  web_only_telegram: line,
});
export type DiaryTexts = z.infer<typeof diaryTextsSchema>;

export const DIARY_TEXTS_FILE = 'knowledge/diary.yaml';

/** Bumped if what a texts snapshot holds changes shape; part of its name. */
const FORMAT = 'crampbot-diary-texts-1';

/**
 * Name of the checked texts of this file as this code reads them: the file's bytes, this module's own
 * source (its schema) and the engine's code fingerprint (schema helpers, the yaml and zod versions), so a
 * change to any of them is a new name and the file is parsed and checked again.
 */
const snapshotName = (text: string): string | null => {
  try {
    const digest = createHash('sha256').update(FORMAT).update(codeFingerprint());
    digest.update(readFileSync(fileURLToPath(import.meta.url)));
    return `${digest.update('\0').update(text).digest('hex')}.diary.json`;
  } catch {
    return null; // own source unreadable: no snapshot, parse every time
  }
};

/**
 * Loads and checks knowledge/diary.yaml; a bad file throws a KnowledgeError naming the field. The checked
 * result is kept in the knowledge snapshot folder (see engine/kb/snapshot.ts; null: none), so a start with
 * an unchanged file skips parsing YAML, most of the diary's start-up; only a file that passed every check
 * is kept.
 */
export const loadDiaryTexts = (
  file = join(process.cwd(), DIARY_TEXTS_FILE),
  snapshotDir: string | null = defaultSnapshotDir(),
): DiaryTexts => {
  const shown = relative(process.cwd(), file) || file;
  let raw: unknown;
  let name: string | null = null;
  try {
    const text = readFileSync(file, 'utf8');
    name = snapshotDir ? snapshotName(text) : null;
    const stored = name ? readSnapshotBytes(snapshotDir, name) : null;
    if (stored) {
      try {
        return JSON.parse(stored.toString('utf8')) as DiaryTexts;
      } catch {
        // half-written or damaged: parse the file
      }
    }
    raw = parseYaml(text);
  } catch (error) {
    throw new KnowledgeError(shown, null, `cannot be read as YAML: ${(error as Error).message}`);
  }
  const parsed = diaryTextsSchema.safeParse(raw);
  if (!parsed.success) throw fromZodError(shown, parsed.error);
  if (name) writeSnapshotBytes(snapshotDir, name, () => Buffer.from(JSON.stringify(parsed.data)));
  return parsed.data;
};

/** Fills {name} placeholders; an unknown one stays visible rather than silently vanishing. */
export const fill = (template: string, values: Record<string, string | number>): string =>
  template
    .replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole))
    .trim();
