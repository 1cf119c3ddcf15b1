import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who a browser is. Botkit's web adapter believes whatever `user` the browser sends; we never do. The server
 * gives each browser a random id (144 bits) in an HttpOnly cookie signed with HMAC-SHA256, and everything
 * the browser says about itself is ignored.
 */

export const COOKIE_NAME = 'crampbot_web';
/** A year: the only thing the id unlocks is the small conversation state (country, last topic). */
export const COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60;

const ID_PATTERN = /^[A-Za-z0-9_-]{24}$/;
const SIG_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface Identity {
  /** A fresh, unguessable user id. */
  newId(): string;
  /** The cookie value that carries `id`: `<id>.<signature>`. */
  sign(id: string): string;
  /** The user id in a cookie value, or null when it is malformed or not signed with our secret. */
  verify(value: string | undefined): string | null;
  /** The verified user id of a request, or null. */
  fromRequest(req: IncomingMessage): string | null;
  /** A Set-Cookie header value for `id`. */
  cookie(id: string, secure: boolean): string;
}

export const createIdentity = (secret: string | Buffer): Identity => {
  const mac = (id: string) =>
    createHmac('sha256', secret).update(`crampbot-web-user:${id}`).digest('base64url');
  const sign = (id: string) => `${id}.${mac(id)}`;
  const verify = (value: string | undefined): string | null => {
    if (!value) return null;
    const [id, sig, extra] = value.split('.');
    if (extra !== undefined || !id || !sig || !ID_PATTERN.test(id) || !SIG_PATTERN.test(sig)) return null;
    const expected = Buffer.from(mac(id));
    const given = Buffer.from(sig);
    return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
  };
  return {
    newId: () => randomBytes(18).toString('base64url'),
    sign,
    verify,
    fromRequest: (req) => verify(readCookie(req.headers.cookie, COOKIE_NAME)),
    cookie: (id, secure) =>
      `${COOKIE_NAME}=${sign(id)}; Path=/; Max-Age=${COOKIE_MAX_AGE_S}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`,
  };
};

/** The value of cookie `name` in a Cookie header (the first one, as browsers send the most specific first). */
export const readCookie = (header: string | undefined, name: string): string | undefined => {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
};

/** Whether the request reached us over TLS (directly or, as a proxy says, in front of us). */
export const isSecureRequest = (req: IncomingMessage): boolean =>
  Boolean((req.socket as { encrypted?: boolean }).encrypted) ||
  String(req.headers['x-forwarded-proto'] ?? '')
    .split(',')[0]
    ?.trim() === 'https';
