/**
 * The engine's public vocabulary. Channels (Telegram, web, CLI) only ever see these types.
 */

/** Triage levels, highest first. */
export const LEVELS = ['emergency', 'urgent', 'gp', 'none'] as const;
export type Level = (typeof LEVELS)[number];

/** What a quick-reply button does when pressed. Encoded compactly into `data` (Telegram allows 64 bytes). */
export type Action =
  | { kind: 'intent'; id: string }
  | { kind: 'reply'; id: string }
  | { kind: 'redflag'; id: string }
  | { kind: 'details'; id: string }
  /** Opens follow-up question `followup` of an intent's (or named reply's) answer. */
  | { kind: 'followup'; owner: string; followup: string }
  | { kind: 'country'; code: string }
  /** Chooses the language of replies to buttons and commands (`/language`). */
  | { kind: 'language'; code: string }
  | { kind: 'menu' }
  /** An answer to the safety question; `intent` is the topic to carry on with after "None of these". */
  | { kind: 'safety'; option: string; intent?: string };

export interface QuickReply {
  label: string;
  /** Opaque action token, at most 64 bytes; pass it back as `{ type: 'button', data }`. */
  data: string;
}

export type MessageKind =
  | 'escalation'
  | 'answer'
  | 'details'
  | 'followup'
  | 'clarify'
  | 'out_of_scope'
  | 'welcome'
  | 'info'
  | 'expired';

export interface OutMessage {
  kind: MessageKind;
  /** Plain text, no markup: channels escape or style it as they need. */
  text: string;
  /** Escalation level this message carries; channels style `emergency`/`urgent` so nobody can miss them. */
  level: Level;
  buttons: QuickReply[];
  /** The emergency number named in the text, when there is one (channels may render it as a tel: link). */
  emergencyNumber?: string;
}

/**
 * Everything the engine remembers between turns. Deliberately small: no message text is kept,
 * only ids from the knowledge base and the user's country choice.
 */
export interface ConversationState {
  /** ISO-like country code chosen by the user, or null for the configured default. */
  country: string | null;
  /** The intent answered last, for one turn of context ("and what about magnesium?"). */
  lastIntent: string | null;
  /** Whether the welcome (with the not-a-doctor note) has been shown. */
  welcomed: boolean;
  /**
   * Language of the conversation so far ("en", "ru"): of the last message, or chosen with /language, or
   * the channel default (Telegram language_code). Only a default: a message is answered in its own
   * language. Absent means English.
   */
  lang?: string;
  /**
   * Red-flag signs and risk factors from recent turns, as concept names with the time seen (never text),
   * so a conversation is triaged as a whole. Dropped after a day and by /forget.
   */
  triageFlags?: TriageFlag[];
  /**
   * The follow-up question the bot has just asked (its buttons are showing), so a typed "yes" or "most
   * nights" is read as its answer. Ids only; absent or null when no question is pending.
   */
  pending?: PendingQuestion | null;
  /**
   * The red-flag rules (ids) of the last urgent or emergency reply and when it was given, so a "what do I
   * do?" right after it gets that advice again rather than a topic. Ids and a time only, never text.
   */
  alert?: RecentAlert | null;
}

export interface RecentAlert {
  rules: string[];
  /** Milliseconds since the epoch. */
  at: number;
}

export interface TriageFlag {
  /** A concept name of the red-flag lexicons, e.g. "dvt_risk". */
  flag: string;
  /** Milliseconds since the epoch when it was last reported. */
  at: number;
}

/** A follow-up question by id: `owner` is the intent or named reply whose answer holds it. */
export interface PendingQuestion {
  owner: string;
  followup: string;
}

/** Whether two states would be stored the same (channels skip writing unchanged state). */
export const sameStoredState = (a: ConversationState, b: ConversationState | undefined): boolean =>
  b !== undefined &&
  a.country === b.country &&
  a.lastIntent === b.lastIntent &&
  a.welcomed === b.welcomed &&
  (a.pending?.owner ?? null) === (b.pending?.owner ?? null) &&
  (a.pending?.followup ?? null) === (b.pending?.followup ?? null) &&
  a.lang === b.lang &&
  JSON.stringify(a.triageFlags ?? []) === JSON.stringify(b.triageFlags ?? []);

export const initialState = (): ConversationState => ({ country: null, lastIntent: null, welcomed: false });

export type UserInput = { type: 'text'; text: string } | { type: 'button'; data: string };

export interface IntentCandidate {
  intent: string;
  confidence: number;
}

export interface Classification {
  /** Best intent, or null when out of scope. */
  intent: string | null;
  confidence: number;
  runnersUp: IntentCandidate[];
  /** A short message with nothing but vague words ("leg", "cramps??", "help"): ask, don't guess. */
  vague?: boolean;
}

export interface TriageResult {
  level: Level;
  /** Ids of the red-flag rules that fired, highest level first. */
  rules: string[];
  /** Words of alarm with no settled level: ask the safety question before any self-care advice. */
  ask?: boolean;
  /** Signs and risk factors seen now (concept names, never text), to remember for the next turns. */
  carry?: string[];
}

export interface EngineResult {
  messages: OutMessage[];
  state: ConversationState;
  intent: string | null;
  confidence: number;
  escalation: Level;
  /** The reply asks the safety question first ("Is any of this happening now?"); the classify contract's "ask". */
  asked?: boolean;
  /** Language the turn was answered in ("en", "ru"). */
  lang?: string;
}
