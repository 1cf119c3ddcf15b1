import type { StorageAdapter } from 'grammy';
import {
  type CommandName,
  type ConversationState,
  type Engine,
  type EngineResult,
  initialState,
  type OutMessage,
  sameStoredState,
} from '../engine/index.js';
import type { Logger } from '../logger.js';
import type { SessionData } from '../sessions/index.js';

/**
 * One turn of the web chat, independent of Botkit: read the user's state from the session store, ask the
 * engine, store the new state. Turns of one user run one after another, so two tabs cannot interleave a
 * read and a write.
 */

export type WebInput =
  | { type: 'hello'; lang?: string }
  | { type: 'text'; text: string }
  | { type: 'button'; data: string }
  | { type: 'command'; name: CommandName }
  | { type: 'reset'; lang?: string };

export const COMMANDS: readonly CommandName[] = [
  'start',
  'help',
  'about',
  'topics',
  'emergency',
  'country',
  'forget',
  'language',
];

/** `/help`, `/Topics `, `/start@crampbot` → the command; anything else → null (treated as a question). */
export const COMMAND_PATTERN = new RegExp(`^\\s*/(${COMMANDS.join('|')})(?:@\\w+)?\\s*$`, 'i');

export const parseCommand = (text: string): CommandName | null => {
  const match = COMMAND_PATTERN.exec(text);
  return match ? ((match[1] as string).toLowerCase() as CommandName) : null;
};

/** Web users share the session store with Telegram chats; the prefix keeps the keys apart. */
export const sessionKey = (userId: string): string => `web:${userId}`;

export interface TurnDeps {
  engine: Engine;
  storage: StorageAdapter<SessionData>;
  logger: Logger;
}

export type TurnHandler = (userId: string, input: WebInput) => Promise<OutMessage[]>;

const sameState = sameStoredState;

export const createTurnHandler = ({ engine, storage, logger }: TurnDeps): TurnHandler => {
  const queues = new Map<string, Promise<unknown>>();

  const load = async (key: string): Promise<ConversationState> => {
    const stored = await storage.read(key);
    return { ...initialState(), ...(stored?.engine ?? {}) };
  };

  const run = async (userId: string, input: WebInput): Promise<OutMessage[]> => {
    const key = sessionKey(userId);
    if (input.type === 'reset') await storage.delete(key);
    const loaded = input.type === 'reset' ? initialState() : await load(key);
    // The page's language (browser or the page's switch) sets the language of the welcome and of buttons;
    // like Telegram's language_code it is only a default: every message is answered in its own language.
    const pageLang = input.type === 'hello' || input.type === 'reset' ? input.lang : undefined;
    const state = pageLang && loaded.lang !== pageLang ? { ...loaded, lang: pageLang } : loaded;
    let result: EngineResult;
    switch (input.type) {
      case 'hello':
      case 'reset':
        result = engine.command(state, 'start');
        break;
      case 'command':
        result = engine.command(state, input.name);
        break;
      case 'text':
        result = engine.respond(state, { type: 'text', text: input.text });
        break;
      case 'button':
        result = engine.respond(state, { type: 'button', data: input.data });
        break;
    }
    if (input.type === 'reset' || !sameState(state, result.state))
      await storage.write(key, { engine: result.state });
    // Never the text: health messages are sensitive.
    logger.debug(
      { channel: 'web', input: input.type, intent: result.intent, escalation: result.escalation },
      'web chat turn',
    );
    return result.messages;
  };

  return (userId, input) => {
    const previous = queues.get(userId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => run(userId, input));
    queues.set(userId, next);
    const cleanup = () => {
      if (queues.get(userId) === next) queues.delete(userId);
    };
    next.then(cleanup, cleanup);
    return next;
  };
};
