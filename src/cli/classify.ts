import { createInterface } from 'node:readline';
import { z } from 'zod';
import { initialState, loadEngine } from '../engine/index.js';
import { runCli } from './run.js';

/**
 * The evaluation contract: JSON Lines {"id", "text"} on stdin, one JSON line per input on stdout:
 * {"id", "intent", "confidence", "escalation", "lang", "reply"}; escalation is none, gp, urgent, emergency or ask
 * (the safety question comes first). Nothing else is written to stdout.
 */
const inputSchema = z.object({ id: z.unknown(), text: z.string() });

runCli(async () => {
  const engine = loadEngine();
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (!line.trim()) continue;
    let parsed: z.infer<typeof inputSchema>;
    try {
      parsed = inputSchema.parse(JSON.parse(line));
    } catch {
      process.stderr.write(`classify: line ${lineNumber}: expected {"id": ..., "text": "..."}\n`);
      process.exitCode = 1;
      continue;
    }
    const result = engine.respond(initialState(), { type: 'text', text: parsed.text });
    const output = {
      id: parsed.id ?? null,
      intent: result.intent,
      confidence: Math.max(0, Math.min(1, result.confidence)),
      // "ask": the reply asks the safety question before any advice (alarm words, no settled level).
      escalation: result.asked ? 'ask' : result.escalation,
      lang: result.lang ?? 'en',
      reply: result.messages[0]?.text ?? '',
    };
    process.stdout.write(`${JSON.stringify(output)}\n`);
  }
});
