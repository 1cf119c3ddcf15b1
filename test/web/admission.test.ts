import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { clientAddress, isAllowedHost } from '../../src/web/admission.js';
import { MAX_SOCKETS_PER_ADDRESS, MAX_SOCKETS_PER_IDENTITY } from '../../src/web/limits.js';
import {
  type Harness,
  openSocket,
  pageCookie,
  startHarness,
  type TestSocket,
  testConfig,
} from './helpers.js';

let h: Harness | undefined;
const open: TestSocket[] = [];

afterEach(async () => {
  for (const socket of open.splice(0)) socket.close();
  await h?.close();
  h = undefined;
});

/** Opens `count` sockets, each as a new browser (no cookie) unless headers say otherwise. */
const fill = async (
  base: string,
  count: number,
  headers: Record<string, string> = {},
  options: { localAddress?: string } = {},
) => {
  for (let i = 0; i < count; i += 1) open.push(await openSocket(base, headers, options));
};

const hostOf = (base: string) => new URL(base).host;

describe('web chat sockets per client', () => {
  it('caps the sockets one address holds; another address still connects, and a closed one frees a place', async () => {
    h = await startHarness({ config: testConfig() });
    await fill(h.base, MAX_SOCKETS_PER_ADDRESS);
    await expect(openSocket(h.base)).rejects.toThrow('429');

    const other = await openSocket(h.base, {}, { localAddress: '127.0.0.2' });
    open.push(other);
    other.send({ type: 'hello' });
    await other.waitFor((frame) => frame.type === 'message');

    const first = open.shift() as TestSocket;
    first.close();
    await first.closed;
    open.push(await openSocket(h.base));
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY says a proxy writes it', async () => {
    h = await startHarness({ config: testConfig() });
    for (let i = 0; i < MAX_SOCKETS_PER_ADDRESS; i += 1)
      open.push(await openSocket(h.base, { 'X-Forwarded-For': `10.0.0.${i}` }));
    await expect(openSocket(h.base, { 'X-Forwarded-For': '10.0.1.1' })).rejects.toThrow('429');
  });

  it('behind a trusted proxy counts the address the proxy saw, whatever the client wrote before it', async () => {
    h = await startHarness({ config: testConfig({ TRUST_PROXY: '1' }) });
    await fill(h.base, MAX_SOCKETS_PER_ADDRESS, { 'X-Forwarded-For': '203.0.113.7' });
    await expect(openSocket(h.base, { 'X-Forwarded-For': '203.0.113.7' })).rejects.toThrow('429');
    // A client cannot escape by prepending a made-up address: the proxy appends the real one.
    await expect(openSocket(h.base, { 'X-Forwarded-For': '198.51.100.1, 203.0.113.7' })).rejects.toThrow(
      '429',
    );
    open.push(await openSocket(h.base, { 'X-Forwarded-For': '198.51.100.1' }));
  });

  it('caps the sockets one browser (one signed id) holds, from any address', async () => {
    h = await startHarness({ config: testConfig() });
    const cookie = await pageCookie(h.base);
    await fill(h.base, MAX_SOCKETS_PER_IDENTITY, { Cookie: cookie });
    await expect(openSocket(h.base, { Cookie: cookie }, { localAddress: '127.0.0.3' })).rejects.toThrow(
      '429',
    );
    const anotherBrowser = await pageCookie(h.base);
    open.push(await openSocket(h.base, { Cookie: anotherBrowser }));
  });

  it('keeps the process-wide cap as a backstop (503)', async () => {
    h = await startHarness({ config: testConfig({ TRUST_PROXY: 'true' }), maxConnections: 3 });
    for (let i = 1; i <= 3; i += 1)
      open.push(await openSocket(h.base, { 'X-Forwarded-For': `192.0.2.${i}` }));
    await expect(openSocket(h.base, { 'X-Forwarded-For': '192.0.2.9' })).rejects.toThrow('503');
  });
});

describe('web chat sockets per host name', () => {
  it('refuses an upgrade for a host name that is not ours (DNS rebinding), even when Origin agrees', async () => {
    h = await startHarness({ config: testConfig() });
    const port = new URL(h.base).port;
    const rebound = `attacker.example:${port}`;
    await expect(openSocket(h.base, { Host: rebound, Origin: `http://${rebound}` })).rejects.toThrow('403');
    await expect(openSocket(h.base, { Host: rebound })).rejects.toThrow('403');
    open.push(await openSocket(h.base, { Host: `localhost:${port}`, Origin: `http://localhost:${port}` }));
    open.push(await openSocket(h.base, { Host: hostOf(h.base) }));
  });

  it('accepts the host names in PUBLIC_HOSTS, and only those', async () => {
    h = await startHarness({
      config: testConfig({ PUBLIC_HOSTS: 'chat.example.org, bot.example.org:8443' }),
    });
    open.push(
      await openSocket(h.base, { Host: 'chat.example.org', Origin: 'https://chat.example.org' }),
      await openSocket(h.base, { Host: 'bot.example.org:8443', Origin: 'https://bot.example.org:8443' }),
    );
    await expect(openSocket(h.base, { Host: 'bot.example.org:9000' })).rejects.toThrow('403');
    await expect(openSocket(h.base, { Host: 'chat.example.org.attacker.example' })).rejects.toThrow('403');
  });

  it('knows loopback and configured names apart from everything else', () => {
    expect(isAllowedHost('127.0.0.1:3000', [])).toBe(true);
    expect(isAllowedHost('[::1]:3000', [])).toBe(true);
    expect(isAllowedHost('LOCALHOST', [])).toBe(true);
    expect(isAllowedHost('Chat.Example.org', ['chat.example.org'])).toBe(true);
    expect(isAllowedHost('192.168.1.5:3000', [])).toBe(false);
    expect(isAllowedHost(undefined, ['chat.example.org'])).toBe(false);
    expect(isAllowedHost('chat.example.org/x', ['chat.example.org'])).toBe(false);
  });

  it('counts an IPv6 client by its /64 and an IPv4-mapped address as IPv4', () => {
    const req = (remoteAddress: string, forwarded?: string) =>
      ({
        socket: { remoteAddress },
        headers: forwarded ? { 'x-forwarded-for': forwarded } : {},
      }) as unknown as IncomingMessage;
    expect(clientAddress(req('2001:db8:1:2:aaaa::1'), 0)).toBe(clientAddress(req('2001:db8:1:2::ffff'), 0));
    expect(clientAddress(req('2001:db8:1:2::1'), 0)).not.toBe(clientAddress(req('2001:db8:1:3::1'), 0));
    expect(clientAddress(req('::ffff:192.0.2.1'), 0)).toBe('192.0.2.1');
    expect(clientAddress(req('10.0.0.1', '192.0.2.1, 192.0.2.2'), 2)).toBe('192.0.2.1');
    expect(clientAddress(req('10.0.0.1', 'not-an-address'), 1)).toBe('10.0.0.1');
  });
});
