import { statSync } from 'node:fs';
import { join } from 'node:path';

export class EnvFileError extends Error {
  override name = 'EnvFileError';
}

/**
 * Reads `.env` from the working directory into process.env, if there is one (and only then). A variable
 * already in the environment wins over the file, even when it is blank, so `PORT=4000 npm start` and a
 * process manager's settings always apply. Every entry point calls this before it reads its configuration.
 * Returns the path it read, or undefined when there is no `.env`.
 */
export const loadEnvFile = (path: string = join(process.cwd(), '.env')): string | undefined => {
  try {
    if (!statSync(path).isFile()) return undefined;
  } catch {
    return undefined; // no .env: the environment alone configures the process
  }
  try {
    process.loadEnvFile(path);
  } catch (error) {
    throw new EnvFileError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  return path;
};
