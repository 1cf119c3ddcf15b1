import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookHandler, WEBHOOK_PATH, type WebhookHandler } from '../../src/telegram/index.js';
import { createTestBot, type TestBot } from '../kit/test-bot.js';
import { createUpdates } from '../kit/updates.js';

const SECRET = 'a-webhook-secret_0123456789';
const MAX_BODY = 4096;

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** The webhook handler on a loopback server, mounted the way src/main.ts mounts it. */
const serve = async (testBot: TestBot): Promise<{ url: string; handler: WebhookHandler }> => {
  const handler = createWebhookHandler(testBot.bot, SECRET, testBot.logs.logger, { maxBodyBytes: MAX_BODY });
  server = createServer((req, res) => {
    if (req.url === WEBHOOK_PATH) void handler(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${WEBHOOK_PATH}`, handler };
};

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET, ...headers },
    body,
  });

describe('webhook handler', () => {
  it('passes a good update to the bot and answers 200', async () => {
    const testBot = createTestBot();
    const { url } = await serve(testBot);
    const response = await post(
      url,
      JSON.stringify(createUpdates().message('why do my calves cramp at night')),
    );
    expect(response.status).toBe(200);
    expect(testBot.telegram.sentTexts()[0]).toMatch(/^Night cramps/);
  });

  it('rejects a missing or wrong secret with 401, without touching the bot', async () => {
    const testBot = createTestBot();
    const { url } = await serve(testBot);
    const update = JSON.stringify(createUpdates().message('night cramps'));
    expect(
      (await post(url, update, { 'x-telegram-bot-api-secret-token': 'wrong-secret-0123456789' })).status,
    ).toBe(401);
    const noSecret = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: update,
    });
    expect(noSecret.status).toBe(401);
    expect(testBot.telegram.calls).toEqual([]);
  });

  it('rejects other methods with 405', async () => {
    const { url } = await serve(createTestBot());
    const response = await fetch(url, { headers: { 'x-telegram-bot-api-secret-token': SECRET } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('rejects a body that is not JSON with 415', async () => {
    const { url } = await serve(createTestBot());
    expect(
      (await post(url, 'update_id=1', { 'content-type': 'application/x-www-form-urlencoded' })).status,
    ).toBe(415);
  });

  it('rejects malformed JSON and things that are not updates with 400', async () => {
    const testBot = createTestBot();
    const { url } = await serve(testBot);
    expect((await post(url, '{"update_id": 1,')).status).toBe(400);
    expect((await post(url, '[1,2,3]')).status).toBe(400);
    expect((await post(url, '{"message": {}}')).status).toBe(400);
    expect(testBot.telegram.calls).toEqual([]);
  });

  it('rejects deeply nested JSON with 400 before the bot hashes or walks it, and keeps serving', async () => {
    const testBot = createTestBot();
    const handler = createWebhookHandler(testBot.bot, SECRET, testBot.logs.logger); // the 1 MiB default
    const deep = (levels: number) => `{"update_id":77,"message":${'['.repeat(levels)}${']'.repeat(levels)}}`;
    // Within the 1 MiB limit, and deep enough to overflow any recursive walk of the parsed update.
    const server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK_PATH}`;
      const nested = await post(url, deep(200_000));
      expect(nested.status).toBe(400);
      expect(await nested.text()).toMatch(/nested/);
      // Brackets inside strings are text, not nesting: a message full of them is a good update.
      const update = createUpdates().message(`${'['.repeat(300)} cramp ${'{'.repeat(300)}`);
      expect((await post(url, JSON.stringify(update))).status).toBe(200);
      expect((await post(url, JSON.stringify(createUpdates().message('night cramps')))).status).toBe(200);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(testBot.logs.lines().some((line) => line.level === 50)).toBe(false);
  });

  it('logs only known update types: an unknown top-level key is not copied into the log', async () => {
    const testBot = createTestBot();
    const { url } = await serve(testBot);
    const made_up = { update_id: 4242, 'x-secret-or-name-of-someone': { text: 'hi' } };
    expect((await post(url, JSON.stringify(made_up))).status).toBe(200);
    const good = createUpdates().message('night cramps');
    expect((await post(url, JSON.stringify(good))).status).toBe(200);
    const types = testBot.logs
      .lines()
      .filter((line) => line.msg === 'update')
      .map((line) => line.type);
    expect(types).toEqual(['unknown', 'message']);
    expect(testBot.logs.raw()).not.toContain('x-secret-or-name-of-someone');
  });

  it('rejects an oversized body with 413, by Content-Length', async () => {
    const { url } = await serve(createTestBot());
    const big = JSON.stringify({ update_id: 1, padding: 'x'.repeat(MAX_BODY) });
    expect((await post(url, big)).status).toBe(413);
  });

  it('rejects an oversized chunked body with 413 while reading it', async () => {
    const { url } = await serve(createTestBot());
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      // No Content-Length: Node sends it chunked, so only counting the bytes can catch it.
      req.write(`{"update_id": 1, "padding": "${'x'.repeat(MAX_BODY)}`);
      req.end('"}');
    });
    expect(status).toBe(413);
  });

  it('after drain() it answers 503, so Telegram delivers the update again later', async () => {
    const testBot = createTestBot();
    const { url, handler } = await serve(testBot);
    await handler.drain();
    expect((await post(url, JSON.stringify(createUpdates().message('night cramps')))).status).toBe(503);
    expect(testBot.telegram.calls).toEqual([]);
  });

  it('drain() waits for an update in flight', async () => {
    const testBot = createTestBot();
    const { url, handler } = await serve(testBot);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Hold the bot's first API call until the test releases it.
    testBot.bot.api.config.use(async (call, method, payload, signal) => {
      await gate;
      return call(method, payload, signal);
    });
    const pending = post(url, JSON.stringify(createUpdates().message('night cramps')));
    await expect.poll(() => handler.inFlight()).toBe(1);
    let drained = false;
    const draining = handler.drain().then(() => {
      drained = true;
    });
    await Promise.resolve();
    expect(drained).toBe(false);
    release();
    await draining;
    expect((await pending).status).toBe(200);
    expect(handler.inFlight()).toBe(0);
  });
});
