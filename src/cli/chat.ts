import { loadEngine } from '../engine/index.js';
import { runCli } from './run.js';
import { runTerminalChat } from './terminal-chat.js';

runCli(async () => {
  process.stdout.write(
    'crampbot terminal chat: type a question, a number to press a button, /help, or /quit.\n',
  );
  await runTerminalChat(loadEngine());
});
