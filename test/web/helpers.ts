import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { StorageAdapter } from 'grammy';
import { type Config, envSchema } from '../../src/config.js';
import { createEngine, type Engine, loadKnowledgeBase } from '../../src/engine/index.js';
import { createLogger } from '../../src/logger.js';
import type { SessionData } from '../../src/sessions/index.js';
import { startWebChat, type WebChat } from '../../src/web/index.js';

export const FIXTURE_KB = {
  intentsDir: 'test/fixtures/kb-web/intents',
  knowledgeDir: 'test/fixtures/kb-web/knowledge',
};

export const fixtureEngine = (): Engine => createEngine(loadKnowledgeBase(FIXTURE_KB));

/** A Map-backed session store with the grammY StorageAdapter interface, open for inspection. */
export class MapStorage implements StorageAdapter<SessionData> {
  readonly map = new Map<string, SessionData>();
  reads = 0;
  writes = 0;
  read(key: string) {
    this.reads += 1;
    const value = this.map.get(key);
    return value ? structuredClone(value) : undefined;
  }
  write(key: string, value: SessionData) {
    this.writes += 1;
    this.map.set(key, structuredClone(value));
  }
  delete(key: string) {
    this.map.delete(key);
  }
}

export const testConfig = (overrides: Record<string, string> = {}): Config =>
  envSchema.parse({ WEB_CHAT_SECRET: 'test-secret-test-secret-test-secret-0123', ...overrides });

export interface Harness {
  server: Server;
  chat: WebChat;
  storage: MapStorage;
  engine: Engine;
  /** http://127.0.0.1:port */
  base: string;
  close(): Promise<void>;
}

export const startHarness = async (
  options: { config?: Config; now?: () => number; engine?: Engine; maxConnections?: number } = {},
): Promise<Harness> => {
  const storage = new MapStorage();
  const engine = options.engine ?? fixtureEngine();
  const server = createServer();
  const chat = await startWebChat({
    config: options.config ?? testConfig(),
    engine,
    storage,
    logger: createLogger('silent'),
    server,
    ...(options.now ? { now: options.now } : {}),
    ...(options.maxConnections ? { maxConnections: options.maxConnections } : {}),
  });
  server.on('request', (req, res) => {
    if (!chat.handle(req, res)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not ours');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    chat,
    storage,
    engine,
    base: `http://127.0.0.1:${port}`,
    close: async () => {
      await chat.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

/** The `name=value` part of the page's Set-Cookie. */
export const pageCookie = async (base: string): Promise<string> => {
  const response = await fetch(`${base}/`);
  await response.arrayBuffer();
  const setCookie = response.headers.get('set-cookie');
  if (!setCookie) throw new Error('the page set no cookie');
  return setCookie.split(';')[0] as string;
};

// The `ws` client the web adapter depends on (Node 20 has no WebSocket global without a flag).
interface WsClient {
  readyState: number;
  send(data: string): void;
  close(): void;
  on(event: 'message', listener: (data: unknown) => void): this;
  on(event: 'open', listener: () => void): this;
  on(event: 'close', listener: (code: number) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(
    event: 'upgrade',
    listener: (res: { headers: Record<string, string | string[] | undefined> }) => void,
  ): this;
  on(event: 'unexpected-response', listener: (req: unknown, res: { statusCode: number }) => void): this;
}
type WsClientClass = new (
  url: string,
  options: { headers: Record<string, string>; localAddress?: string },
) => WsClient;
const requireFromAdapter = createRequire(createRequire(import.meta.url).resolve('botbuilder-adapter-web'));
const WebSocketClient = requireFromAdapter('ws') as WsClientClass;

export interface Frame {
  type: string;
  text: string;
  kind?: string;
  level?: string;
  code?: string;
  emergencyNumber?: string;
  buttons?: { label: string; data: string }[];
}

export interface TestSocket {
  frames: Frame[];
  /** Set-Cookie sent with the handshake, if any. */
  handshakeCookie: string | undefined;
  send(frame: unknown): void;
  sendRaw(data: string): void;
  /** Resolves with the first frame at or after index `from` that matches. */
  waitFor(match: (frame: Frame) => boolean, from?: number): Promise<Frame>;
  closed: Promise<number>;
  close(): void;
}

export const openSocket = (
  base: string,
  headers: Record<string, string> = {},
  /** `localAddress`: connect from this address (any 127.x.y.z works on Linux), as another client would. */
  options: { localAddress?: string } = {},
): Promise<TestSocket> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocketClient(`${base.replace('http', 'ws')}/chat/socket`, { headers, ...options });
    const frames: Frame[] = [];
    const waiters: { match: (frame: Frame) => boolean; from: number; resolve: (frame: Frame) => void }[] = [];
    let handshakeCookie: string | undefined;
    let closedResolve: (code: number) => void = () => {};
    const closed = new Promise<number>((r) => {
      closedResolve = r;
    });
    ws.on('upgrade', (res) => {
      const cookie = res.headers['set-cookie'];
      handshakeCookie = Array.isArray(cookie) ? cookie[0] : cookie;
    });
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      frames.push(frame);
      for (const waiter of [...waiters]) {
        if (frames.length - 1 >= waiter.from && waiter.match(frame)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(frame);
        }
      }
    });
    ws.on('close', (code) => closedResolve(code));
    ws.on('error', reject);
    ws.on('unexpected-response', (_req, res) => reject(new Error(`handshake refused: ${res.statusCode}`)));
    ws.on('open', () =>
      resolve({
        frames,
        get handshakeCookie() {
          return handshakeCookie;
        },
        send: (frame) => ws.send(JSON.stringify(frame)),
        sendRaw: (data) => ws.send(data),
        waitFor: (match, from = 0) => {
          const found = frames.slice(from).find(match);
          if (found) return Promise.resolve(found);
          return new Promise((r) => waiters.push({ match, from, resolve: r }));
        },
        closed,
        close: () => ws.close(),
      }),
    );
  });
