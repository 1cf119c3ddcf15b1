import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initialState } from '../../src/engine/index.js';
import { createIdentity } from '../../src/web/identity.js';
import { MAX_FRAME_BYTES, MAX_TEXT_CHARS } from '../../src/web/limits.js';
import { COMMAND_PATTERN, parseCommand } from '../../src/web/turns.js';
import {
  type Frame,
  fixtureEngine,
  type Harness,
  openSocket,
  pageCookie,
  startHarness,
  type TestSocket,
  testConfig,
} from './helpers.js';

const roomy = () => testConfig({ RATE_LIMIT_MESSAGES: '1000' });
const isText = (snippet: string) => (frame: Frame) =>
  frame.type === 'message' && frame.text.includes(snippet);

/** Sends a frame and resolves with the first reply frame that matches (replies come after what we sent). */
const ask = (socket: TestSocket, frame: unknown, match: (frame: Frame) => boolean): Promise<Frame> => {
  const from = socket.frames.length;
  socket.send(frame);
  return socket.waitFor(match, from);
};

const userIdOf = (cookie: string): string => (cookie.split('=')[1] as string).split('.')[0] as string;

describe('web chat over Botkit', () => {
  let h: Harness;
  let cookie: string;
  let socket: TestSocket;

  beforeEach(async () => {
    h = await startHarness({ config: roomy() });
    cookie = await pageCookie(h.base);
    socket = await openSocket(h.base, { Cookie: cookie });
  });
  afterEach(async () => {
    socket.close();
    await h.close();
  });

  it('greets a new page with the welcome, the not-a-doctor note and topic buttons', async () => {
    const welcome = await ask(socket, { type: 'hello' }, (f) => f.type === 'message');
    expect(welcome.kind).toBe('welcome');
    expect(welcome.text).toContain("I'm an information bot, not a doctor");
    expect(welcome.text).toContain('(112)');
    expect(welcome.buttons?.map((b) => b.label)).toEqual(
      expect.arrayContaining(['Night cramps', 'All topics']),
    );
    expect(h.storage.map.get(`web:${userIdOf(cookie)}`)?.engine.welcomed).toBe(true);
  });

  it('answers a question with the engine reply and its follow-up buttons, and stores the state', async () => {
    const answer = await ask(
      socket,
      { type: 'message', text: 'why do my calves cramp at night?' },
      (f) => f.kind === 'answer',
    );
    expect(answer.text).toContain('Night cramps are very common');
    expect(answer.level).toBe('none');
    expect(answer.buttons).toEqual(
      expect.arrayContaining([
        { label: 'How often do they happen?', data: 'q:night_cramps.how_often' },
        { label: 'More detail', data: 'd:night_cramps' },
      ]),
    );
    // First contact: the not-a-doctor note follows the answer.
    await socket.waitFor(isText('not a doctor'));
    const stored = h.storage.map.get(`web:${userIdOf(cookie)}`);
    expect(stored).toEqual({ engine: { country: null, lastIntent: 'night_cramps', welcomed: true } });
    // Nothing the person wrote is stored.
    expect(JSON.stringify([...h.storage.map])).not.toContain('calves');
  });

  it('follows buttons: a follow-up question, its options, and a GP-level reply', async () => {
    const followup = await ask(
      socket,
      { type: 'button', data: 'q:night_cramps.how_often' },
      (f) => f.type === 'message',
    );
    expect(followup).toMatchObject({ kind: 'followup', text: 'How often do they happen?' });
    expect(followup.buttons?.map((b) => b.label)).toEqual(['Most nights, for weeks', 'Now and then']);
    const often = followup.buttons?.[0]?.data as string;
    const reply = await ask(socket, { type: 'button', data: often }, (f) => f.type === 'message');
    expect(reply.level).toBe('gp');
    expect(reply.text).toContain('worth a visit to your doctor');
  });

  it('styles button-led escalations: an urgent reply carries the emergency number', async () => {
    const reply = await ask(socket, { type: 'button', data: 'r:calf_swollen' }, (f) => f.type === 'message');
    expect(reply).toMatchObject({ level: 'urgent', emergencyNumber: '112' });
  });

  it('sends typed commands to engine.command', async () => {
    const help = await ask(socket, { type: 'message', text: '/help' }, (f) => f.type === 'message');
    expect(help.text).toContain('/topics');
    const emergency = await ask(socket, { type: 'message', text: '/emergency' }, (f) => f.type === 'message');
    expect(emergency).toMatchObject({ level: 'emergency', emergencyNumber: '112' });
    const countries = await ask(socket, { type: 'message', text: '/country' }, (f) => f.type === 'message');
    const uk = countries.buttons?.find((b) => b.label.startsWith('United Kingdom'));
    expect(uk?.data).toBe('c:GB');
    await ask(socket, { type: 'button', data: 'c:GB' }, isText('999'));
    expect(h.storage.map.get(`web:${userIdOf(cookie)}`)?.engine.country).toBe('GB');
    const again = await ask(socket, { type: 'message', text: '/emergency' }, (f) => f.type === 'message');
    expect(again.emergencyNumber).toBe('999');
    const topics = await ask(socket, { type: 'message', text: '/topics' }, (f) => f.type === 'message');
    expect(topics.buttons?.length).toBeGreaterThanOrEqual(5);
    const about = await ask(socket, { type: 'message', text: '/about' }, (f) => f.type === 'message');
    expect(about.text).toContain('crampbot explains');
    const forget = await ask(socket, { type: 'message', text: '/forget' }, (f) => f.type === 'message');
    expect(forget.text).toContain("I've deleted everything");
    expect(h.storage.map.get(`web:${userIdOf(cookie)}`)?.engine).toEqual({
      country: null,
      lastIntent: null,
      welcomed: true,
    });
  });

  it('resets: the stored state is cleared and the welcome comes again', async () => {
    await ask(socket, { type: 'button', data: 'c:US' }, isText('911'));
    await ask(socket, { type: 'message', text: 'night cramps' }, (f) => f.kind === 'answer');
    expect(h.storage.map.get(`web:${userIdOf(cookie)}`)?.engine).toMatchObject({ country: 'US' });
    const welcome = await ask(socket, { type: 'reset' }, (f) => f.type === 'message');
    expect(welcome.kind).toBe('welcome');
    expect(welcome.text).toContain('(112)');
    expect(h.storage.map.get(`web:${userIdOf(cookie)}`)?.engine).toEqual({
      ...initialState(),
      welcomed: true,
    });
  });

  it('ignores a user id sent by the page', async () => {
    h.storage.map.set('web:victim', { engine: { country: 'AU', lastIntent: 'pregnancy', welcomed: true } });
    await ask(
      socket,
      { type: 'message', text: 'night cramps', user: 'victim', channel: 'victim' },
      (f) => f.kind === 'answer',
    );
    await ask(socket, { type: 'reset', user: 'victim' }, (f) => f.kind === 'welcome');
    expect(h.storage.map.get('web:victim')).toEqual({
      engine: { country: 'AU', lastIntent: 'pregnancy', welcomed: true },
    });
    expect([...h.storage.map.keys()].sort()).toEqual(['web:victim', `web:${userIdOf(cookie)}`].sort());
  });

  it('ignores a forged cookie and gives that browser an id of its own', async () => {
    h.storage.map.set('web:victimvictimvictimvict', { engine: { ...initialState(), country: 'AU' } });
    const forged = await openSocket(h.base, {
      Cookie: 'crampbot_web=victimvictimvictimvict.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    });
    try {
      expect(forged.handshakeCookie).toMatch(
        /^crampbot_web=[A-Za-z0-9_-]{24}\.[A-Za-z0-9_-]{43}; Path=\/;.*HttpOnly; SameSite=Strict/,
      );
      const fresh = userIdOf(forged.handshakeCookie as string);
      const emergency = await ask(
        forged,
        { type: 'message', text: '/emergency' },
        (f) => f.type === 'message',
      );
      expect(emergency.emergencyNumber).toBe('112'); // not the victim's AU number
      await ask(forged, { type: 'button', data: 'c:GB' }, isText('999'));
      expect(h.storage.map.get('web:victimvictimvictimvict')?.engine.country).toBe('AU');
      expect(h.storage.map.get(`web:${fresh}`)?.engine.country).toBe('GB');
    } finally {
      forged.close();
    }
  });

  it('rejects an oversized frame by closing the socket, without calling the engine', async () => {
    const writes = h.storage.writes;
    socket.sendRaw(JSON.stringify({ type: 'message', text: 'a'.repeat(MAX_FRAME_BYTES) }));
    expect(await socket.closed).toBe(1009);
    expect(h.storage.writes).toBe(writes);
    expect(socket.frames).toEqual([]);
  });

  it('answers an over-long text with a notice, without calling the engine', async () => {
    const reads = h.storage.reads;
    const notice = await ask(
      socket,
      { type: 'message', text: 'cramp '.repeat(MAX_TEXT_CHARS / 5) },
      () => true,
    );
    expect(notice).toMatchObject({ type: 'error', code: 'too_long' });
    expect(h.storage.reads).toBe(reads);
    const bad = await ask(socket, { type: 'nonsense' }, () => true);
    expect(bad).toMatchObject({ type: 'error', code: 'bad_frame' });
    socket.sendRaw('not json');
    await socket.waitFor((f) => f.code === 'bad_frame', socket.frames.length);
    // Still usable afterwards.
    await ask(socket, { type: 'message', text: 'night cramps' }, (f) => f.kind === 'answer');
  });
});

describe('web chat: limits and security', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('rate-limits each connection', async () => {
    let now = 1_000_000;
    h = await startHarness({
      config: testConfig({ RATE_LIMIT_MESSAGES: '3', RATE_LIMIT_WINDOW_MS: '10000' }),
      now: () => now,
    });
    const socket = await openSocket(h.base, { Cookie: await pageCookie(h.base) });
    await ask(socket, { type: 'hello' }, (f) => f.kind === 'welcome'); // the first hello is free
    for (let i = 0; i < 3; i += 1) await ask(socket, { type: 'message', text: '/help' }, isText('/topics'));
    const limited = await ask(socket, { type: 'message', text: '/help' }, () => true);
    expect(limited).toMatchObject({ type: 'error', code: 'rate_limited' });
    expect(limited.text).toContain('wait');
    // Another connection has its own allowance.
    const other = await openSocket(h.base, { Cookie: await pageCookie(h.base) });
    await ask(other, { type: 'message', text: '/help' }, isText('/topics'));
    // Once the window has passed, messages get through again.
    now += 10_001;
    await ask(socket, { type: 'message', text: '/help' }, isText('/topics'));
    socket.close();
    other.close();
  });

  it('answers with a safe notice when a turn fails, and keeps the connection', async () => {
    const engine = fixtureEngine();
    let fail = true;
    const flaky = {
      ...engine,
      respond: (...args: Parameters<typeof engine.respond>) => {
        if (fail) throw new Error('boom');
        return engine.respond(...args);
      },
    };
    h = await startHarness({ config: roomy(), engine: flaky });
    const socket = await openSocket(h.base, { Cookie: await pageCookie(h.base) });
    const notice = await ask(socket, { type: 'message', text: 'night cramps' }, () => true);
    expect(notice).toMatchObject({ type: 'error', code: 'server_error' });
    expect(notice.text).toContain('call your emergency number');
    fail = false;
    await ask(socket, { type: 'message', text: 'night cramps' }, (f) => f.kind === 'answer');
    socket.close();
  });

  it('closes a connection that keeps flooding', async () => {
    h = await startHarness({ config: testConfig({ RATE_LIMIT_MESSAGES: '1' }), now: () => 0 });
    const socket = await openSocket(h.base, { Cookie: await pageCookie(h.base) });
    for (let i = 0; i < 30; i += 1) socket.send({ type: 'message', text: '/help' });
    expect(await socket.closed).toBe(1008);
    expect(socket.frames.filter((f) => f.code === 'rate_limited')).toHaveLength(1);
  });

  it('serves the page with a strict CSP, a signed HttpOnly cookie and nothing from other origins', async () => {
    h = await startHarness({ config: roomy() });
    const page = await fetch(`${h.base}/`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ wss:\/\/127\.0\.0\.1:\d+/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const setCookie = page.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^crampbot_web=[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict$/);
    // Our own files only: no http(s) URLs in src/href, no inline script or style.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/<script>|<style|style="/);
    expect(html).toContain('aria-live="polite"');
    expect(html).toContain('Not a doctor');
    // A returning browser keeps its id.
    const cookie = setCookie.split(';')[0] as string;
    const again = await fetch(`${h.base}/`, { headers: { Cookie: cookie } });
    await again.text();
    expect(again.headers.get('set-cookie')).toBeNull();

    for (const [path, type] of [
      ['/chat.js', 'text/javascript; charset=utf-8'],
      ['/chat.css', 'text/css; charset=utf-8'],
      ['/icon.svg', 'image/svg+xml'],
    ]) {
      const asset = await fetch(`${h.base}${path}`);
      const body = await asset.text();
      expect(asset.status, path).toBe(200);
      expect(asset.headers.get('content-type')).toBe(type);
      expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
      expect(body).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    }
    const js = await (await fetch(`${h.base}/chat.js`)).text();
    expect(js).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
  });

  it('leaves other routes and upgrades to the rest of the server', async () => {
    h = await startHarness({ config: roomy() });
    const other = await fetch(`${h.base}/telegram/webhook`, { method: 'POST', body: '{}' });
    expect(other.status).toBe(404);
    expect(await other.text()).toBe('not ours');
    const post = await fetch(`${h.base}/`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    const plain = await fetch(`${h.base}/chat/socket`);
    expect(plain.status).toBe(426);
  });

  it('refuses sockets opened from another origin', async () => {
    h = await startHarness({ config: roomy() });
    const cookie = await pageCookie(h.base);
    await expect(openSocket(h.base, { Cookie: cookie, Origin: 'http://evil.example' })).rejects.toThrow(
      '403',
    );
    const host = new URL(h.base).host;
    const ok = await openSocket(h.base, { Cookie: cookie, Origin: `http://${host}` });
    ok.close();
  });

  it('signs ids so that they cannot be forged or moved to another secret', () => {
    const a = createIdentity('a'.repeat(32));
    const b = createIdentity('b'.repeat(32));
    const id = a.newId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(a.newId()).not.toBe(id);
    expect(a.verify(a.sign(id))).toBe(id);
    expect(b.verify(a.sign(id))).toBeNull();
    expect(a.verify(`${id}.${'A'.repeat(43)}`)).toBeNull();
    expect(a.verify(id)).toBeNull();
    expect(a.verify(`${a.sign(id)}.x`)).toBeNull();
    expect(a.verify(undefined)).toBeNull();
  });

  it('recognises commands and nothing else', () => {
    expect(parseCommand('/help')).toBe('help');
    expect(parseCommand(' /Topics ')).toBe('topics');
    expect(parseCommand('/start@crampbot')).toBe('start');
    expect(parseCommand('/helpme')).toBeNull();
    expect(parseCommand('what does /help do')).toBeNull();
    expect(COMMAND_PATTERN.test('/forget')).toBe(true);
  });

  it('loads Botkit only when the web chat starts', () => {
    // A fresh process: importing the web chat module (as main.ts does) must not load Botkit.
    const script = `
      import { createRequire } from 'node:module';
      await import('./src/web/index.ts');
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((k) => /node_modules\\/(botkit|botbuilder)/.test(k));
      console.log(loaded.length);
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('0');
  });
});

describe('web chat: red flags typed in the chat', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('puts the escalation first, with its level and the emergency number', async () => {
    h = await startHarness({ config: roomy() });
    const socket = await openSocket(h.base, { Cookie: await pageCookie(h.base) });
    const first = await ask(socket, { type: 'message', text: 'my calf is swollen and hot' }, () => true);
    expect(first.kind).toBe('escalation');
    expect(['urgent', 'emergency']).toContain(first.level);
    expect(first.emergencyNumber).toBe('112');
    // The swelling follow-up leads to the same rule by button.
    const byButton = await ask(socket, { type: 'button', data: 'f:dvt' }, () => true);
    expect(byButton).toMatchObject({ kind: 'escalation', level: first.level, emergencyNumber: '112' });
    socket.close();
  });
});
