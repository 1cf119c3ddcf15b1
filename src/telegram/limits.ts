/** Telegram Bot API limits this channel has to respect (https://core.telegram.org/bots/api). */

/** A text message may hold at most 4,096 characters (UTF-16 code units, as JavaScript counts them). */
export const TELEGRAM_TEXT_LIMIT = 4096;

/** Callback data may hold at most 64 bytes. */
export const CALLBACK_DATA_LIMIT = 64;

/** Text of a callback answer (the toast) may hold at most 200 characters. */
export const CALLBACK_ANSWER_LIMIT = 200;

/** A long reply is split into at most this many messages; anything beyond is cut, never sent as a flood. */
export const MAX_PARTS_PER_MESSAGE = 4;

/** Updates the bot asks Telegram for; everything else is never delivered. */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query'] as const;

/** Longest question passed to the engine; Telegram delivers at most 4,096 characters of text anyway. */
export const MAX_QUESTION_CHARS = 4096;
