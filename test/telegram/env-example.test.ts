import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envSchema, loadConfig } from '../../src/config.js';

const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');

describe('.env.example', () => {
  it('documents every variable the config reads', () => {
    for (const name of Object.keys(envSchema.shape))
      expect(example).toMatch(new RegExp(`^(# )?${name}=`, 'm'));
  });

  it('is a valid configuration as it stands (copying it to .env must not break start-up)', () => {
    const env: Record<string, string> = {};
    for (const [, name, value] of example.matchAll(/^([A-Z_]+)=(.*)$/gm))
      env[name as string] = value as string;
    expect(() => loadConfig(env)).not.toThrow();
  });
});
