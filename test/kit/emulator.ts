import { createServer } from 'node:net';
// The package's main entry replaces module.exports, which TypeScript's ESM view cannot type; this file exports the class by name.
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';

/** A free TCP port on loopback (the emulator treats port 0 as "use 9000", so we pick one ourselves). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });

/** A message the bot sent, as the emulator stores it (the sendMessage request body). */
export interface EmulatedBotMessage {
  chat_id: number | string;
  text: string;
  reply_markup?: { inline_keyboard?: { text: string; callback_data: string }[][] };
}

export const buttonsOf = (message: EmulatedBotMessage | undefined): string[] =>
  (message?.reply_markup?.inline_keyboard ?? []).flat().map((button) => button.callback_data);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * telegram-test-api on 127.0.0.1 plus a chat user. The user sends through the emulator's client
 * (sendMessage, sendCommand, sendCallback); replies are read from its `POST /getUpdates` endpoint directly,
 * because the bundled client's getUpdates() keeps polling after its timeout and can swallow later replies.
 */
export const startEmulator = async () => {
  const port = await freePort();
  const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 120 });
  await server.start();
  const apiRoot = server.config.apiURL;

  const user = (token: string, chatId: number) => {
    const client = server.getClient(token, { chatId, userId: chatId, firstName: 'Robin', timeout: 5000 });
    const received: EmulatedBotMessage[] = [];
    return {
      say: (text: string) => client.sendMessage(client.makeMessage(text)),
      command: (text: string) => client.sendCommand(client.makeCommand(text)),
      press: (data: string) => client.sendCallback(client.makeCallbackQuery(data)),
      /** Every bot message so far, in order. */
      received,
      /**
       * Polls the emulator until `done` holds for the messages that arrived since `since`
       * (a count of already-seen messages); fails after `deadlineMs`.
       */
      waitFor: async (
        since: number,
        done: (messages: EmulatedBotMessage[]) => boolean,
        deadlineMs = 10_000,
      ): Promise<EmulatedBotMessage[]> => {
        const giveUp = Date.now() + deadlineMs;
        for (;;) {
          const response = await fetch(`${apiRoot}/getUpdates`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ token, chatId }),
          });
          const body = (await response.json()) as { result: { message: EmulatedBotMessage }[] };
          received.push(...body.result.map((update) => update.message));
          const fresh = received.slice(since);
          if (done(fresh)) return fresh;
          if (Date.now() > giveUp) {
            throw new Error(
              `no matching reply in time; got: ${JSON.stringify(fresh.map((m) => m.text.slice(0, 60)))}`,
            );
          }
          await pause(25);
        }
      },
    };
  };

  return { server, apiRoot, user, stop: () => server.stop() };
};
