/**
 * The web chat: one page (public/) and one websocket (/chat/socket) on the process's HTTP server, with
 * Botkit's web adapter in between (src/web/botkit.ts, loaded on start) and the engine behind it.
 *
 * Security, because Botkit's web adapter trusts the browser: the server gives each browser a random id in a
 * signed HttpOnly cookie and ignores any id the page sends; frames are size- and rate-limited per
 * connection; sockets from other origins and for host names that are not ours (PUBLIC_HOSTS, loopback) are
 * refused, and so are sockets beyond a few per client address and per browser; the page loads nothing from
 * other origins and is sent with a strict Content-Security-Policy. Binding (HOST, default 127.0.0.1) is the server owner's: main.ts.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { StorageAdapter } from 'grammy';
import type { Config } from '../config.js';
import type { DiaryService } from '../diary/service.js';
import type { Engine } from '../engine/index.js';
import type { Logger } from '../logger.js';
import type { SessionData } from '../sessions/index.js';
import { clientAddress, createSocketCounter, isAllowedHost } from './admission.js';
import { loadWebChannel, type Socket, type WebChannelOptions } from './botkit.js';
import { createDiaryFiles } from './diary-files.js';
import { createIdentity, isSecureRequest } from './identity.js';
import {
  createRateLimiter,
  MAX_CONNECTIONS,
  MAX_DROPPED_PER_WINDOW,
  MAX_FRAME_BYTES,
  MAX_SOCKETS_PER_ADDRESS,
  MAX_SOCKETS_PER_IDENTITY,
  MAX_TEXT_CHARS,
} from './limits.js';
import { loadAssets, PUBLIC_DIR, sendAsset, sendStatus } from './page.js';
import { type ErrorCode, type ErrorFrame, parseClientFrame, type ServerFrame } from './protocol.js';
import { createTurnHandler } from './turns.js';

export interface WebChatDeps {
  config: Config;
  engine: Engine;
  storage: StorageAdapter<SessionData>;
  logger: Logger;
  /** The process's one HTTP server (it also takes Telegram webhooks); the web chat adds its routes to it. */
  server: Server;
  /** The cramp diary: /cramp, /diary, /summary and /mydata in the web chat too (reminders are Telegram's). */
  diary?: DiaryService | undefined;
  /** When Botkit loads (botkit.ts, WebChannelOptions): `npm start` answers before it is in. Default 'now'. */
  botkit?: WebChannelOptions['botkit'];
  /** Tests only: the clock of the rate limiter. */
  now?: () => number;
  /** Tests only: where the page's files are (default: public/). */
  publicDir?: string;
  /** Tests only: the process-wide socket cap (default MAX_CONNECTIONS). */
  maxConnections?: number;
}

export interface WebChat {
  /** Handles a request if it belongs to the web chat; returns false to let another route take it. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  close(): Promise<void>;
}

/** Where the page is served. */
export const WEB_CHAT_PATH = '/';
/** Where the page's websocket connects. */
export const SOCKET_PATH = '/chat/socket';

const HEARTBEAT_MS = 30_000;
const OPEN = 1;

const pathOf = (req: IncomingMessage): string => {
  try {
    return new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    return '';
  }
};

/** Browsers always send Origin on a websocket handshake; a foreign one is cross-site socket hijacking. */
const sameOrigin = (req: IncomingMessage): boolean => {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not a browser: it can only use a cookie it was given
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
};

const refuseUpgrade = (socket: Duplex, status: number, reason: string): void => {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
};

export const startWebChat = async (deps: WebChatDeps): Promise<WebChat> => {
  const { config, engine, storage, server } = deps;
  const logger = deps.logger.child({ channel: 'web' });
  if (!config.WEB_CHAT_SECRET) {
    logger.info(
      'WEB_CHAT_SECRET is not set: using a random one, so web chat users start afresh after a restart',
    );
  }
  const identity = createIdentity(config.WEB_CHAT_SECRET ?? randomBytes(32));
  const assets = loadAssets(deps.publicDir ?? PUBLIC_DIR);
  const logError = (error: unknown) =>
    logger.error({ err: error instanceof Error ? error.message : String(error) }, 'web chat turn failed');
  const diaryFiles = createDiaryFiles();
  const channel = await loadWebChannel(
    createTurnHandler({ engine, storage, logger, diary: deps.diary, shelve: diaryFiles.put }),
    logError,
    {
      botkit: deps.botkit ?? 'now',
      // bench/start.ts waits for this line to read the process's peak memory with Botkit in.
      onLoaded: () => logger.info('web chat: Botkit loaded'),
    },
  );
  const sockets = channel.createSocketServer({ maxPayload: MAX_FRAME_BYTES });
  const messages = engine.kb.messages;

  const errorText: Record<ErrorCode, string> = {
    too_long: `That message is too long for me. Please keep it under ${MAX_TEXT_CHARS} characters.`,
    rate_limited: messages.rate_limited.trim(),
    bad_frame: 'Sorry, I could not read that message. Please reload the page.',
    server_error:
      'Sorry, something went wrong on my side. Please try again. If you might be seriously ill, call your emergency number now.',
  };

  // A browser without a valid cookie gets one in the handshake response (the page normally set it already).
  const newCookies = new WeakMap<IncomingMessage, string>();
  sockets.on('headers', (headers, req) => {
    const cookie = newCookies.get(req);
    if (cookie) headers.push(`Set-Cookie: ${cookie}`);
  });

  const alive = new WeakSet<Socket>();
  const heartbeat = setInterval(() => {
    for (const socket of sockets.clients) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const send = (socket: Socket, frame: ServerFrame) => {
    if (socket.readyState === OPEN) socket.send(JSON.stringify(frame));
  };
  const sendError = (socket: Socket, code: ErrorCode) => {
    const frame: ErrorFrame = { type: 'error', code, text: errorText[code] };
    send(socket, frame);
  };

  const onConnection = (socket: Socket, userId: string) => {
    alive.add(socket);
    const limiter = createRateLimiter(config.RATE_LIMIT_MESSAGES, config.RATE_LIMIT_WINDOW_MS, deps.now);
    let queue: Promise<void> = Promise.resolve();
    let greeted = false;
    let dropped = 0;
    let warned = false;

    socket.on('pong', () => alive.add(socket));
    socket.on('error', (error) => logger.debug({ err: error.message }, 'web chat socket error'));
    socket.on('message', (data, isBinary) => {
      // ws 7 gives text frames as strings; ws 8 as Buffers with isBinary=false.
      const raw =
        typeof data === 'string'
          ? data
          : isBinary === false && Buffer.isBuffer(data)
            ? data.toString()
            : null;
      if (raw === null) return sendError(socket, 'bad_frame');
      const parsed = parseClientFrame(raw);
      // The page says hello once when it opens; that one is free, anything else counts.
      const freeHello = parsed.ok && parsed.frame.type === 'hello' && !greeted;
      if (!freeHello && !limiter.take()) {
        dropped += 1;
        if (dropped >= MAX_DROPPED_PER_WINDOW) socket.close(1008, 'rate limit');
        else if (!warned) sendError(socket, 'rate_limited');
        warned = true;
        return;
      }
      dropped = 0;
      warned = false;
      if (!parsed.ok) return sendError(socket, parsed.code);
      if (parsed.frame.type === 'hello') greeted = true;
      const frame = parsed.frame;
      queue = queue
        .then(() => channel.turn(userId, frame))
        .then((frames) => {
          for (const out of frames) {
            if (out.type === 'error') sendError(socket, out.code);
            else send(socket, out);
          }
        })
        .catch((error: unknown) => {
          logError(error);
          sendError(socket, 'server_error');
        });
    });
  };

  const perAddress = createSocketCounter();
  const perIdentity = createSocketCounter();
  // A client held at a cap retries; say so in the log once a minute per cap, not once per attempt.
  const lastWarned = new Map<string, number>();
  const warnCap = (cap: 'address' | 'identity' | 'process') => {
    const now = Date.now();
    if (now - (lastWarned.get(cap) ?? 0) < 60_000) return;
    lastWarned.set(cap, now);
    logger.warn({ cap }, 'web chat socket refused: too many open sockets');
  };

  let closed = false;
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (pathOf(req) !== SOCKET_PATH) return; // someone else's upgrade
    if (closed) return refuseUpgrade(socket, 503, 'Service Unavailable');
    if (!isAllowedHost(req.headers.host, config.PUBLIC_HOSTS)) return refuseUpgrade(socket, 403, 'Forbidden');
    if (!sameOrigin(req)) return refuseUpgrade(socket, 403, 'Forbidden');
    const address = clientAddress(req, config.TRUST_PROXY);
    let userId = identity.fromRequest(req);
    if (perAddress.count(address) >= MAX_SOCKETS_PER_ADDRESS) {
      warnCap('address');
      return refuseUpgrade(socket, 429, 'Too Many Requests');
    }
    if (userId && perIdentity.count(userId) >= MAX_SOCKETS_PER_IDENTITY) {
      warnCap('identity');
      return refuseUpgrade(socket, 429, 'Too Many Requests');
    }
    if (sockets.clients.size >= (deps.maxConnections ?? MAX_CONNECTIONS)) {
      warnCap('process');
      return refuseUpgrade(socket, 503, 'Service Unavailable');
    }
    if (!userId) {
      userId = identity.newId();
      newCookies.set(req, identity.cookie(userId, isSecureRequest(req)));
    }
    const id = userId;
    sockets.handleUpgrade(req, socket, head, (ws) => {
      const uncountAddress = perAddress.add(address);
      const uncountIdentity = perIdentity.add(id);
      ws.on('close', () => {
        uncountAddress();
        uncountIdentity();
      });
      onConnection(ws, id);
    });
  };
  server.on('upgrade', onUpgrade);

  const handle = (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = pathOf(req);
    if (path === SOCKET_PATH) {
      sendStatus(req, res, 426, 'This address takes a websocket.', {
        Upgrade: 'websocket',
        Connection: 'Upgrade',
      });
      return true;
    }
    if (diaryFiles.handle(req, res, path, identity.fromRequest(req) ?? undefined)) return true;
    const asset = assets.get(path);
    if (!asset) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendStatus(req, res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
      return true;
    }
    const cookie: Record<string, string> =
      path === WEB_CHAT_PATH && !identity.fromRequest(req)
        ? { 'Set-Cookie': identity.cookie(identity.newId(), isSecureRequest(req)) }
        : {};
    sendAsset(req, res, asset, cookie);
    return true;
  };

  logger.info({ path: WEB_CHAT_PATH, socket: SOCKET_PATH }, 'web chat ready');

  return {
    handle,
    close: async () => {
      if (closed) return;
      closed = true;
      server.off('upgrade', onUpgrade);
      clearInterval(heartbeat);
      for (const socket of sockets.clients) socket.close(1001, 'server shutting down');
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      for (const socket of sockets.clients) socket.terminate();
      await channel.close();
    },
  };
};
