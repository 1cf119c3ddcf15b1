import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { findSourceMap } from 'node:module';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  /** `function (file:line)`, mapped back to the TypeScript source. */
  where: string;
  ms: number;
  share: number;
}

export interface HotSpots {
  /** Time spent in the function itself, heaviest first. */
  self: HotSpot[];
  /** Time spent in project functions including what they call (the engine's own frames only). */
  inclusive: HotSpot[];
}

const sourceLines = new Map<string, string[]>();

/** A readable name for a function: V8's, or (tsx wraps arrow functions, so V8 has none) the source line's. */
const nameFrom = (functionName: string, file: string | null, line: number): string => {
  if (functionName) return functionName;
  if (!file) return '(anonymous)';
  let lines = sourceLines.get(file);
  if (!lines) {
    try {
      lines = readFileSync(file, 'utf8').split('\n');
    } catch {
      lines = [];
    }
    sourceLines.set(file, lines);
  }
  const text = (lines[line] ?? '').trim();
  const named = /(?:const|let|function)\s+([\w$]+)|([\w$]+)\s*[:=]\s*(?:async\s*)?\(|^([\w$]+)\s*\(/.exec(
    text,
  );
  const name = named?.[1] ?? named?.[2] ?? named?.[3];
  return name ?? (text.length > 40 ? `${text.slice(0, 39)}…` : text || '(anonymous)');
};

/** Maps a frame of transpiled code back to its TypeScript file and line with the source map tsx registers. */
const locate = (frame: ProfileNode['callFrame'], root: string): { key: string; project: boolean } => {
  const { url, lineNumber, columnNumber } = frame;
  if (!url) return { key: `${frame.functionName || '(anonymous)'} (native)`, project: false };
  let file: string | null = url.startsWith('file://') ? fileURLToPath(url) : null;
  let line = lineNumber;
  const map = url.startsWith('file://') ? findSourceMap(url) : undefined;
  const entry = map?.findEntry(lineNumber, columnNumber) as
    | { originalSource?: string; originalLine?: number }
    | undefined;
  if (entry?.originalSource) {
    file = entry.originalSource.startsWith('file://')
      ? fileURLToPath(entry.originalSource)
      : entry.originalSource;
    line = entry.originalLine ?? lineNumber;
  }
  const shown = file ? relative(root, file) : url;
  // The engine's and the bot's own code; the benchmark harness is left out.
  const project = shown.startsWith('src/') && !shown.startsWith('src/bench/');
  return { key: `${nameFrom(frame.functionName, file, line)} (${shown}:${line + 1})`, project };
};

/** Self and inclusive time per function of a V8 CPU profile. */
export const hotSpots = (profile: CpuProfile, root: string, top = 12): HotSpots => {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const located = new Map<number, { key: string; project: boolean }>();
  const where = (id: number) => {
    let found = located.get(id);
    if (!found) {
      const node = byId.get(id);
      found = node ? locate(node.callFrame, root) : { key: '(unknown)', project: false };
      located.set(id, found);
    }
    return found;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    // The first sample's delta is the profiler's own start-up (80-90 ms), charged to whatever ran first.
    if (i === 0) return;
    const delta = profile.timeDeltas[i] ?? 0;
    total += delta;
    const leaf = where(id).key;
    self.set(leaf, (self.get(leaf) ?? 0) + delta);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = where(at);
      if (!frame.project || seen.has(frame.key)) continue;
      seen.add(frame.key);
      inclusive.set(frame.key, (inclusive.get(frame.key) ?? 0) + delta);
    }
  });
  const list = (map: Map<string, number>) =>
    [...map]
      .map(([key, micros]) => ({ where: key, ms: micros / 1000, share: total ? micros / total : 0 }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top);
  return { self: list(self), inclusive: list(inclusive) };
};

/** Runs `work` under V8's sampling profiler (100 µs interval) and returns the profile. */
export const profiled = async (work: () => Promise<unknown>): Promise<CpuProfile> => {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    await work();
    const { profile } = await session.post('Profiler.stop');
    return profile as unknown as CpuProfile;
  } finally {
    session.disconnect();
  }
};
