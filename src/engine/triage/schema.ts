import { z } from 'zod';
import { idSchema } from '../kb/schema.js';

/** Concept names are referenced from rules and from other concepts (`@name`), so keep them plain. */
export const conceptNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lower_snake_case, at most 40 characters');

/**
 * One way of saying a concept. Words are matched after the shared normaliser, typo-tolerantly, in order,
 * with up to two unrelated words between them. `@other` stands for one word of concept `other` (or, alone,
 * for all of `other`); `#` is any number and `#10+` a number of at least 10.
 */
const phraseSchema = z.string().trim().min(1).max(80);

export const ruleLevelSchema = z.enum(['emergency', 'urgent', 'gp']);

export const ruleSchema = z.strictObject({
  id: idSchema,
  level: ruleLevelSchema,
  /** Short name for buttons and reports. */
  title: z.string().trim().min(3).max(40),
  /** The row of medical-facts.md section 4 this rule follows, with its source tags. */
  basis: z.string().trim().min(3).max(200),
  /** Alternatives: the rule fires when every concept of any one alternative is present and not negated. */
  when: z.array(z.array(conceptNameSchema).min(1).max(6)).min(1),
  /** What to do now; `{number}` becomes the user's emergency number. */
  reply: z.string().trim().min(40).max(700),
  /** Messages that must fire this rule (checked by tests and by the knowledge linter). */
  examples: z.array(z.string().trim().min(3).max(500)).min(2),
  /** Near misses that must not fire this rule. */
  controls: z.array(z.string().trim().min(3).max(500)).min(1),
});
export type RuleFile = z.infer<typeof ruleSchema>;

export const redFlagsFileSchema = z.strictObject({
  /**
   * Real words that are one typo away from a symptom word ("while" / "white", "heard" / "heart"); they
   * are never read as typos.
   */
  not_typos: z.array(z.string().trim().min(1).max(40)).default([]),
  concepts: z.record(conceptNameSchema, z.array(phraseSchema).min(1)),
  rules: z.array(ruleSchema).min(1),
});
export type RedFlagsFile = z.infer<typeof redFlagsFileSchema>;

/** What another language gives each rule: its own title, reply, examples and controls. */
export const ruleTextSchema = ruleSchema.pick({ title: true, reply: true, examples: true, controls: true });

/** knowledge/red-flags.<lang>.yaml: concepts in that language and the rules' texts by rule id. */
export const redFlagsTranslationSchema = z.strictObject({
  not_typos: z.array(z.string().trim().min(1).max(40)).default([]),
  concepts: z.record(conceptNameSchema, z.array(phraseSchema).min(1)),
  rules: z.record(idSchema, ruleTextSchema),
});
