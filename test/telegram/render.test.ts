import { describe, expect, it } from 'vitest';
import type { OutMessage } from '../../src/engine/index.js';
import { markedText, renderMessage } from '../../src/telegram/render.js';
import { cutText, splitText } from '../../src/telegram/split.js';
import { captureLogs } from '../kit/logger.js';

const message = (text: string, extra: Partial<OutMessage> = {}): OutMessage => ({
  kind: 'answer',
  text,
  level: 'none',
  buttons: [],
  ...extra,
});

describe('splitText', () => {
  it('leaves a short text alone', () => {
    expect(splitText('Night cramps are common.')).toEqual(['Night cramps are common.']);
  });

  it('splits at paragraph breaks, each part within the limit', () => {
    const paragraph = 'word '.repeat(300).trim();
    const text = Array.from({ length: 6 }, () => paragraph).join('\n\n');
    const parts = splitText(text, 4096);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4096);
      expect(part.endsWith('word')).toBe(true);
    }
    expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' '));
  });

  it('cuts a text with no spaces hard, never splitting an emoji in two', () => {
    const text = '🦵'.repeat(5000);
    const parts = splitText(text, 4096);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4096);
      expect(part).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
    expect(parts.join('')).toBe(text);
  });

  it('sends at most maxParts messages and ends the last with an ellipsis', () => {
    const parts = splitText('x '.repeat(50_000), 4096, 4);
    expect(parts).toHaveLength(4);
    expect(parts[3]?.endsWith('…')).toBe(true);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(4096);
  });

  it('cutText keeps within the limit', () => {
    expect(cutText('abcdef', 4)).toBe('abc…');
    expect(cutText('abc', 4)).toBe('abc');
  });
});

describe('rendering', () => {
  it('marks emergency and urgent messages once', () => {
    expect(markedText(message('Call 112 now.', { level: 'emergency' }))).toBe('🚨 Call 112 now.');
    expect(markedText(message('🚨 EMERGENCY: call 112.', { level: 'emergency' }))).toBe(
      '🚨 EMERGENCY: call 112.',
    );
    expect(markedText(message('Get seen today.', { level: 'urgent' }))).toBe('⚠️ Get seen today.');
    expect(markedText(message('Book a GP visit.', { level: 'gp' }))).toBe('Book a GP visit.');
  });

  it('puts the buttons under the last part of a long message', () => {
    const { logger } = captureLogs();
    const parts = renderMessage(
      message('word '.repeat(2000), { buttons: [{ label: 'More detail', data: 'd:night_cramps' }] }),
      logger,
    );
    expect(parts).toHaveLength(3);
    expect(parts.slice(0, -1).every((part) => part.reply_markup === undefined)).toBe(true);
    expect(parts.at(-1)?.reply_markup).toEqual({
      inline_keyboard: [[{ text: 'More detail', callback_data: 'd:night_cramps' }]],
    });
  });

  it('keeps short keyboards one per row, and pairs short labels in long menus', () => {
    const { logger } = captureLogs();
    const few = renderMessage(
      message('hi', {
        buttons: [
          { label: 'A', data: 'i:a' },
          { label: 'B', data: 'i:b' },
        ],
      }),
      logger,
    );
    expect(few[0]?.reply_markup?.inline_keyboard.map((row) => row.length)).toEqual([1, 1]);

    const labels = [
      'Night cramps',
      'Cramps in pregnancy',
      'What to do during a cramp',
      'Alcohol',
      'Heat',
      'Feet',
      'Veins',
      'Hi',
    ];
    const menu = renderMessage(
      message('Pick a topic:', { buttons: labels.map((label, i) => ({ label, data: `i:t${i}` })) }),
      logger,
    );
    expect(menu[0]?.reply_markup?.inline_keyboard.map((row) => row.map((button) => button.text))).toEqual([
      ['Night cramps', 'Cramps in pregnancy'],
      ['What to do during a cramp'],
      ['Alcohol', 'Heat'],
      ['Feet', 'Veins'],
      ['Hi'],
    ]);
  });

  it('drops a button Telegram would reject (data over 64 bytes) instead of losing the whole message', () => {
    const capture = captureLogs();
    const parts = renderMessage(
      message('hi', {
        buttons: [
          { label: 'ok', data: 'i:first_aid' },
          { label: 'too long', data: `i:${'ä'.repeat(40)}` },
        ],
      }),
      capture.logger,
    );
    expect(parts[0]?.reply_markup?.inline_keyboard).toHaveLength(1);
    expect(capture.raw()).toMatch(/button dropped/);
  });
});
