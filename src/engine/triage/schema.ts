import { z } from 'zod';
import { idSchema } from '../kb/schema.js';

/** Concept names are referenced from rules and from other concepts (`@name`), so keep them plain. */
export const conceptNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lower_snake_case, at most 40 characters');

/**
 * One way of saying a concept (see knowledge/red-flags/README.md). Words are matched after the shared
 * normaliser, typo-tolerantly and with common word forms, in order, with up to two unrelated words
 * between them; a phrase starting with `~` matches its words in any order within one clause. `@other`
 * stands for one word of concept `other` (or, alone, for all of `other`); `#` is any number and `#10+` a
 * number of at least 10; `word*` is any word starting with `word`.
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
  // "!name": the alternative holds only when concept `name` is absent ("pain for days" unless it is the
  // soreness after a cramp).
  when: z
    .array(
      z
        .array(z.union([conceptNameSchema, z.string().regex(/^!/).pipe(z.string())]))
        .min(1)
        .max(6),
    )
    .min(1),
  /** What to do now; `{number}` becomes the user's emergency number, `{crisis}` the country's crisis line. */
  reply: z.string().trim().min(40).max(700),
  /** One short line naming the reason, used when several rules of one level fire together. */
  reason: z.string().trim().min(3).max(120).optional(),
  /** Messages that must fire this rule (checked by tests and by the knowledge linter). */
  examples: z.array(z.string().trim().min(3).max(500)).min(2),
  /** Near misses that must not fire this rule. */
  controls: z.array(z.string().trim().min(3).max(500)).min(1),
});
export type RuleFile = z.infer<typeof ruleSchema>;

const notTyposSchema = z.array(z.string().trim().min(1).max(40)).default([]);
const conceptsSchema = z.record(conceptNameSchema, z.array(phraseSchema).min(1));

/** One file holding everything (used by small test fixtures). */
export const redFlagsFileSchema = z.strictObject({
  /**
   * Real words that are one typo away from a symptom word ("while" / "white", "heard" / "heart"); they
   * are never read as typos.
   */
  not_typos: notTyposSchema,
  concepts: conceptsSchema,
  rules: z.array(ruleSchema).min(1),
});
export type RedFlagsFile = z.infer<typeof redFlagsFileSchema>;

/** knowledge/red-flags/<family>.yaml: rules only. */
export const ruleFamilyFileSchema = z.strictObject({ rules: z.array(ruleSchema).min(1) });

/** Stemmers a lexicon may ask for; its words and the message's words are then compared as stems. */
export const STEMMER_NAMES = ['ru'] as const;

/** knowledge/red-flags/lexicons/<language>.yaml: ways of saying each concept, in one language. */
export const lexiconFileSchema = z.strictObject({
  language: z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code'),
  /** Compare this lexicon's words as stems (the message's words are stemmed the same way). */
  stemmer: z.enum(STEMMER_NAMES).optional(),
  not_typos: notTyposSchema,
  concepts: conceptsSchema,
});
export type LexiconFile = z.infer<typeof lexiconFileSchema>;

/**
 * knowledge/red-flags/context.yaml: how time, worry, numbers and earlier turns change what a concept
 * means. Every entry names concepts of the lexicons.
 */
export const contextFileSchema = z.strictObject({
  /** Phrases of these concepts claim their words: "32 weeks pregnant" is not "for weeks". */
  exclusive: z.array(conceptNameSchema).default([]),
  history: z
    .strictObject({
      /** A clause with one of these ("years ago", "used to") tells the past... */
      markers: conceptNameSchema,
      /** ...unless it also tells the present ("now", "again", "still"). */
      present: conceptNameSchema,
      /** Concepts that count even when past: risk factors ("had surgery", "on a statin"). */
      keeps: z.array(conceptNameSchema).default([]),
      /**
       * A recent day ("yesterday", "вчера") dates its clause as the past when a later clause says it is over
       * ("choked yesterday, fine now"); otherwise it tells the present ("since yesterday").
       */
      recent: conceptNameSchema.optional(),
      /** Words that say it is over: "fine now", "checked in hospital, all ok", "сейчас всё нормально". */
      resolved: conceptNameSchema.optional(),
      /**
       * Words that say a dated trouble goes on ("pinched a nerve a month ago, not getting better"): the clause
       * right before them tells when it began, not history.
       */
      ongoing: conceptNameSchema.optional(),
    })
    .optional(),
  /** Words after these are worry or supposition, not a report ("worried about clots", "what if"). */
  hypothetical: conceptNameSchema.optional(),
  /** A clause told from a film, a book or a dream ("in the film he drowned"): none of it is a report. */
  fiction: conceptNameSchema.optional(),
  /** Words of alarm: with no settled level, the bot asks the safety question first. */
  alarm: conceptNameSchema.optional(),
  /** Words that settle the worry or ask for facts ("both legs look the same"): no safety question. */
  calm: conceptNameSchema.optional(),
  /**
   * Questions that ask nothing ("what's the point of living", "зачем мне жить"): a message with one is a
   * report, never a general question.
   */
  rhetorical: conceptNameSchema.optional(),
  /** The one question asked first when `alarm` words leave the level unsettled, with its buttons. */
  safety_question: z
    .strictObject({
      text: z.string().trim().min(10).max(200),
      /** Said after "None of these" when the message had no topic to carry on with. */
      carry_on: z.string().trim().min(10).max(300),
      /**
       * Topics whose answer asks the same thing itself, first ("Is one of your legs like that now?"): a
       * worried question matched to one of them gets that answer instead of the question.
       */
      answered_by: z.array(idSchema).default([]),
      options: z
        .array(
          z.strictObject({
            id: idSchema,
            label: z.string().trim().min(2).max(40),
            /** Rules whose reply this button gives; none means "carry on with the conversation". */
            rules: z.array(idSchema).default([]),
          }),
        )
        .min(2)
        .max(6),
    })
    .optional(),
  /** Signs and risk factors remembered across turns (as concept names, never text) for `hours`. */
  carry: z
    .strictObject({
      hours: z.number().positive().max(72),
      concepts: z.array(conceptNameSchema).min(1),
    })
    .optional(),
});
export type ContextFile = z.infer<typeof contextFileSchema>;
