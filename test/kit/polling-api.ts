import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update } from 'grammy/types';

/**
 * A Bot API on 127.0.0.1 for long polling, with the knobs the emulator lacks: `getUpdates` answers from a
 * queue the test fills (and confirms by offset, as Telegram does), any method can be made to fail with a
 * status (409 Conflict, 401 Unauthorized) or to hang, and `sendMessage` can be held to keep an update in
 * flight while the test signals the process.
 */
export interface PollingCall {
  method: string;
  payload: Record<string, unknown>;
}

type Fault = { status: number; description: string } | { hang: true };

const readJson = (req: IncomingMessage): Promise<Record<string, unknown>> =>
  new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>);
      } catch {
        resolve({});
      }
    });
    req.on('error', () => resolve({}));
  });

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const startPollingApi = async () => {
  const calls: PollingCall[] = [];
  /** Calls whose answer reached the bot (the connection was still open when the fake answered). */
  const completed: PollingCall[] = [];
  const faults = new Map<string, Fault[]>();
  let pending: Update[] = [];
  let nextUpdateId = 1;
  let nextMessageId = 1;
  let holdSendMessageMs = 0;

  const result = (method: string, payload: Record<string, unknown>): unknown => {
    if (method === 'getMe')
      return {
        id: 555,
        is_bot: true,
        first_name: 'crampbot',
        username: 'crampbot_polling_bot',
        can_join_groups: true,
        can_read_all_group_messages: false,
        supports_inline_queries: false,
      };
    if (method === 'sendMessage')
      return {
        message_id: nextMessageId++,
        date: 1_764_000_000,
        chat: { id: payload.chat_id, type: 'private' },
        text: payload.text,
      };
    return true;
  };

  const getUpdates = async (payload: Record<string, unknown>, req: IncomingMessage): Promise<Update[]> => {
    const offset = typeof payload.offset === 'number' ? payload.offset : 0;
    // Telegram forgets everything before the offset: that is the confirmation.
    pending = pending.filter((update) => update.update_id >= offset);
    const waitUntil = Date.now() + Math.min(Number(payload.timeout ?? 0), 1) * 1000;
    while (pending.length === 0 && Date.now() < waitUntil && !req.destroyed) await pause(20);
    return pending.slice(0, Number(payload.limit ?? 100));
  };

  const reply = (res: ServerResponse, status: number, body: unknown) => {
    if (!res.destroyed)
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = /\/bot[^/]+\/([A-Za-z]+)$/.exec(req.url ?? '')?.[1] ?? '';
    const payload = await readJson(req);
    const call = { method, payload };
    calls.push(call);
    const fault = faults.get(method)?.shift();
    if (fault && 'hang' in fault) return;
    if (fault)
      return reply(res, fault.status, {
        ok: false,
        error_code: fault.status,
        description: fault.description,
      });
    if (method === 'sendMessage' && holdSendMessageMs > 0) await pause(holdSendMessageMs);
    const answer = method === 'getUpdates' ? await getUpdates(payload, req) : result(method, payload);
    if (res.destroyed || req.socket.destroyed) return;
    reply(res, 200, { ok: true, result: answer });
    completed.push(call);
  };

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    completed,
    callsOf: (method: string) => calls.filter((call) => call.method === method),
    /** Texts whose sendMessage was answered while the bot was still there to receive the answer. */
    deliveredTexts: () =>
      completed.filter((call) => call.method === 'sendMessage').map((call) => String(call.payload.text)),
    /** A private message from `userId`, as the next update getUpdates returns. */
    say: (userId: number, text: string) => {
      const from = { id: userId, is_bot: false, first_name: 'Robin' };
      pending.push({
        update_id: nextUpdateId++,
        message: {
          message_id: nextMessageId++,
          date: 1_764_000_000,
          chat: { id: userId, type: 'private', first_name: 'Robin' },
          from,
          text,
        },
      } as Update);
    },
    failNext: (method: string, ...next: Fault[]) => {
      faults.set(method, [...(faults.get(method) ?? []), ...next]);
    },
    /** Each sendMessage is answered only after this long (0: at once). */
    holdSendMessage: (ms: number) => {
      holdSendMessageMs = ms;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

export type PollingApi = Awaited<ReturnType<typeof startPollingApi>>;
