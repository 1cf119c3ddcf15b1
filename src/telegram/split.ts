import { MAX_PARTS_PER_MESSAGE, TELEGRAM_TEXT_LIMIT } from './limits.js';

const ELLIPSIS = '…';

/** True when cutting before `index` would separate a UTF-16 surrogate pair (an emoji, for instance). */
const splitsSurrogatePair = (text: string, index: number): boolean => {
  const before = text.charCodeAt(index - 1);
  return before >= 0xd800 && before <= 0xdbff;
};

/** Where to cut a text longer than `limit`: the last paragraph, line or word break that fits. */
const breakPoint = (text: string, limit: number): number => {
  const window = text.slice(0, limit + 1);
  // Breaks too early would make many tiny messages; only accept ones in the second half of the window.
  const floor = Math.floor(limit / 2);
  for (const separator of ['\n\n', '\n', ' ']) {
    const at = window.lastIndexOf(separator);
    if (at > floor) return at;
  }
  return splitsSurrogatePair(text, limit) ? limit - 1 : limit;
};

/** Shortens a text to at most `limit` characters, ending with an ellipsis. */
export const cutText = (text: string, limit: number): string => {
  if (text.length <= limit) return text;
  let end = limit - ELLIPSIS.length;
  if (splitsSurrogatePair(text, end)) end -= 1;
  return `${text.slice(0, end).trimEnd()}${ELLIPSIS}`;
};

/**
 * Splits a reply into Telegram-sized messages at paragraph, line or word breaks. At most `maxParts`
 * messages come out; the last one is cut with an ellipsis if the text is longer still.
 */
export const splitText = (
  text: string,
  limit = TELEGRAM_TEXT_LIMIT,
  maxParts = MAX_PARTS_PER_MESSAGE,
): string[] => {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit && parts.length < maxParts - 1) {
    const at = breakPoint(rest, limit);
    parts.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  parts.push(cutText(rest, limit));
  return parts.filter((part) => part.length > 0);
};
