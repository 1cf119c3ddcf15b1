import { KnowledgeError } from '../engine/index.js';

/** Runs a CLI's main function; knowledge errors print as one clear line and exit 1, not a stack trace. */
export const runCli = (main: () => Promise<void> | void): void => {
  Promise.resolve()
    .then(main)
    .catch((error: unknown) => {
      if (error instanceof KnowledgeError) process.stderr.write(`Knowledge base error: ${error.message}\n`);
      else
        process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
};
