import type { Middleware, StorageAdapter } from 'grammy';
import type { ConversationState } from '../engine/index.js';
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
 * Telegram's placeholder senders: "Telegram" (automatic forwards from a linked channel), @Channel_Bot (a
 * channel writing in a group) and @GroupAnonymousBot (an anonymous group admin). Each id stands for
 * thousands of unrelated chats, so it never identifies anyone.
 */
const PLACEHOLDER_USER_IDS = new Set([777_000, 136_817_688, 1_087_968_824]);

const isId = (id: unknown): id is number => typeof id === 'number' && Number.isSafeInteger(id);

/**
 * Who is speaking, for the session and the rate limit: a real Telegram user by id, and a message sent on
 * behalf of a chat (anonymous admin, channel) by that chat, never by the placeholder user it arrives as.
 * Undefined when there is nobody to key by (a channel post without a sender chat, a malformed id).
 */
export const senderKey = (ctx: Pick<BotContext, 'from' | 'msg' | 'chat'>): string | undefined => {
  const senderChat = ctx.msg?.sender_chat;
  if (senderChat) return isId(senderChat.id) ? `chat:${senderChat.id}` : undefined;
  const id = ctx.from?.id;
  if (!isId(id)) return undefined;
  if (!PLACEHOLDER_USER_IDS.has(id)) return String(id);
  return isId(ctx.chat?.id) ? `chat:${ctx.chat.id}` : undefined;
};

/**
 * Sessions are per person (not per chat), so /forget deletes everything about that person; a chat that
 * speaks through a placeholder user (see senderKey) is its own "person". Updates with nobody to key by get
 * a fresh state that is never stored.
 */
export const sessionKey = (ctx: Pick<BotContext, 'from' | 'msg' | 'chat'>): string | undefined => {
  const sender = senderKey(ctx);
  return sender === undefined ? undefined : `telegram:${sender}`;
};

const sameState = (a: ConversationState, b: ConversationState | undefined): boolean =>
  b !== undefined && a.country === b.country && a.lastIntent === b.lastIntent && a.welcomed === b.welcomed;

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
