import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KnowledgeError, loadKnowledgeBase } from '../../src/engine/index.js';

/**
 * Each test copies the small fixture knowledge base, breaks one thing, and checks that loading fails with
 * a message naming the file and the field, as start-up and `npm run kb:lint` report it.
 */
const FIXTURE = join(import.meta.dirname, '../fixtures/kb-mini');
let root = '';

const copyFixture = (): string => {
  root = mkdtempSync(join(tmpdir(), 'crampbot-kb-'));
  cpSync(FIXTURE, root, { recursive: true });
  return root;
};
const shown = (path: string) => relative(process.cwd(), join(root, path));
const edit = (path: string, change: (text: string) => string) =>
  writeFileSync(join(root, path), change(readFileSync(join(root, path), 'utf8')));
const load = () =>
  loadKnowledgeBase({ intentsDir: join(root, 'intents'), knowledgeDir: join(root, 'knowledge') });
const loadError = (): string => {
  try {
    load();
  } catch (error) {
    if (error instanceof KnowledgeError) return error.message;
    throw error;
  }
  throw new Error('the knowledge base loaded, but it should not have');
};

afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('knowledge validation', () => {
  it('loads the intact fixture', () => {
    copyFixture();
    expect(load().answers.size).toBeGreaterThan(3);
  });

  it('rejects an unknown key', () => {
    copyFixture();
    edit('knowledge/answers/night_cramps.yaml', (text) => `${text}\nanswr: typo\n`);
    expect(loadError()).toBe(`${shown('knowledge/answers/night_cramps.yaml')}: unknown key(s) "answr"`);
  });

  it('rejects an intent without an answer file', () => {
    copyFixture();
    unlinkSync(join(root, 'knowledge/answers/prevention.yaml'));
    expect(loadError()).toBe(
      `${shown('intents/prevention.yaml')}: id: intent "prevention" has no answer in knowledge/answers/prevention.yaml`,
    );
  });

  it('rejects an answer file without its answer', () => {
    copyFixture();
    edit('knowledge/answers/first_aid.yaml', (text) => text.replace(/^answer: \|\n(?: {2}.*\n)+/m, ''));
    expect(loadError()).toMatch(new RegExp(`^${shown('knowledge/answers/first_aid.yaml')}: answer: `));
  });

  it('rejects an intent with no examples', () => {
    copyFixture();
    writeFileSync(join(root, 'intents/prevention.yaml'), 'id: prevention\nexamples: []\n');
    expect(loadError()).toBe(
      `${shown('intents/prevention.yaml')}: examples: an intent needs at least one example`,
    );
  });

  it('rejects the same example under two intents, even with other case and punctuation', () => {
    copyFixture();
    const firstNight =
      /- (.+)/.exec(readFileSync(join(root, 'intents/night_cramps.yaml'), 'utf8'))?.[1] ?? '';
    edit('intents/prevention.yaml', (text) => `${text.trimEnd()}\n  - ${firstNight.toUpperCase()}!!\n`);
    expect(loadError()).toMatch(
      new RegExp(
        `^${shown('intents/prevention.yaml')}: examples\\.\\d+: ".+" is already an example of intent "night_cramps"`,
      ),
    );
  });

  it('rejects a follow-up that points nowhere', () => {
    copyFixture();
    edit('knowledge/answers/exercise_cramps.yaml', (text) =>
      text.replace('intent: night_cramps', 'intent: nigth_cramps'),
    );
    expect(loadError()).toBe(
      `${shown('knowledge/answers/exercise_cramps.yaml')}: followups.0.options.0.intent: points to "nigth_cramps", which has no answer`,
    );
  });

  it('rejects a follow-up that names an unknown red-flag rule', () => {
    copyFixture();
    edit('knowledge/answers/exercise_cramps.yaml', (text) =>
      text.replace('intent: first_aid', 'redflag: no_such_rule'),
    );
    expect(loadError()).toBe(
      `${shown('knowledge/answers/exercise_cramps.yaml')}: followups.0.options.1.redflag: points to "no_such_rule", which is not a red-flag rule`,
    );
  });

  it('rejects a source without a valid link and an over-long answer', () => {
    copyFixture();
    edit('knowledge/answers/first_aid.yaml', (text) =>
      text.replace('https://www.nhs.uk/conditions/leg-cramps/', 'nhs leg cramps'),
    );
    expect(loadError()).toMatch(
      new RegExp(`^${shown('knowledge/answers/first_aid.yaml')}: sources\\.0\\.url: `),
    );
    copyFixture();
    edit('knowledge/answers/first_aid.yaml', (text) =>
      text.replace(/^answer: \|\n/m, `answer: ${'x'.repeat(1001)}\nunused: |\n`),
    );
    expect(loadError()).toMatch(/answer: |unknown key/);
  });

  it('rejects broken YAML and names the file', () => {
    copyFixture();
    writeFileSync(join(root, 'knowledge/messages.yaml'), 'welcome: [unclosed\n');
    expect(loadError()).toMatch(new RegExp(`^${shown('knowledge/messages.yaml')}: not valid YAML`));
  });

  it('rejects a default country that is not listed', () => {
    copyFixture();
    edit('knowledge/emergency-numbers.yaml', (text) => text.replace(/^default: .*$/m, 'default: ZZ'));
    expect(loadError()).toBe(
      `${shown('knowledge/emergency-numbers.yaml')}: default: "ZZ" is not one of the countries`,
    );
  });
});
