import { autoRetry } from '@grammyjs/auto-retry';
import type { Api, Transformer } from 'grammy';
import type { Logger } from '../logger.js';
import { describeError } from './errors.js';
import { ENGINE_COMMANDS } from './features/commands.js';

/**
 * Calls that only decorate (typing indicator, command menu). They are not retried: a typing indicator
 * that arrives a minute late is worse than none, and the bot must work where they fail (old self-hosted
 * Bot API servers, the test emulator).
 */
export const BEST_EFFORT_METHODS = new Set(['sendChatAction', 'setMyCommands']);

/**
 * @grammyjs/auto-retry for everything else: waits out 429 "retry after" answers and retries 5xx and
 * network errors with back-off. Bounded, so a message is not retried for ever while the person waits.
 */
export const retryTransformer = (): Transformer => {
  const retry = autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60 });
  return (call, method, payload, signal) =>
    BEST_EFFORT_METHODS.has(method) ? call(method, payload, signal) : retry(call, method, payload, signal);
};

const COMMAND_DESCRIPTIONS: Record<(typeof ENGINE_COMMANDS)[number], string> = {
  start: 'Welcome and topics',
  help: 'How to ask me',
  topics: 'All topics',
  emergency: 'What to do in an emergency',
  country: 'Choose your emergency number',
  about: 'Who I am, sources and privacy',
  forget: 'Delete what I remember about you',
};

export const BOT_COMMANDS = ENGINE_COMMANDS.map((command) => ({
  command,
  description: COMMAND_DESCRIPTIONS[command],
}));

/** Registers the "/" menu with setMyCommands; a failure is logged and the bot runs without the menu. */
export const registerCommands = async (api: Api, logger: Logger): Promise<boolean> => {
  try {
    await api.setMyCommands(BOT_COMMANDS);
    return true;
  } catch (error) {
    logger.warn({ err: describeError(error) }, 'setMyCommands failed; the command menu is not registered');
    return false;
  }
};
