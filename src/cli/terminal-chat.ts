import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import type { ConversationState, Engine, OutMessage, QuickReply } from '../engine/index.js';
import { initialState, isCommandName } from '../engine/index.js';

const LEVEL_COLOUR: Record<string, string> = {
  emergency: '\u001b[1;31m',
  urgent: '\u001b[1;33m',
  gp: '\u001b[36m',
};

/** What a button press looks like: the number in front of a quick reply. */
const BUTTON_NUMBER = /^\d{1,2}$/;

/** The reply to a number that presses no button: which numbers would. */
export const noSuchButton = (pressed: number, count: number): string => {
  if (count === 0) return `There is no button ${pressed} to press right now. Type your question instead.`;
  const valid = count === 1 ? 'Type 1' : `Type a number from 1 to ${count}`;
  return `There is no button ${pressed}. ${valid} to press a button, or type your question.`;
};

/** Renders messages with numbered quick replies; returns the buttons in the order they were numbered. */
export const renderMessages = (
  messages: OutMessage[],
  colour: boolean,
): { text: string; buttons: QuickReply[] } => {
  const buttons: QuickReply[] = [];
  const blocks = messages.map((message) => {
    const paint = colour ? (LEVEL_COLOUR[message.level] ?? '') : '';
    const reset = paint ? '\u001b[0m' : '';
    const lines = [`${paint}${message.text.trim()}${reset}`];
    for (const button of message.buttons) {
      buttons.push(button);
      lines.push(`  [${buttons.length}] ${button.label}`);
    }
    return lines.join('\n');
  });
  return { text: blocks.join('\n\n'), buttons };
};

/**
 * The engine in a terminal: type a question, a /command, or the number of a quick reply.
 * Resolves when the input ends or the user types /quit.
 */
export const runTerminalChat = async (
  engine: Engine,
  io: { input: Readable; output: Writable; colour?: boolean } = {
    input: process.stdin,
    output: process.stdout,
  },
): Promise<void> => {
  const colour = io.colour ?? Boolean((io.output as { isTTY?: boolean }).isTTY);
  const rl = createInterface({ input: io.input, output: io.output, terminal: false });
  let state: ConversationState = initialState();
  let buttons: QuickReply[] = [];
  let shownLang = 'en';
  const show = (messages: OutMessage[], lang = 'en') => {
    const rendered = renderMessages(messages, colour);
    buttons = rendered.buttons;
    // The language the bot answered in, whenever it changes ("lang": "ru"), so a script can see it too.
    const note = lang !== shownLang ? `[lang: ${lang}]\n` : '';
    shownLang = lang;
    io.output.write(`\n${note}${rendered.text}\n\n> `);
  };
  const started = engine.command(state, 'start');
  state = started.state;
  show(started.messages);
  for await (const line of rl) {
    const text = line.trim();
    if (!text) {
      io.output.write('> ');
      continue;
    }
    if (text === '/quit' || text === '/exit') break;
    const command = text.startsWith('/') ? (text.slice(1).split(/\s/)[0] ?? '') : null;
    const pressed = BUTTON_NUMBER.test(text) ? Number(text) : undefined;
    const chosen = pressed === undefined ? undefined : buttons[pressed - 1];
    if (pressed !== undefined && !chosen) {
      // A bare number is a button press; guessing at it as a question would answer something unasked.
      io.output.write(`${noSuchButton(pressed, buttons.length)}\n\n> `);
      continue;
    }
    const result =
      command && isCommandName(command)
        ? engine.command(state, command)
        : chosen
          ? engine.respond(state, { type: 'button', data: chosen.data })
          : engine.respond(state, { type: 'text', text });
    state = result.state;
    show(result.messages, result.lang);
  }
  rl.close();
};
