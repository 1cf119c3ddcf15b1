import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createEngine, initialState, loadKnowledgeBase } from '../../src/engine/index.js';
import { translationCoverage } from '../../src/engine/kb/translations.js';

const root = fileURLToPath(new URL('../fixtures/kb-ru-partial/', import.meta.url));
const partial = loadKnowledgeBase({ intentsDir: `${root}intents`, knowledgeDir: `${root}knowledge` });

describe('translations a curator still has to write', () => {
  const rows = translationCoverage(partial);
  const row = (intent: string) => rows.find((item) => item.lang === 'ru' && item.intent === intent);

  it('fails a topic that has no Russian answer or examples, naming the file to write', () => {
    expect(row('first_aid')?.problems).toEqual([
      'no ru examples (intents/first_aid.ru.yaml)',
      'no ru answer (knowledge/answers/ru/first_aid.yaml)',
    ]);
  });

  it('reports a partly translated topic without failing it', () => {
    const night = row('night_cramps');
    expect(night?.problems).toEqual([]);
    expect(night?.notes).toEqual(expect.arrayContaining(['only 2 ru examples', 'no details']));
  });

  it('answers an untranslated topic in English rather than not at all', () => {
    const engine = createEngine(partial);
    const reply = engine.respond({ ...initialState(), lang: 'ru' }, { type: 'button', data: 'i:first_aid' });
    expect(reply.messages[0]?.kind).toBe('answer');
  });

  it('finds nothing missing in the real knowledge base', () => {
    const real = translationCoverage(loadKnowledgeBase());
    expect(real.filter((item) => item.problems.length > 0)).toEqual([]);
  });
});

describe('system messages in every language the bot speaks', () => {
  it('has every message of messages.yaml in messages.ru.yaml (none falls back to English)', () => {
    const keys = (file: string) => Object.keys(parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
    const russian = new Set(keys('knowledge/messages.ru.yaml'));
    expect(keys('knowledge/messages.yaml').filter((key) => !russian.has(key))).toEqual([]);
  });

  it('asks a vague Russian message back in Russian', () => {
    const engine = createEngine(loadKnowledgeBase());
    const reply = engine.respond({ ...initialState(), welcomed: true }, { type: 'text', text: 'судороги' });
    expect(reply.messages[0]?.text).toMatch(/[а-я]/);
    expect(reply.messages[0]?.text).not.toMatch(/I can help/);
  });
});
