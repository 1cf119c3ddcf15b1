import { Composer } from 'grammy';
import { COMMAND_NAMES, type CommandName, isCommandName } from '../../engine/index.js';
import { isCommandForMe, parseCommand } from '../addressing.js';
import type { BotContext } from '../context.js';
import { takeTurn } from '../conversation.js';
import type { FeatureDeps } from './deps.js';

/** The engine's commands, in the order the Telegram menu lists them. */
export const ENGINE_COMMANDS: readonly CommandName[] = COMMAND_NAMES;

const isEngineCommand = isCommandName;

/**
 * /start, /help, /about, /topics, /emergency, /country and /forget, from new and edited messages alike.
 * Commands for other bots ("/start@otherbot") are left alone; an unknown command gets /help, but in a
 * group only when it names this bot, since plain "/stats" there is probably for another bot.
 */
export const commandsFeature = ({ engine, logger }: FeatureDeps): Composer<BotContext> => {
  const composer = new Composer<BotContext>();
  composer.on(['message:text', 'edited_message:text'], async (ctx, next) => {
    const command = parseCommand(ctx.msg.text);
    if (!command) return next();
    if (!isCommandForMe(command, ctx.me)) {
      ctx.trace.outcome = 'ignored';
      ctx.trace.note = 'command_for_another_bot';
      return;
    }
    let name: CommandName = 'help';
    if (isEngineCommand(command.name)) name = command.name;
    else if (ctx.chat.type !== 'private' && command.target === undefined) {
      ctx.trace.outcome = 'ignored';
      ctx.trace.note = 'unknown_group_command';
      return;
    }
    await takeTurn(ctx, logger, (state) => engine.command(state, name), { forget: name === 'forget' });
    ctx.trace.note = `command:${name}`;
  });
  return composer;
};
