import type { z } from 'zod';

/** A problem in the knowledge files; the message always names the file and, where known, the field. */
export class KnowledgeError extends Error {
  constructor(
    readonly file: string,
    readonly field: string | null,
    detail: string,
  ) {
    super(field ? `${file}: ${field}: ${detail}` : `${file}: ${detail}`);
    this.name = 'KnowledgeError';
  }
}

/** Turns the first zod issue into a KnowledgeError naming the field path (e.g. `followups.0.options.1`). */
export const fromZodError = (file: string, error: z.ZodError): KnowledgeError => {
  const issue = error.issues[0];
  if (!issue) return new KnowledgeError(file, null, 'invalid');
  const field = issue.path.length ? issue.path.map(String).join('.') : null;
  let detail = issue.message;
  if (issue.code === 'unrecognized_keys')
    detail = `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return new KnowledgeError(file, field, detail);
};
