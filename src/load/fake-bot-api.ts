import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for api.telegram.org on 127.0.0.1, for load tests and fault tests: it accepts the calls the
 * bot makes (getMe, setMyCommands, sendMessage, sendChatAction, answerCallbackQuery, ...), answers as
 * Telegram would, and can be told to fail chosen calls the ways Telegram and networks fail.
 */

/** One call the bot made, with its token (several bots may share the fake). */
export interface RecordedCall {
  token: string;
  method: string;
  payload: Record<string, unknown>;
}

/**
 * How to fail a call: a Bot API error (429 with retry_after, 5xx, ...), a proxy's non-JSON error page
 * (`page`), or a connection dropped unanswered.
 */
export type Fault =
  | { status: number; description?: string; retryAfter?: number; page?: string }
  | { drop: true };

export interface FakeBotApiOptions {
  /** Keep every call with its payload (tests); a load run only counts them. */
  record?: boolean;
}

const readJson = (req: IncomingMessage): Promise<Record<string, unknown>> =>
  new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        resolve(typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});
      } catch {
        resolve({});
      }
    });
    req.on('error', () => resolve({}));
  });

/** The bot's identity, as Telegram derives it: the id is the token's number. */
const botUser = (token: string) => ({
  id: Number(token.split(':')[0]) || 1,
  is_bot: true,
  first_name: 'crampbot',
  username: 'crampbot_fake_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
});

export const startFakeBotApi = async (options: FakeBotApiOptions = {}) => {
  const record = options.record ?? true;
  const calls: RecordedCall[] = [];
  const counts = new Map<string, number>();
  const faults = new Map<string, Fault[]>();
  let nextMessageId = 1;

  const result = (token: string, method: string, payload: Record<string, unknown>): unknown => {
    if (method === 'getMe') return botUser(token);
    if (method === 'sendMessage') {
      return {
        message_id: nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: payload.chat_id, type: 'private' },
        from: botUser(token),
        text: payload.text,
      };
    }
    return true;
  };

  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec((req.url ?? '').split('?')[0] ?? '');
    if (!match) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token = '', method = ''] = match;
    const payload = await readJson(req);
    counts.set(method, (counts.get(method) ?? 0) + 1);
    if (record) calls.push({ token, method, payload });
    const fault = faults.get(method)?.shift();
    if (fault && 'drop' in fault) {
      req.socket.destroy();
      return;
    }
    if (fault?.page !== undefined) {
      res.writeHead(fault.status, { 'Content-Type': 'text/html' }).end(fault.page);
      return;
    }
    if (fault) {
      return reply(res, fault.status, {
        ok: false,
        error_code: fault.status,
        description: fault.description ?? `Error ${fault.status}`,
        ...(fault.retryAfter !== undefined ? { parameters: { retry_after: fault.retryAfter } } : {}),
      });
    }
    reply(res, 200, { ok: true, result: result(token, method, payload) });
  };

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  // Keep-alive connections from the bot would otherwise hold close() open.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    /** Pass as TELEGRAM_API_ROOT / apiRoot. */
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    /** Calls per method so far (also when not recording). */
    count: (method: string): number => counts.get(method) ?? 0,
    callsOf: (method: string) => calls.filter((call) => call.method === method),
    /** The next calls of `method` fail as given, one fault per call, in order. */
    failNext: (method: string, ...next: Fault[]) => {
      faults.set(method, [...(faults.get(method) ?? []), ...next]);
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

export type FakeBotApi = Awaited<ReturnType<typeof startFakeBotApi>>;
