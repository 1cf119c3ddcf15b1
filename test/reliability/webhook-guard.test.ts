import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { MemorySessionStorage } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionData } from '../../src/sessions/index.js';
import { createWebhookHandler, WEBHOOK_PATH } from '../../src/telegram/index.js';
import { MAX_JSON_DEPTH } from '../../src/telegram/webhook.js';
import { createTestBot, type TestBot } from '../kit/test-bot.js';
import { createUpdates } from '../kit/updates.js';

/**
 * test/telegram/webhook.test.ts sends one request of each kind. Here fast-check combines them (method,
 * secret, content type, size, body) and checks that the first failing check decides the answer and
 * that a refused request never reaches the bot: no Bot API call, no session read or write, no log line
 * for an update. 400 runs.
 */
const SECRET = 'reliability-guard-secret-0123456789';
const MAX_BODY = 2048;

/** A session store that counts every use. */
const countingStorage = () => {
  const inner = new MemorySessionStorage<SessionData>();
  let uses = 0;
  return {
    uses: () => uses,
    adapter: {
      read: (key: string) => {
        uses += 1;
        return inner.read(key);
      },
      write: (key: string, value: SessionData) => {
        uses += 1;
        return inner.write(key, value);
      },
      delete: (key: string) => {
        uses += 1;
        return inner.delete(key);
      },
    },
  };
};

interface RawRequest {
  method: string;
  headers: Record<string, string>;
  body: string;
}

/** Any request, including ones fetch() refuses to make (a GET with a body). */
const send = (url: string, raw: RawRequest): Promise<number> =>
  new Promise((resolve, reject) => {
    const req = request(url, { method: raw.method, headers: raw.headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    // The handler may answer 413 and close before the whole body is sent.
    req.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve(413) : reject(error),
    );
    req.end(raw.body);
  });

let server: Server;
let url: string;
let testBot: TestBot;
let storage: ReturnType<typeof countingStorage>;

beforeAll(async () => {
  storage = countingStorage();
  testBot = createTestBot({ storage: storage.adapter, rateLimit: { limit: 1_000_000, windowMs: 60_000 } });
  const handler = createWebhookHandler(testBot.bot, SECRET, testBot.logs.logger, { maxBodyBytes: MAX_BODY });
  server = createServer((req, res) => {
    void handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK_PATH}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the webhook refuses what Telegram would not send, before the bot sees it', () => {
  let updateId = 5000;
  const method = fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS');
  const secret = fc.constantFrom(
    SECRET,
    SECRET,
    SECRET,
    undefined,
    '',
    'wrong-secret-0123456789',
    SECRET.toUpperCase(),
    `${SECRET}x`,
    SECRET.slice(1),
  );
  const contentType = fc.constantFrom(
    'application/json',
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON',
    undefined,
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
  );
  const body = fc.oneof(
    fc.constant('valid').map(() => ({
      kind: 'update' as const,
      text: JSON.stringify({ ...createUpdates().message('night cramps'), update_id: updateId++ }),
    })),
    fc.constant('big').map(() => ({
      kind: 'too large' as const,
      text: JSON.stringify({ update_id: updateId++, padding: 'x'.repeat(MAX_BODY) }),
    })),
    fc.string({ maxLength: 200 }).map((text) => ({ kind: 'not JSON' as const, text: `{${text}` })),
    // An update in shape, but nested deeper than any real one (MAX_JSON_DEPTH): refused before hashing.
    fc.integer({ min: MAX_JSON_DEPTH, max: 300 }).map((levels) => ({
      kind: 'too deep' as const,
      text: `{"update_id":${updateId++},"message":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`,
    })),
    fc
      .constantFrom(
        '[]',
        'null',
        '42',
        '"update"',
        '{}',
        '{"update_id":"7"}',
        '{"update_id":1.5}',
        '{"message":{}}',
      )
      .map((text) => ({ kind: 'not an update' as const, text })),
  );

  /** The documented order of checks: method, secret, content type, size, JSON, update shape. */
  const expectedStatus = (raw: { method: string; secret?: string; type?: string; kind: string }): number => {
    if (raw.method !== 'POST') return 405;
    if (raw.secret !== SECRET) return 401;
    if (raw.type?.split(';')[0]?.trim().toLowerCase() !== 'application/json') return 415;
    if (raw.kind === 'too large') return 413;
    if (raw.kind === 'not JSON' || raw.kind === 'not an update' || raw.kind === 'too deep') return 400;
    return 200;
  };

  it('answers 405, 401, 415, 413 or 400 by the first failing check, and only a good update reaches the bot', async () => {
    const seen: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(method, secret, contentType, body, async (verb, given, type, payload) => {
        const headers: Record<string, string> = {};
        if (given !== undefined) headers['x-telegram-bot-api-secret-token'] = given;
        if (type !== undefined) headers['content-type'] = type;
        headers['content-length'] = String(Buffer.byteLength(payload.text));
        const calls = testBot.telegram.calls.length;
        const uses = storage.uses();
        const updateLines = testBot.logs.lines().filter((line) => line.msg === 'update').length;

        const status = await send(url, { method: verb, headers, body: payload.text });
        const expected = expectedStatus({ method: verb, secret: given, type, kind: payload.kind });
        expect(status).toBe(expected);
        seen[status] = (seen[status] ?? 0) + 1;
        if (status !== 200) {
          expect(testBot.telegram.calls.length, 'no Bot API call').toBe(calls);
          expect(storage.uses(), 'no session access').toBe(uses);
          expect(
            testBot.logs.lines().filter((line) => line.msg === 'update').length,
            'no update logged',
          ).toBe(updateLines);
        } else {
          expect(testBot.telegram.calls.length).toBeGreaterThan(calls);
        }
      }),
      { numRuns: 400 },
    );
    // Every kind of answer came up.
    expect(Object.keys(seen).map(Number).sort()).toEqual([200, 400, 401, 405, 413, 415]);
  });
});
