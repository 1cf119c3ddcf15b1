import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runTerminalChat } from '../../src/cli/terminal-chat.js';
import { loadEngine } from '../../src/engine/index.js';

const tsx = (script: string, input: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', script], { input, encoding: 'utf8', timeout: 60_000 });

describe('npm run classify', () => {
  it('answers each JSON line with exactly the contract fields, and prints nothing else', () => {
    const input = [
      { id: 1, text: 'why do my calves cramp at night' },
      { id: 'b', text: 'my calf is hot and swollen' },
      { id: null, text: "what's the weather in Paris tomorrow" },
      { id: 4, text: 'икра опухла и горячая' },
    ]
      .map((line) => JSON.stringify(line))
      .join('\n');
    const run = tsx('src/cli/classify.ts', `${input}\n`);
    expect(run.status).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(4);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(['id', 'intent', 'confidence', 'escalation', 'lang', 'reply']);
      expect(line.confidence).toBeGreaterThanOrEqual(0);
      expect(line.confidence).toBeLessThanOrEqual(1);
      expect(typeof line.reply).toBe('string');
    }
    expect(lines[0]).toMatchObject({ id: 1, intent: 'night_cramps', escalation: 'none' });
    expect(lines[1]).toMatchObject({ id: 'b', escalation: 'urgent' });
    expect(lines[1].reply).toContain('112');
    expect(lines[2]).toMatchObject({ id: null, intent: null, escalation: 'none', lang: 'en' });
    expect(lines[3]).toMatchObject({ id: 4, escalation: 'urgent', lang: 'ru' });
    expect(lines[3].reply).toContain('тромб');
  });

  it('reports a malformed line on stderr and exits non-zero, keeping stdout clean', () => {
    const run = tsx('src/cli/classify.ts', 'not json\n{"id": 2, "text": "leg cramp"}\n');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('line 1');
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
  });
});

describe('npm run chat', () => {
  it('holds the README conversation: answer, numbered follow-ups, then urgent advice first', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let transcript = '';
    output.on('data', (chunk: Buffer) => {
      transcript += chunk.toString();
    });
    const done = runTerminalChat(loadEngine(), { input, output, colour: false });
    input.end(
      ['why do my calves cramp at night', '1', '1', 'my calf is hot and swollen', '/quit', ''].join('\n'),
    );
    await done;
    expect(transcript).toContain('Night cramps are very common');
    expect(transcript).toMatch(/\[1\] How often do they happen\?/);
    expect(transcript).toContain('Most nights, for weeks');
    expect(transcript).toContain('worth a visit to your doctor');
    const urgent = transcript.indexOf('⚠️');
    expect(urgent).toBeGreaterThan(transcript.indexOf('worth a visit to your doctor'));
    expect(transcript.slice(urgent)).toContain('112');
  });

  it('holds a Russian conversation: answer, numbered follow-ups, an option, then a Russian emergency', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let transcript = '';
    output.on('data', (chunk: Buffer) => {
      transcript += chunk.toString();
    });
    const done = runTerminalChat(loadEngine(), { input, output, colour: false });
    input.end(
      ['почему ночью сводит икры?', '1', '1', 'сильная боль в груди и не могу дышать', '/quit', ''].join(
        '\n',
      ),
    );
    await done;
    expect(transcript).toContain('[lang: ru]');
    expect(transcript).toContain('Ночные судороги очень распространены');
    expect(transcript).toMatch(/\[1\] Как часто это бывает\?/);
    expect(transcript).toContain('Почти каждую ночь, неделями');
    expect(transcript).toContain('Это не срочно');
    const emergency = transcript.indexOf('🚨 СРОЧНО');
    expect(emergency).toBeGreaterThan(transcript.indexOf('Это не срочно'));
    expect(transcript.slice(emergency)).toContain('103 или 112');
  });

  it('does not take a number that presses no button for a question, and says which numbers do', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let transcript = '';
    output.on('data', (chunk: Buffer) => {
      transcript += chunk.toString();
    });
    const engine = loadEngine();
    const done = runTerminalChat(engine, { input, output, colour: false });
    input.end(['why do my calves cramp at night', '9', '0', '1', '/quit', ''].join('\n'));
    await done;
    const after = transcript.slice(transcript.indexOf('Night cramps are very common'));
    expect(after).toContain('There is no button 9. Type a number from 1 to 4 to press a button');
    expect(after).toContain('There is no button 0.');
    expect(after).not.toContain(engine.kb.messages.out_of_scope.trim().slice(0, 40));
    // The buttons are still the answer's: 1 presses its first one.
    expect(after).toContain('Most nights, for weeks');
  });
});
