import { envSchema, parseEnv } from '../config.js';
import { loadEngine } from '../engine/index.js';
import { runCli } from './run.js';
import { runTerminalChat } from './terminal-chat.js';

/** The engine settings `npm start` uses too; the rest of the configuration does not concern this chat. */
const engineSettings = envSchema.pick({ DEFAULT_COUNTRY: true, MATCH_THRESHOLD: true });

runCli(async () => {
  const { DEFAULT_COUNTRY, MATCH_THRESHOLD } = parseEnv(engineSettings);
  process.stdout.write(
    'crampbot terminal chat: type a question, a number to press a button, /help, or /quit.\n',
  );
  await runTerminalChat(
    loadEngine(undefined, {
      defaultCountry: DEFAULT_COUNTRY,
      ...(MATCH_THRESHOLD === undefined ? {} : { threshold: MATCH_THRESHOLD }),
    }),
  );
});
