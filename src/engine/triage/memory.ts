/**
 * What triage remembers between turns: concept names (never message text) with the time they were last
 * seen, so "my left calf is swollen since the flight" and, later, "I am a bit short of breath too" are
 * read together. Forgotten after the hours set in context.yaml, and by /forget (a fresh state).
 */
import { extended, without } from '../objects.js';
import type { ConversationState, TriageFlag } from '../types.js';

const HOUR = 3_600_000;
/** A bound on what one conversation can hold (the carry list is far shorter). */
const MAX_FLAGS = 64;

/** Flags still fresh at `now`. */
export const freshFlags = (state: ConversationState, now: number, hours: number): TriageFlag[] =>
  (state.triageFlags ?? []).filter((item) => item.at <= now && now - item.at < hours * HOUR);

/** The state's flags after a turn: fresh ones kept, today's added or renewed. */
export const rememberFlags = (
  state: ConversationState,
  seen: readonly string[],
  now: number,
  hours: number,
): ConversationState => {
  const kept = freshFlags(state, now, hours).filter((item) => !seen.includes(item.flag));
  const flags = [...kept, ...seen.map((flag) => ({ flag, at: now }))].slice(-MAX_FLAGS);
  if (flags.length === 0) return without(state, 'triageFlags');
  return extended(state, { triageFlags: flags });
};
