import { z } from 'zod';
import { type ConversationState, initialState } from '../engine/index.js';

/** All that is stored per user: the engine's small state. Never message text. */
export interface SessionData {
  engine: ConversationState;
  /**
   * Which update last changed the state, and the state that update's answer was computed from. If the
   * process dies after storing the new state and before the reply is out, the update comes again (or is
   * replayed) and is answered from these inputs: the same answer as the first time, not one computed from
   * the state the first attempt already advanced.
   */
  turn?: { update: string; engine: ConversationState };
}

/**
 * The stored shape, checked on every read and write: a value written by an older version, edited by
 * hand or corrupted is dropped (the user starts afresh) rather than crashing an update.
 */
const engineSchema = z.object({
  country: z.string().max(8).nullable(),
  lastIntent: z.string().max(64).nullable(),
  welcomed: z.boolean(),
  /** Red-flag concept names from recent turns with the time seen (never text); see ConversationState. */
  triageFlags: z
    .array(z.object({ flag: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), at: z.number().int().nonnegative() }))
    .max(64)
    .optional(),
  lang: z
    .string()
    .regex(/^[a-z]{2}$/)
    .optional(),
  /** The follow-up question just asked (ids only), so a typed answer is understood. */
  pending: z
    .object({ owner: z.string().max(64), followup: z.string().max(64) })
    .nullable()
    .optional(),
  /** The rules of the last urgent or emergency reply (ids) and when: "what do I do?" gets them again. */
  alert: z
    .object({
      rules: z.array(z.string().regex(/^[a-z][a-z0-9_]{0,63}$/)).max(8),
      at: z.number().int().nonnegative(),
    })
    .nullable()
    .optional(),
});
const sessionSchema = z.object({
  engine: engineSchema,
  turn: z.object({ update: z.string().max(200), engine: engineSchema }).optional(),
});

export const freshSession = (): SessionData => ({ engine: initialState() });

/** Returns a valid session or undefined; extra fields are stripped so nothing else is ever persisted. */
export const toSessionData = (value: unknown): SessionData | undefined => {
  const parsed = sessionSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

/** Serialises exactly the known fields (a stray property on the object never reaches the store). */
export const serialiseSession = (value: SessionData): string => {
  const data = toSessionData(value);
  if (!data) throw new TypeError('refusing to store an invalid session');
  return JSON.stringify(data);
};

export const parseSession = (raw: string | null | undefined): SessionData | undefined => {
  if (raw == null) return undefined;
  try {
    return toSessionData(JSON.parse(raw));
  } catch {
    return undefined;
  }
};

/**
 * Whether a session holds anything worth a row: a chosen country or a topic to follow up on. Having been
 * welcomed alone is not (a socket or a chat that only says hello stores nothing; at worst the "not a
 * doctor" note is shown once more with the first answer), so nobody can grow the store by saying hello.
 */
export const worthKeeping = (value: SessionData): boolean =>
  value.engine.country !== null ||
  value.engine.lastIntent !== null ||
  (value.engine.triageFlags?.length ?? 0) > 0 ||
  (value.engine.lang !== undefined && value.engine.lang !== 'en') ||
  Boolean(value.engine.pending);

/** How long an unused session is kept: 90 days after it was last read or written. */
export const DEFAULT_SESSION_TTL_MS = 90 * 24 * 60 * 60 * 1000;
