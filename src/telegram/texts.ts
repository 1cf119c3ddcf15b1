/**
 * Lines only the Telegram channel needs. Everything the engine can say lives in knowledge/messages.yaml;
 * these cover failures of the channel itself.
 */
export const channelTexts = {
  apology: (number: string) =>
    `Sorry, something went wrong on my side. Please try again in a moment. If you feel seriously unwell, call ${number}.`,
  captionNote: "I can't see pictures or files, so I answered only the words you wrote with it.",
} as const;
