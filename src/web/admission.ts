import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * Who may open a web chat socket: requests for our own host names only, and no more than a few sockets
 * per client address and per browser, so that one client cannot take the process-wide allowance.
 */

/** Host names that are always ours: the machine itself. */
const LOOPBACK_NAMES = new Set(['localhost', '::1']);

/** `example.org:3000` → `example.org`; `[::1]:3000` → `::1`. Null for something that is not a Host value. */
const splitHost = (host: string): { name: string; port: string | undefined } | null => {
  const bracketed = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/i.exec(host);
  if (bracketed) return { name: (bracketed[1] as string).toLowerCase(), port: bracketed[2] };
  const plain = /^([a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(host);
  if (plain) return { name: (plain[1] as string).toLowerCase().replace(/\.$/, ''), port: plain[2] };
  return null;
};

const isLoopbackName = (name: string): boolean =>
  LOOPBACK_NAMES.has(name) || /^127(?:\.\d{1,3}){3}$/.test(name) || name.endsWith('.localhost');

/**
 * Whether a Host header names this server: loopback (any port), or an entry of PUBLIC_HOSTS (an entry
 * without a port allows any port). Anything else is another site's name pointed at us, as in DNS
 * rebinding, where the page's origin and Host agree but neither is ours.
 */
export const isAllowedHost = (host: string | undefined, publicHosts: readonly string[]): boolean => {
  const given = host === undefined ? null : splitHost(host.trim());
  if (!given) return false;
  if (isLoopbackName(given.name)) return true;
  return publicHosts.some((entry) => {
    const allowed = splitHost(entry);
    return (
      allowed !== null &&
      allowed.name === given.name &&
      (allowed.port === undefined || allowed.port === given.port)
    );
  });
};

/** `::ffff:10.0.0.1` → `10.0.0.1`; an IPv6 address → its /64, the block one household or host gets. */
const addressKey = (address: string): string => {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1] as string;
  if (isIP(address) !== 6) return address;
  const [head, tail = ''] = address.toLowerCase().split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups = [
    ...headGroups,
    ...Array<string>(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill('0'),
    ...tailGroups,
  ];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
};

/**
 * The client's address as a key for counting. With `trustedProxies` = n > 0 (TRUST_PROXY), the n-th
 * address from the right of X-Forwarded-For, the one our outermost proxy saw; each proxy appends the
 * address it received the request from, so entries further left are whatever the client chose to send.
 * Without trusted proxies the header is ignored: anybody can write it.
 */
export const clientAddress = (req: IncomingMessage, trustedProxies: number): string => {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustedProxies > 0) {
    const header = req.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    const seen = hops[Math.max(0, hops.length - trustedProxies)];
    if (seen && isIP(seen)) return addressKey(seen);
  }
  return addressKey(peer);
};

/** Open sockets per key (an address, an identity). */
export interface SocketCounter {
  count(key: string): number;
  /** Counts one socket for `key`; the returned function uncounts it (once). */
  add(key: string): () => void;
}

export const createSocketCounter = (): SocketCounter => {
  const open = new Map<string, number>();
  return {
    count: (key) => open.get(key) ?? 0,
    add: (key) => {
      open.set(key, (open.get(key) ?? 0) + 1);
      let removed = false;
      return () => {
        if (removed) return;
        removed = true;
        const left = (open.get(key) ?? 1) - 1;
        if (left <= 0) open.delete(key);
        else open.set(key, left);
      };
    },
  };
};
