/**
 * CONTRACT PLACEHOLDER — the triage module is being written; these signatures are the contract.
 */
import type { Level, TriageResult } from '../types.js';

export interface RedFlagRule {
  id: string;
  level: Exclude<Level, 'none'>;
  /** Short name shown on buttons and in reports, e.g. "Possible blood clot". */
  title: string;
  /** What to do now; `{number}` is replaced with the user's emergency number. */
  reply: string;
}

export interface RedFlagRules {
  rules: RedFlagRule[];
  byId: Map<string, RedFlagRule>;
}

/** Reads and validates knowledge/red-flags.yaml; throws KnowledgeError naming the file and field. */
export const loadRedFlags = (_file: string): RedFlagRules => ({ rules: [], byId: new Map() });

/** Checks one message for red flags; independent of the intent. */
export const triage = (_text: string, _rules: RedFlagRules): TriageResult => ({ level: 'none', rules: [] });
