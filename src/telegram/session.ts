import type { Middleware, StorageAdapter } from 'grammy';
import { type ConversationState, sameStoredState } from '../engine/index.js';
import type { Logger } from '../logger.js';
import { asSessionStorage, type SessionData, worthKeeping } from '../sessions/index.js';
import type { BotContext } from './context.js';

/** The person's conversation state for one update: read, turned and written back before the reply. */
export interface StoredConversation {
  /**
   * Runs `turn` on the person's stored state and stores the state it returns, before the caller sends
   * anything: a crash right after an answer never loses the state that answer announced, and the
   * person's next update, even on another instance, reads it. The write is a compare-and-set: if another
   * instance changed the stored state since it was read (the same person pressing a button there at the
   * same moment), the turn runs again on what that instance stored. If the state cannot be read (store
   * down or slow), the turn runs on a fresh state and nothing is written over the stored one.
   */
  apply<R extends { state: ConversationState }>(turn: (state: ConversationState) => R): Promise<R>;
  /**
   * /forget: deletes the stored state (throws if the store cannot, so the bot never claims otherwise) and
   * returns the fresh state the person starts from.
   */
  forget(): Promise<ConversationState>;
  /** The stored state, read only (the diary needs the country and what a person answered); fresh if none. */
  load(): Promise<ConversationState>;
}

export interface StoredConversationFlavor {
  conversation: StoredConversation;
  /** Set by the duplicate check (dedupe.ts): this delivery's ledger key, the same for every copy of it. */
  deliveryKey?: string;
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

const sameState = sameStoredState;

/** Compare-and-set rounds before giving up on storing (each round is one read and one write). */
const MAX_WRITE_ATTEMPTS = 5;

/**
 * Gives each update `ctx.conversation`. Lazy like grammY's lazySession (updates the bot ignores never touch
 * the store), but the write is explicit and happens before the reply, where lazySession would write after
 * the middleware returns, i.e. after the reply is already out.
 */
export const storedConversation = (
  adapter: StorageAdapter<SessionData>,
  initial: () => ConversationState,
  logger: Logger,
): Middleware<BotContext> => {
  const storage = asSessionStorage(adapter);
  /** A person the store knows nothing about, whose new state holds nothing to remember (a hello). */
  const nothingToKeep = (state: ConversationState) =>
    state.country === initial().country && !worthKeeping({ engine: state });
  return (ctx, next) => {
    const key = sessionKey(ctx);
    ctx.conversation = {
      apply: async (turn) => {
        if (key === undefined) return turn(initial());
        for (let attempt = 1; ; attempt += 1) {
          const read = await storage.readVersioned(key);
          if (!read.ok) return turn(initial());
          const stored = read.data?.engine;
          const update = ctx.deliveryKey;
          // This very update stored the state before and died before replying: answer from its inputs.
          const replayed =
            update !== undefined && read.data?.turn?.update === update ? read.data.turn : undefined;
          const inputs = replayed?.engine ?? (stored ? { ...stored } : initial());
          const result = turn(inputs);
          if (sameState(result.state, stored) || (!stored && nothingToKeep(result.state))) return result;
          const value: SessionData = {
            engine: result.state,
            ...(update === undefined ? {} : { turn: { update, engine: inputs } }),
          };
          if (await storage.writeIfUnchanged(key, value, read.version)) return result;
          if (attempt >= MAX_WRITE_ATTEMPTS) {
            logger.warn(
              { update_id: ctx.update.update_id, attempts: attempt },
              'session kept changing under this update; answered without storing its state',
            );
            return result;
          }
        }
      },
      forget: async () => {
        if (key !== undefined) await storage.delete(key);
        return initial();
      },
      load: async () => {
        if (key === undefined) return initial();
        const read = await storage.readVersioned(key);
        return (read.ok ? read.data?.engine : undefined) ?? initial();
      },
    };
    return next();
  };
};
