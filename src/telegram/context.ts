import type { Context } from 'grammy';
import type { Level } from '../engine/index.js';
import type { StoredConversationFlavor } from './session.js';

/** How an update ended, for the one log line each update gets. */
export type Outcome = 'answered' | 'ignored' | 'rate_limited' | 'unhandled' | 'failed';

/** What the log line for an update says besides timing; never any message text. */
export interface UpdateTrace {
  outcome: Outcome;
  intent?: string | null;
  escalation?: Level;
  /** A short reason when the outcome alone does not explain it, e.g. "other_bot_command". */
  note?: string;
}

export interface TraceFlavor {
  trace: UpdateTrace;
}

/** Sessions are lazy: updates the bot ignores (group chatter, media) never touch the store. */
export type BotContext = Context & StoredConversationFlavor & TraceFlavor;
