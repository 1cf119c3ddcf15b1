import type { Middleware, StorageAdapter } from 'grammy';
import { type ConversationState, sameStoredState } from '../engine/index.js';
import type { SessionData } from '../sessions/index.js';
import type { BotContext } from './context.js';

/** The person's conversation state for one update, read on first use and written before the reply. */
export interface StoredConversation {
  /** The stored state, or a fresh one for a new person (and for updates with no person, e.g. channel posts). */
  load(): Promise<ConversationState>;
  /**
   * Stores the new state; skipped when nothing changed. Called before the reply is sent, so a crash right
   * after an answer never loses the state that answer announced, and the person's next update, even on
   * another instance, reads it.
   */
  save(state: ConversationState): Promise<void>;
  /** /forget: deletes the stored state (throws if the store cannot, so the bot never claims otherwise). */
  forget(): Promise<void>;
}

export interface StoredConversationFlavor {
  conversation: StoredConversation;
}

/**
 * Sessions are per person (not per chat), so /forget deletes everything about that person. Only a real
 * Telegram user id makes a key: an update without `from` (a channel post, an anonymous group admin) or
 * with a malformed one gets a fresh state that is never stored.
 */
export const sessionKey = (ctx: Pick<BotContext, 'from'>): string | undefined => {
  const id = ctx.from?.id;
  return typeof id === 'number' && Number.isSafeInteger(id) ? `telegram:${id}` : undefined;
};

const sameState = sameStoredState;

/**
 * Gives each update `ctx.conversation`. Lazy like grammY's lazySession (updates the bot ignores never touch
 * the store), but the write is explicit and happens before the reply, where lazySession would write after
 * the middleware returns, i.e. after the reply is already out.
 */
export const storedConversation =
  (storage: StorageAdapter<SessionData>, initial: () => ConversationState): Middleware<BotContext> =>
  (ctx, next) => {
    const key = sessionKey(ctx);
    let loading: Promise<ConversationState> | undefined;
    /** What the store holds for this person as far as this update knows; undefined means nothing. */
    let stored: ConversationState | undefined;
    const read = async (): Promise<ConversationState> => {
      if (key === undefined) return initial();
      stored = (await storage.read(key))?.engine;
      return stored ? { ...stored } : initial();
    };
    ctx.conversation = {
      load: () => {
        loading ??= read();
        return loading;
      },
      save: async (state) => {
        if (key === undefined || sameState(state, stored)) return;
        await storage.write(key, { engine: state });
        stored = { ...state };
      },
      forget: async () => {
        if (key === undefined) return;
        await storage.delete(key);
        stored = undefined;
      },
    };
    return next();
  };
