import { setTimeout as sleep } from 'node:timers/promises';
import { autoRetry } from '@grammyjs/auto-retry';
import { type Api, HttpError, type Transformer } from 'grammy';
import type { Logger } from '../logger.js';
import { describeError } from './errors.js';
import { ENGINE_COMMANDS } from './features/commands.js';

/**
 * Calls that only decorate (typing indicator, command menu). They are not retried: a typing indicator
 * that arrives a minute late is worse than none, and the bot must work where they fail (old self-hosted
 * Bot API servers, the test emulator).
 */
export const BEST_EFFORT_METHODS = new Set(['sendChatAction', 'setMyCommands']);

export interface RetryOptions {
  /** Retries after a network error (connection refused or dropped, timeout, a proxy's HTML error page). */
  networkRetries?: number;
  /** Wait before the first network retry; doubles with each further one. */
  networkDelayMs?: number;
}

/**
 * @grammyjs/auto-retry for everything else: waits out 429 "retry after" answers (up to 60 s) and retries
 * 5xx with back-off, at most 3 times. Network errors are retried here instead, also a bounded number of
 * times: auto-retry would retry those for ever, holding the update (and a webhook request) open while
 * Telegram is unreachable. A retried sendMessage whose first attempt did arrive shows up twice; a lost
 * answer would be worse.
 */
export const retryTransformer = (options: RetryOptions = {}): Transformer => {
  const retry = autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowHttpErrors: true });
  const networkRetries = options.networkRetries ?? 3;
  const networkDelayMs = options.networkDelayMs ?? 1000;
  return async (call, method, payload, signal) => {
    if (BEST_EFFORT_METHODS.has(method)) return call(method, payload, signal);
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await retry(call, method, payload, signal);
      } catch (error) {
        if (!(error instanceof HttpError) || attempt >= networkRetries || signal?.aborted) throw error;
        await sleep(networkDelayMs * 2 ** attempt);
      }
    }
  };
};

type Descriptions = Record<(typeof ENGINE_COMMANDS)[number], string>;

const COMMAND_DESCRIPTIONS: Descriptions = {
  start: 'Welcome and topics',
  help: 'How to ask me',
  topics: 'All topics',
  emergency: 'What to do in an emergency',
  country: 'Choose your emergency number',
  about: 'Who I am, sources and privacy',
  forget: 'Delete what I remember about you',
  language: 'Language / Язык',
};

/** The "/" menu for people whose Telegram is set to Russian (setMyCommands with language_code "ru"). */
const COMMAND_DESCRIPTIONS_RU: Descriptions = {
  start: 'Начало и темы',
  help: 'Как задать вопрос',
  topics: 'Все темы',
  emergency: 'Что делать в экстренном случае',
  country: 'Выбрать номер экстренной службы',
  about: 'Кто я, источники и приватность',
  forget: 'Удалить то, что я о вас помню',
  language: 'Язык / Language',
};

/** The diary's commands (src/telegram/features/diary.ts), listed after /topics in the menu. */
const DIARY_COMMANDS = [
  { command: 'cramp', description: 'Log a cramp now' },
  { command: 'diary', description: 'Your cramp diary as a chart' },
  { command: 'summary', description: 'A summary to show a doctor' },
  { command: 'remind', description: 'Bedtime calf stretch reminder' },
  { command: 'mydata', description: 'Everything I store about you' },
];

const DIARY_COMMANDS_RU = [
  { command: 'cramp', description: 'Записать судорогу' },
  { command: 'diary', description: 'Дневник судорог (график)' },
  { command: 'summary', description: 'Сводка для врача' },
  { command: 'remind', description: 'Напоминание о растяжке перед сном' },
  { command: 'mydata', description: 'Всё, что я о вас храню' },
];

const menu = (descriptions: Descriptions, diary: typeof DIARY_COMMANDS) => {
  const engine = ENGINE_COMMANDS.map((command) => ({ command, description: descriptions[command] }));
  const afterTopics = ENGINE_COMMANDS.indexOf('topics') + 1;
  return [...engine.slice(0, afterTopics), ...diary, ...engine.slice(afterTopics)];
};

export const BOT_COMMANDS = menu(COMMAND_DESCRIPTIONS, DIARY_COMMANDS);

/** Command menus by Telegram language_code; the English one is also the default for every other language. */
export const BOT_COMMANDS_BY_LANGUAGE: Readonly<Record<string, ReturnType<typeof menu>>> = {
  ru: menu(COMMAND_DESCRIPTIONS_RU, DIARY_COMMANDS_RU),
};

/** Registers the "/" menu with setMyCommands; a failure is logged and the bot runs without the menu. */
export const registerCommands = async (api: Api, logger: Logger): Promise<boolean> => {
  try {
    await api.setMyCommands(BOT_COMMANDS);
    for (const [language_code, commands] of Object.entries(BOT_COMMANDS_BY_LANGUAGE))
      await api.setMyCommands(commands, { language_code: language_code as 'ru' });
    return true;
  } catch (error) {
    logger.warn({ err: describeError(error) }, 'setMyCommands failed; the command menu is not registered');
    return false;
  }
};
