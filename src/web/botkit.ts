/**
 * The only module that touches Botkit. Botkit 4 and the Bot Framework SDK under it are heavy (about 200
 * packages, about a second to load) and no longer developed, so they are loaded here with `import()` only
 * when the web chat starts: a Telegram-only process never loads them, and swapping the channel means
 * replacing this file.
 *
 * How it is wired, with one HTTP server for the whole process:
 * - Botkit runs with `disable_webserver: true` (no Express, no second port) on `botbuilder-adapter-web`'s
 *   `WebAdapter`. The adapter's `init` is switched off: it would call `createSocketServer(botkit.http)`,
 *   which trusts the `user` each frame claims, keys sockets by that claim in a module-wide map and starts a
 *   heartbeat timer that can never be stopped.
 * - Instead the caller owns the websocket (the `ws` server the adapter itself depends on, in `noServer` mode
 *   on the process's server) and hands each checked frame to `turn(userId, frame)`, which goes through the
 *   adapter's `processActivity` — its webhook path: the adapter builds the activity, Botkit's `handleTurn`
 *   runs our `hears`/`on` handlers, and the replies (`bot.reply`) come back through the adapter's
 *   `activityToMessage` as the turn's result. The user id in the activity is always the server's.
 */
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';
import type { BotkitMessage, BotWorker } from 'botkit';
import { isLang } from '../engine/index.js';
import type { BotFrame, ClientFrame } from './protocol.js';
import { COMMAND_PATTERN, parseCommand, type TurnHandler, type WebInput, type WebMessage } from './turns.js';

/** The part of a `ws` socket we use (ws 7, as the adapter depends on it). */
export interface Socket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  ping(): void;
  on(event: 'message', listener: (data: unknown, isBinary?: boolean) => void): this;
  on(event: 'close', listener: (code: number) => void): this;
  on(event: 'pong', listener: () => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
}

/** The part of a `ws` server we use. */
export interface SocketServer {
  readonly clients: Set<Socket>;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, done: (socket: Socket) => void): void;
  on(event: 'headers', listener: (headers: string[], req: IncomingMessage) => void): this;
  close(done?: () => void): void;
}

/** What a turn produces: the bot's messages, or a failure the caller words for the page. */
export type ChannelFrame = BotFrame | { type: 'error'; code: 'server_error' };

const TURN_TIMEOUT_MS = 20_000;

export interface WebChannel {
  /** Runs one frame from the page through Botkit as `userId`; resolves with the bot's messages. */
  turn(userId: string, frame: ClientFrame): Promise<ChannelFrame[]>;
  /** A websocket server that takes upgrades handed to it (it listens on no server of its own). */
  createSocketServer(options: { maxPayload: number }): SocketServer;
  close(): Promise<void>;
}

type SocketServerClass = new (options: {
  noServer: true;
  maxPayload: number;
  clientTracking: true;
}) => SocketServer;

/** Botkit's web-adapter webhook path wants an Express-like response; this one just hands the body back. */
const collector = (resolve: (frames: ChannelFrame[]) => void) => {
  const res = {
    status: () => res,
    json: (body: unknown) => resolve(Array.isArray(body) ? (body as ChannelFrame[]) : []),
    end: () => resolve([]),
  };
  return res;
};

/** A Bot Framework `Storage` that keeps nothing: we use no Botkit dialogs, our state lives in the session store. */
const noStorage = {
  read: async () => ({}),
  write: async () => {},
  delete: async () => {},
};

const toInput = (message: BotkitMessage): WebInput | null => {
  switch (message.type) {
    case 'hello':
    case 'reset':
      return isLang(message.lang) ? { type: message.type, lang: message.lang } : { type: message.type };
    case 'button':
      return typeof message.data === 'string' ? { type: 'button', data: message.data } : null;
    case 'message': {
      if (!message.text) return null;
      const command = parseCommand(message.text);
      return command ? { type: 'command', name: command } : { type: 'text', text: message.text };
    }
    default:
      return null;
  }
};

/**
 * Botkit's dependency tree, each package named by the chain of packages that requires it, deepest and
 * heaviest parts first. Loading Botkit is one synchronous require of about 200 packages (about 0.6 s of a
 * busy core): loaded piece by piece, with a turn of the event loop between pieces, the chats keep
 * answering while it comes up in the background (the pieces take at most about 150 ms each, the UMD
 * bundles of recognizers-text and botbuilder-dialogs, which cannot be split, excepted).
 */
const BOTKIT_PIECES: readonly (readonly string[])[] = [
  ['botkit', 'botbuilder', 'botbuilder-core', 'botframework-schema'],
  [
    'botkit',
    'botbuilder',
    'botbuilder-core',
    'botbuilder-stdlib',
    '@azure/core-rest-pipeline',
    '@typespec/ts-http-runtime',
  ],
  ['botkit', 'botbuilder', 'botbuilder-core', 'botbuilder-stdlib', '@azure/core-rest-pipeline'],
  ['botkit', 'botbuilder', 'botbuilder-core', 'botbuilder-stdlib', '@azure/core-http-compat'],
  ['botkit', 'botbuilder', 'botbuilder-core', 'botbuilder-stdlib'],
  ['botkit', 'botbuilder', 'botbuilder-core', 'botframework-connector', 'axios'],
  ['botkit', 'botbuilder', 'botbuilder-core', 'botframework-connector', 'jsonwebtoken'],
  ['botkit', 'botbuilder', 'botbuilder-core', 'botframework-connector', '@azure/msal-node'],
  ['botkit', 'botbuilder', 'botbuilder-core', 'botframework-connector', '@azure/identity'],
  ['botkit', 'botbuilder', 'botbuilder-core', 'botframework-connector'],
  ['botkit', 'botbuilder', 'botbuilder-core'],
  ['botkit', 'botbuilder', 'botframework-streaming'],
  ['botkit', 'botbuilder', 'htmlparser2'],
  ['botkit', 'botbuilder', 'fs-extra'],
  ['botkit', 'botbuilder'],
  ['botkit', 'botbuilder-dialogs', 'globalize'],
  ['botkit', 'botbuilder-dialogs', 'lodash'],
  ['botkit', 'botbuilder-dialogs', '@microsoft/recognizers-text-number'],
  ['botkit', 'botbuilder-dialogs', '@microsoft/recognizers-text-date-time'],
  ['botkit', 'botbuilder-dialogs', '@microsoft/recognizers-text-suite'],
  ['botkit', 'botbuilder-dialogs'],
  ['botkit', 'express'],
  ['botkit'],
  ['botbuilder-adapter-web'],
];

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Requires Botkit's tree piece by piece (see BOTKIT_PIECES); a piece that cannot be found is left to import(). */
const loadBotkitInPieces = async (): Promise<void> => {
  for (const chain of BOTKIT_PIECES) {
    try {
      let from = createRequire(import.meta.url);
      let resolved = '';
      for (const name of chain) {
        resolved = from.resolve(name);
        from = createRequire(resolved);
      }
      from(resolved);
    } catch {
      // A package moved in a new version: the import() below still loads it, only in one piece.
    }
    await nextTurn();
  }
};

/** A Botkit reply as the web adapter sends it (`activityToMessage`): type and text, then the channelData. */
const asFrame = (reply: { type: string; text?: string | undefined; channelData: object }): ChannelFrame =>
  ({ type: reply.type, text: reply.text, ...reply.channelData }) as ChannelFrame;

type Reply = { type: 'message'; text?: string; channelData: object };

/** Our one Botkit handler: the engine's turn, its messages as replies; `send` is `bot.reply` or a stand-in. */
const createHandle =
  (handler: TurnHandler, onError: (error: unknown) => void) =>
  async (message: BotkitMessage, send: (reply: Reply) => Promise<unknown>): Promise<void> => {
    const input = toInput(message);
    if (!input) return;
    let out: WebMessage[];
    try {
      out = await handler(message.user, input);
    } catch (error) {
      // Never let an error reach Botkit: its trigger() rethrows inside a callback, and the turn would hang.
      onError(error);
      await send({ type: 'message', channelData: { type: 'error', code: 'server_error' } });
      return;
    }
    for (const { text, kind, level, buttons, emergencyNumber, attachment } of out) {
      const channelData = {
        kind,
        level,
        buttons,
        ...(emergencyNumber ? { emergencyNumber } : {}),
        ...(attachment ? { attachment } : {}),
      };
      await send({ type: 'message', text, channelData });
    }
  };

export interface WebChannelOptions {
  /**
   * 'now' (default): the channel is returned once Botkit is loaded. 'background': the channel is returned at
   * once and Botkit loads after `idleMs`, piece by piece; until it is in, each turn runs the very handler
   * Botkit would run and words the replies as Botkit's web adapter does (asFrame), so a person who writes in
   * the first second of `npm start` gets the same answer without waiting about a second for Botkit.
   */
  botkit?: 'now' | 'background';
  idleMs?: number;
  /** Called once a background load of Botkit is done (turns go through Botkit from then on). */
  onLoaded?: () => void;
}

/** How long a background load of Botkit waits, so the first questions of a fresh process are not held up. */
const BACKGROUND_IDLE_MS = 1_000;

interface BotkitChannel {
  turn(userId: string, frame: ClientFrame): Promise<ChannelFrame[]>;
  close(): Promise<void>;
}

const startBotkit = async (handle: ReturnType<typeof createHandle>): Promise<BotkitChannel> => {
  await loadBotkitInPieces();
  const [{ Botkit }, { WebAdapter }] = await Promise.all([
    import('botkit'),
    import('botbuilder-adapter-web'),
  ]);

  class BridgeAdapter extends WebAdapter {
    /** Botkit calls this when the adapter is plugged in; we open the socket ourselves (see above). */
    override init(): void {}
  }
  const adapter = new BridgeAdapter();
  const controller = new Botkit({
    adapter,
    disable_webserver: true,
    disable_console: true,
    storage: noStorage as never,
  });
  const onTurn = (bot: BotWorker, message: BotkitMessage) =>
    handle(message, (reply) => bot.reply(message, reply));
  // Commands first (`hears` is tested before `on`), then everything else.
  controller.hears(COMMAND_PATTERN, 'message', onTurn);
  controller.on(['message', 'button', 'hello', 'reset'], onTurn);

  const turn = (userId: string, frame: ClientFrame): Promise<ChannelFrame[]> =>
    new Promise<ChannelFrame[]>((resolve, reject) => {
      // A turn that never ends would block its connection's queue: give up after a while.
      const timer = setTimeout(() => reject(new Error('web chat turn timed out')), TURN_TIMEOUT_MS);
      timer.unref();
      const done = (frames: ChannelFrame[]) => {
        clearTimeout(timer);
        resolve(frames);
      };
      // `user` and `channel` are ours; nothing the page sent besides the checked frame gets in.
      const body = { ...frame, user: userId, channel: userId };
      adapter
        .processActivity({ body }, collector(done), controller.handleTurn.bind(controller))
        .catch((error) => {
          clearTimeout(timer);
          reject(error);
        });
    });
  return {
    turn,
    close: async () => {
      await controller.shutdown();
    },
  };
};

/** A turn without Botkit (see WebChannelOptions): the message Botkit's handleTurn would make of the frame. */
const directTurn =
  (handle: ReturnType<typeof createHandle>) =>
  async (userId: string, frame: ClientFrame): Promise<ChannelFrame[]> => {
    const frames: ChannelFrame[] = [];
    const message = { ...frame, user: userId, channel: userId } as unknown as BotkitMessage;
    await handle(message, async (reply) => {
      frames.push(asFrame(reply));
    });
    return frames;
  };

export const loadWebChannel = async (
  handler: TurnHandler,
  onError: (error: unknown) => void,
  options: WebChannelOptions = {},
): Promise<WebChannel> => {
  const handle = createHandle(handler, onError);
  let botkit: BotkitChannel | null = null;
  /** Set once a background load has begun: close() then waits for it, to shut its controller down. */
  let loading: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  if (options.botkit === 'background') {
    timer = setTimeout(() => {
      loading = startBotkit(handle).then(
        (channel) => {
          botkit = channel;
          options.onLoaded?.();
        },
        (error: unknown) => onError(error),
      );
    }, options.idleMs ?? BACKGROUND_IDLE_MS);
    timer.unref();
  } else {
    botkit = await startBotkit(handle);
  }
  const direct = directTurn(handle);

  // `ws` exactly as the adapter resolves it (it is the adapter's dependency, not ours).
  const requireFromAdapter = createRequire(createRequire(import.meta.url).resolve('botbuilder-adapter-web'));
  const SocketServerCtor = (requireFromAdapter('ws') as { Server: SocketServerClass }).Server;

  return {
    turn: (userId, frame) => (botkit ? botkit.turn(userId, frame) : direct(userId, frame)),
    createSocketServer: ({ maxPayload }) =>
      new SocketServerCtor({ noServer: true, maxPayload, clientTracking: true }),
    close: async () => {
      clearTimeout(timer);
      await loading;
      await (botkit as BotkitChannel | null)?.close();
    },
  };
};
