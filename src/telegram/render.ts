import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Level, OutMessage, QuickReply } from '../engine/index.js';
import type { Logger } from '../logger.js';
import { CALLBACK_DATA_LIMIT } from './limits.js';
import { splitText } from './split.js';

/**
 * Telegram shows plain text (no parse_mode, so nothing a user or curator writes can break formatting or
 * inject links); emergencies are marked with an emoji at the very start, where every chat list and
 * notification preview shows it.
 */
const LEVEL_MARK: Partial<Record<Level, string>> = { emergency: '🚨', urgent: '⚠️' };

export const markedText = (message: OutMessage): string => {
  const text = message.text.trim();
  const mark = LEVEL_MARK[message.level];
  return mark && !text.startsWith(mark) ? `${mark} ${text}` : text;
};

const byteLength = (value: string): number => Buffer.byteLength(value, 'utf8');

type Button = { text: string; callback_data: string };

/** Up to this many buttons, one per row: labels are whole questions ("Any swelling or redness in one calf?"). */
const ONE_PER_ROW_UP_TO = 6;
/** In a longer menu (/topics has 30+), two short labels share a row so the keyboard stays phone-sized. */
const SHORT_LABEL = 22;

const layout = (buttons: Button[]): Button[][] => {
  if (buttons.length <= ONE_PER_ROW_UP_TO) return buttons.map((button) => [button]);
  const rows: Button[][] = [];
  for (const button of buttons) {
    const last = rows.at(-1);
    const pairable = last?.length === 1 && (last[0] as Button).text.length <= SHORT_LABEL;
    if (last && pairable && button.text.length <= SHORT_LABEL) last.push(button);
    else rows.push([button]);
  }
  return rows;
};

/** The inline keyboard for a message's quick replies; undefined when there are none. */
export const inlineKeyboard = (buttons: QuickReply[], logger: Logger): InlineKeyboardMarkup | undefined => {
  const valid = buttons.filter((button) => {
    // Telegram rejects the whole message if one button is invalid, so a bad one is dropped, not sent.
    const ok =
      button.label.trim() !== '' && button.data !== '' && byteLength(button.data) <= CALLBACK_DATA_LIMIT;
    if (!ok)
      logger.warn(
        { data: button.data, bytes: byteLength(button.data) },
        'button dropped: invalid for Telegram',
      );
    return ok;
  });
  const rows = layout(valid.map((button) => ({ text: button.label, callback_data: button.data })));
  return rows.length > 0 ? { inline_keyboard: rows } : undefined;
};

export interface TelegramMessage {
  text: string;
  reply_markup?: InlineKeyboardMarkup;
}

/** An engine message as Telegram messages: marked, split to the size limit, buttons under the last part. */
export const renderMessage = (message: OutMessage, logger: Logger): TelegramMessage[] => {
  const parts = splitText(markedText(message));
  const keyboard = inlineKeyboard(message.buttons, logger);
  return parts.map((text, index) =>
    keyboard && index === parts.length - 1 ? { text, reply_markup: keyboard } : { text },
  );
};
