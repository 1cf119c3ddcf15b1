import type { Action } from '../types.js';

/**
 * Button payloads are short strings ("i:night_cramps") because Telegram limits callback data to 64 bytes
 * and the web chat echoes them back. Decoding is strict: anything not produced by `encodeAction` is null.
 */
const ID = '[a-z][a-z0-9_]{0,39}';
const PATTERNS: Array<[RegExp, (m: RegExpExecArray) => Action]> = [
  [new RegExp(`^i:(${ID})$`), (m) => ({ kind: 'intent', id: m[1] as string })],
  [new RegExp(`^r:(${ID})$`), (m) => ({ kind: 'reply', id: m[1] as string })],
  [new RegExp(`^f:(${ID})$`), (m) => ({ kind: 'redflag', id: m[1] as string })],
  [new RegExp(`^d:(${ID})$`), (m) => ({ kind: 'details', id: m[1] as string })],
  [
    new RegExp(`^q:(${ID})\\.(${ID})$`),
    (m) => ({ kind: 'followup', owner: m[1] as string, followup: m[2] as string }),
  ],
  [/^c:([A-Z]{2,3})$/, (m) => ({ kind: 'country', code: m[1] as string })],
  [
    new RegExp(`^s:(${ID})(?:\\.(${ID}))?$`),
    (m) => ({ kind: 'safety', option: m[1] as string, ...(m[2] ? { intent: m[2] } : {}) }),
  ],
  [/^l:([a-z]{2})$/, (m) => ({ kind: 'language', code: m[1] as string })],
  [/^m$/, () => ({ kind: 'menu' })],
];

export const MAX_ACTION_BYTES = 64;

export const encodeAction = (action: Action): string => {
  switch (action.kind) {
    case 'intent':
      return `i:${action.id}`;
    case 'reply':
      return `r:${action.id}`;
    case 'redflag':
      return `f:${action.id}`;
    case 'details':
      return `d:${action.id}`;
    case 'followup':
      return `q:${action.owner}.${action.followup}`;
    case 'country':
      return `c:${action.code}`;
    case 'language':
      return `l:${action.code}`;
    case 'menu':
      return 'm';
    case 'safety':
      return action.intent ? `s:${action.option}.${action.intent}` : `s:${action.option}`;
  }
};

/** Parses button data; returns null for anything malformed, oversized or forged. */
export const decodeAction = (data: unknown): Action | null => {
  if (typeof data !== 'string' || data.length === 0 || data.length > MAX_ACTION_BYTES) return null;
  for (const [pattern, build] of PATTERNS) {
    const match = pattern.exec(data);
    if (match) return build(match);
  }
  return null;
};
