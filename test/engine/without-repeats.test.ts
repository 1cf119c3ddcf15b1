import { describe, expect, it } from 'vitest';
import { withoutRepeats } from '../../src/engine/respond/compose.js';
import type { OutMessage } from '../../src/engine/types.js';

const message = (text: string, buttons: OutMessage['buttons'] = []): OutMessage => ({
  kind: 'info',
  text,
  level: 'none',
  buttons,
});

describe('withoutRepeats across several messages', () => {
  it('drops a sentence any earlier message said, and keeps what a later one needs', () => {
    const out = withoutRepeats([
      message('Stretch the calf gently for thirty seconds. Drink some water afterwards.'),
      message('Warm the muscle with a towel first.\n\nCall your doctor if it keeps happening.'),
      message(
        'Call your doctor if it keeps happening. Rest the leg for a while tonight.\n\nStretch the calf gently for thirty seconds.',
      ),
      message('Rest the leg for a while tonight. Warm the muscle with a towel first.'),
      message('A brand new sentence that nobody said before.'),
    ]);
    expect(out.map((m) => m.text)).toEqual([
      'Stretch the calf gently for thirty seconds. Drink some water afterwards.',
      'Warm the muscle with a towel first.\n\nCall your doctor if it keeps happening.',
      'Rest the leg for a while tonight.',
      'A brand new sentence that nobody said before.',
    ]);
  });

  it('keeps a message emptied by repeats when it has buttons, with its text as it was', () => {
    const buttons = [{ label: 'More', data: 'm' }];
    const out = withoutRepeats([
      message('Stretch the calf gently for thirty seconds.'),
      message('Stretch the calf gently for thirty seconds.', buttons),
    ]);
    expect(out).toHaveLength(2);
    expect(out[1]?.buttons).toEqual(buttons);
  });

  it('a text that repeats itself loses its second copy even as the first message', () => {
    const out = withoutRepeats([
      message('Drink some water afterwards today. Drink some water afterwards today.'),
    ]);
    expect(out.map((m) => m.text)).toEqual(['Drink some water afterwards today.']);
  });
});
