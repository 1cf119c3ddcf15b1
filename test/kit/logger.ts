import { createLogger, type Logger } from '../../src/logger.js';

export interface CapturedLogs {
  logger: Logger;
  /** Every log line so far, parsed. */
  lines: () => Record<string, unknown>[];
  /** The raw JSON text of every line, to check that no message text leaked into it. */
  raw: () => string;
}

/** A real pino logger writing into memory, so tests can read what production would log. */
export const captureLogs = (level = 'debug'): CapturedLogs => {
  const written: string[] = [];
  const logger = createLogger(level, { write: (line: string) => written.push(line) });
  return {
    logger,
    lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>),
    raw: () => written.join(''),
  };
};
