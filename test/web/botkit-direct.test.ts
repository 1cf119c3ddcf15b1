import { describe, expect, it } from 'vitest';
import { loadWebChannel } from '../../src/web/botkit.js';
import type { ClientFrame } from '../../src/web/protocol.js';
import type { TurnHandler, WebInput, WebMessage } from '../../src/web/turns.js';

/** Replies that exercise every field a web message can carry, and a turn that fails. */
const handler: TurnHandler = async (userId: string, input: WebInput): Promise<WebMessage[]> => {
  if (input.type === 'text' && input.text === 'fail') throw new Error('boom');
  const base = { kind: 'answer', level: 'info', buttons: [{ text: 'More', data: 'a:1' }] } as const;
  return [
    { ...base, text: `${userId} ${JSON.stringify(input)}` } as unknown as WebMessage,
    {
      ...base,
      text: 'call',
      emergencyNumber: '112',
      attachment: { kind: 'image', url: '/x.png', name: 'x.png' },
    } as unknown as WebMessage,
  ];
};

const frames: ClientFrame[] = [
  { type: 'hello', lang: 'ru' },
  { type: 'hello' },
  { type: 'message', text: 'why do my calves cramp?' },
  { type: 'message', text: '/help' },
  { type: 'message', text: 'fail' },
  { type: 'button', data: 'a:1' },
  { type: 'reset', lang: 'en' },
];

describe('web chat before Botkit is in', () => {
  it('answers every kind of frame exactly as the Botkit turn does', async () => {
    const errors: unknown[] = [];
    const botkit = await loadWebChannel(handler, (error) => errors.push(error));
    const early = await loadWebChannel(handler, (error) => errors.push(error), {
      botkit: 'background',
      idleMs: 60_000,
    });
    try {
      for (const frame of frames) {
        const expected = await botkit.turn('user-1', frame);
        expect(expected.length).toBeGreaterThan(0);
        expect(JSON.stringify(await early.turn('user-1', frame))).toBe(JSON.stringify(expected));
      }
      expect(errors).toHaveLength(2);
    } finally {
      await botkit.close();
      await early.close();
    }
  });
});
