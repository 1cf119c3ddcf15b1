import type { Chat, Message, MessageEntity, Update, User, UserFromGetMe } from 'grammy/types';

/**
 * Builders for the updates Telegram sends, with just the fields grammY and the bot read. Ids count up
 * per builder so every update and message is distinct.
 */
export const BOT_USER: User = {
  id: 4242,
  is_bot: true,
  first_name: 'crampbot',
  username: 'crampbot_test_bot',
};

/** What getMe would say: a known identity lets tests skip the network round-trip (grammY's `botInfo`). */
export const BOT_INFO = {
  ...BOT_USER,
  is_bot: true,
  username: 'crampbot_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
} as UserFromGetMe;

export const person = (id = 1001, firstName = 'Alex'): User => ({ id, is_bot: false, first_name: firstName });

export const privateChat = (user: User): Chat.PrivateChat => ({
  id: user.id,
  type: 'private',
  first_name: user.first_name,
});

export const groupChat = (id = -100_555): Chat.SupergroupChat => ({
  id,
  type: 'supergroup',
  title: 'Runners club',
});

export interface MessageOptions {
  from?: User;
  chat?: Chat;
  entities?: MessageEntity[];
  replyTo?: Message;
}

export const createUpdates = (start = 1) => {
  let updateId = start;
  let messageId = start * 10;
  const date = () => 1_764_000_000;

  const base = (options: MessageOptions) => {
    const from = options.from ?? person();
    return {
      message_id: messageId++,
      date: date(),
      from,
      chat: options.chat ?? privateChat(from),
      ...(options.replyTo
        ? { reply_to_message: options.replyTo as Message & { reply_to_message: undefined } }
        : {}),
    };
  };

  const textMessage = (text: string, options: MessageOptions = {}): Message =>
    ({
      ...base(options),
      text,
      ...(options.entities ? { entities: options.entities } : {}),
    }) as Message;

  /** Entities Telegram adds: a command at the start, @mentions wherever they are. */
  const entitiesFor = (text: string): MessageEntity[] => {
    const entities: MessageEntity[] = [];
    const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
    if (command) entities.push({ type: 'bot_command', offset: 0, length: command[0].length });
    for (const mention of text.matchAll(/@[A-Za-z0-9_]{3,}/g)) {
      if (mention.index === 0 && command) continue;
      entities.push({ type: 'mention', offset: mention.index ?? 0, length: mention[0].length });
    }
    return entities;
  };

  return {
    /** A text message; entities for commands and mentions are added as Telegram would. */
    message: (text: string, options: MessageOptions = {}): Update => {
      const entities = options.entities ?? entitiesFor(text);
      return {
        update_id: updateId++,
        message: textMessage(text, entities.length ? { ...options, entities } : options),
      } as Update;
    },
    command: (name: string, options: MessageOptions = {}): Update => {
      const text = `/${name}`;
      return {
        update_id: updateId++,
        message: textMessage(text, { ...options, entities: entitiesFor(text) }),
      } as Update;
    },
    edited: (original: Update, text: string): Update => {
      const message = original.message as Message;
      return {
        update_id: updateId++,
        edited_message: { ...message, text, edit_date: date() + 60 } as Message,
      } as Update;
    },
    /** A press on an inline button under one of the bot's messages. */
    callback: (data: string, options: { from?: User; chat?: Chat } = {}): Update => {
      const from = options.from ?? person();
      const chat = options.chat ?? privateChat(from);
      return {
        update_id: updateId++,
        callback_query: {
          id: `cq-${updateId}`,
          from,
          chat_instance: `ci-${chat.id}`,
          data,
          message: { message_id: messageId++, date: date(), chat, from: BOT_USER, text: 'an earlier answer' },
        },
      } as Update;
    },
    /** A non-text message; `extra` supplies e.g. a caption. */
    media: (
      kind: 'sticker' | 'photo' | 'voice' | 'location' | 'document',
      options: MessageOptions & { caption?: string } = {},
    ): Update => {
      const content: Record<string, unknown> = {
        sticker: {
          sticker: {
            file_id: 's1',
            file_unique_id: 'u1',
            type: 'regular',
            width: 512,
            height: 512,
            is_animated: false,
            is_video: false,
          },
        },
        photo: { photo: [{ file_id: 'p1', file_unique_id: 'u2', width: 90, height: 90 }] },
        voice: { voice: { file_id: 'v1', file_unique_id: 'u3', duration: 3 } },
        location: { location: { latitude: 51.5, longitude: -0.12 } },
        document: { document: { file_id: 'd1', file_unique_id: 'u4' } },
      }[kind] as Record<string, unknown>;
      return {
        update_id: updateId++,
        message: {
          ...base(options),
          ...content,
          ...(options.caption ? { caption: options.caption } : {}),
        } as Message,
      } as Update;
    },
    /** A live location moving: Telegram sends it as an edited message every few seconds. */
    editedLocation: (options: MessageOptions = {}): Update =>
      ({
        update_id: updateId++,
        edited_message: {
          ...base(options),
          edit_date: date(),
          location: { latitude: 51.6, longitude: -0.1 },
        },
      }) as Update,
    /** A message the bot sent earlier, for "reply to the bot" updates. */
    botMessage: (chat: Chat): Message =>
      ({ message_id: messageId++, date: date(), chat, from: BOT_USER, text: 'an earlier answer' }) as Message,
    /** Someone joining a group: a service message nobody should answer. */
    serviceMessage: (chat: Chat): Update =>
      ({
        update_id: updateId++,
        message: { ...base({ chat }), new_chat_members: [person(77, 'Sam')] },
      }) as Update,
  };
};

export type UpdateBuilders = ReturnType<typeof createUpdates>;
