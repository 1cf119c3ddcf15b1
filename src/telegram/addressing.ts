import type { Message, UserFromGetMe } from 'grammy/types';

/** A "/name@target args" command at the start of a message. */
export interface ParsedCommand {
  /** Lower-case command name without the slash. */
  name: string;
  /** Lower-case bot username after "@", if the command named one. */
  target: string | undefined;
}

const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?(?=\s|$)/;

/** Parses a bot command from the start of a text; null if the text is not a command. */
export const parseCommand = (text: string): ParsedCommand | null => {
  const match = COMMAND.exec(text);
  if (!match) return null;
  return { name: (match[1] as string).toLowerCase(), target: match[2]?.toLowerCase() };
};

/** A command without "@bot" is for whichever bot reads it; with "@bot" only for that one. */
export const isCommandForMe = (command: ParsedCommand, me: UserFromGetMe): boolean =>
  command.target === undefined || command.target === me.username.toLowerCase();

type TextualMessage = Pick<
  Message,
  'text' | 'caption' | 'entities' | 'caption_entities' | 'reply_to_message'
>;

const textAndEntities = (message: TextualMessage) => ({
  text: message.text ?? message.caption ?? '',
  entities: message.entities ?? message.caption_entities ?? [],
});

/** "@crampbot ..." (mention) or a tap on the bot's name (text_mention). */
export const mentionsMe = (message: TextualMessage, me: UserFromGetMe): boolean => {
  const { text, entities } = textAndEntities(message);
  const handle = `@${me.username}`.toLowerCase();
  return entities.some(
    (entity) =>
      (entity.type === 'mention' &&
        text.slice(entity.offset, entity.offset + entity.length).toLowerCase() === handle) ||
      (entity.type === 'text_mention' && entity.user.id === me.id),
  );
};

export const repliesToMe = (message: TextualMessage, me: UserFromGetMe): boolean =>
  message.reply_to_message?.from?.id === me.id;

/** Whether a group message is meant for the bot: a command for it, a mention, or a reply to it. */
export const isAddressedToMe = (message: TextualMessage, me: UserFromGetMe): boolean => {
  const command = message.text ? parseCommand(message.text) : null;
  if (command) return isCommandForMe(command, me);
  return mentionsMe(message, me) || repliesToMe(message, me);
};

const escapeRegExp = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Removes "@crampbot" from a question so the engine sees only the question. */
export const withoutMention = (text: string, me: UserFromGetMe): string =>
  text
    .replace(new RegExp(`@${escapeRegExp(me.username)}(?![A-Za-z0-9_])`, 'gi'), ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
