import type { ApiCall } from '../kit/fake-telegram.js';

/** Callback data of the inline buttons in a sendMessage payload, row by row flattened. */
export const buttonData = (call: ApiCall | undefined): string[] => {
  const markup = call?.payload.reply_markup as { inline_keyboard: { callback_data: string }[][] } | undefined;
  return (markup?.inline_keyboard ?? []).flat().map((button) => button.callback_data);
};
