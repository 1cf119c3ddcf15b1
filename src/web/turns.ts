import type { StorageAdapter } from 'grammy';
import { withAnswerButton } from '../diary/answer-button.js';
import type { DiaryReply, DiaryService } from '../diary/service.js';
import {
  COMMAND_NAMES,
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

export const COMMANDS: readonly CommandName[] = COMMAND_NAMES;

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
  /** The cramp diary (/cramp, /diary, /summary, /mydata and its buttons); no reminders on the web. */
  diary?: DiaryService | undefined;
  /** Where the diary's chart and /mydata file are kept for the page to fetch; returns the URL path. */
  shelve?: ((userId: string, filename: string, type: string, body: Buffer) => string) | undefined;
}

/** A web message: the engine's, or the diary's with a picture or a file to download. */
export type WebMessage = OutMessage & { attachment?: { kind: 'image' | 'file'; url: string; name: string } };

export type TurnHandler = (userId: string, input: WebInput) => Promise<WebMessage[]>;

/** "/diary", "/remind 22:30": the diary's commands as typed in the web chat. */
const DIARY_COMMAND = /^\s*\/(cramp|diary|summary|remind|mydata)(?:@\w+)?(?:\s+(.*))?$/i;

const sameState = sameStoredState;

export const createTurnHandler = ({ engine, storage, logger, diary, shelve }: TurnDeps): TurnHandler => {
  const queues = new Map<string, Promise<unknown>>();

  const load = async (key: string): Promise<ConversationState> => {
    const stored = await storage.read(key);
    return { ...initialState(), ...(stored?.engine ?? {}) };
  };

  const toWeb = (userId: string, replies: DiaryReply[]): WebMessage[] =>
    replies.flatMap((reply): WebMessage[] => {
      const base = { kind: 'info' as const, level: 'none' as const, buttons: [] };
      switch (reply.kind) {
        case 'text':
          return [{ ...base, text: reply.text, level: reply.level, buttons: reply.rows.flat() }];
        case 'photo': {
          const url = shelve?.(userId, 'cramp-diary.png', 'image/png', reply.png);
          return [
            {
              ...base,
              text: reply.caption,
              ...(url ? { attachment: { kind: 'image', url, name: 'cramp-diary.png' } } : {}),
            },
          ];
        }
        case 'document': {
          const url = shelve?.(
            userId,
            reply.filename,
            'application/json',
            Buffer.from(reply.content, 'utf8'),
          );
          return [
            {
              ...base,
              text: reply.caption,
              ...(url ? { attachment: { kind: 'file', url, name: reply.filename } } : {}),
            },
          ];
        }
        default:
          // Re-marked multi-choice buttons: the page cannot edit a message, so the question comes again.
          return [{ ...base, text: reply.text, buttons: reply.rows.flat() }];
      }
    });

  /** The diary's part of a turn; null when the input is not for the diary. */
  const diaryTurn = async (userId: string, input: WebInput): Promise<WebMessage[] | null> => {
    if (!diary) return null;
    const key = sessionKey(userId);
    const state = await load(key);
    const countries = engine.kb.countries;
    const emergencyNumber = countries.byCode.get(state.country ?? countries.defaultCode)?.number ?? '112';
    const turn = { user: key, emergencyNumber };
    if (input.type === 'command' && input.name === 'forget') {
      await diary.forget(key);
      return null;
    }
    if (input.type === 'button') {
      const replies = await diary.button(turn, input.data);
      return replies && toWeb(userId, replies);
    }
    if (input.type !== 'text') return null;
    const command = DIARY_COMMAND.exec(input.text);
    if (command) {
      const name = (command[1] as string).toLowerCase() as Parameters<DiaryService['command']>[1];
      const extra = name === 'mydata' ? { conversation: state } : {};
      return toWeb(userId, await diary.command(turn, name, command[2] ?? '', extra));
    }
    const replies = await diary.text(turn, input.text);
    return replies && toWeb(userId, replies);
  };

  const run = async (userId: string, input: WebInput): Promise<WebMessage[]> => {
    const fromDiary = await diaryTurn(userId, input);
    if (fromDiary) {
      logger.debug({ channel: 'web', input: input.type, diary: true }, 'web chat turn');
      return fromDiary;
    }
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
    result = withAnswerButton(result, diary?.logButtonFor);
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
