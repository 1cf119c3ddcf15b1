import { type KnowledgeBase, OUT_OF_SCOPE_INTENT } from './load.js';

/** The topics crampbot must cover ; kb:lint and the tests hold the knowledge base to this list. */
export const REQUIRED_INTENTS = [
  'greeting',
  'thanks',
  'bot_capabilities',
  'what_is_cramp',
  'causes',
  'night_cramps',
  'exercise_cramps',
  'stretch_trigger',
  'walking_pain',
  'first_aid',
  'after_cramp_soreness',
  'prevention',
  'exercises',
  'minerals_diet',
  'hydration',
  'supplements',
  'medicines',
  'drug_side_effects',
  'ointments',
  'home_remedies',
  'pregnancy',
  'children',
  'older_adults',
  'women',
  'swimming',
  'alcohol',
  'heat_cold',
  'veins',
  'diseases',
  'sedentary_standing',
  'feet_toes',
  'see_doctor',
  'blood_clots',
] as const;

export const MIN_EXAMPLES = 20;
export const MIN_FOLLOWUPS = 2;
export const ANSWER_AIM_CHARS = 600;
/** Answers older than this should be reviewed again. */
export const REVIEW_MAX_AGE_DAYS = 365;

/**
 * Publishers whose own public pages crampbot may link to (a host matches itself and its subdomains).
 * Anything else (a mirror, a content farm, a document-sharing copy) is a problem for kb:lint.
 */
export const PUBLISHER_DOMAINS = [
  'nhs.uk',
  'nhsinform.scot',
  'nidirect.gov.uk',
  'gov.uk',
  'nice.org.uk',
  'mayoclinic.org',
  'aafp.org',
  'cochranelibrary.com',
  'msdmanuals.com',
  'bestpractice.bmj.com',
  'ncbi.nlm.nih.gov',
  'nih.gov',
  'health.harvard.edu',
  'journals.lww.com',
  'rcog.org.uk',
  'rnli.org',
  'ema.europa.eu',
  'aifa.gov.it',
  'medsafe.govt.nz',
  'drugs.com',
  'thieme-connect.de',
  'myositis.org',
  'srhr.org',
  'who.int',
  'fda.gov',
] as const;

/** Host labels and path words that mark an address no reader should be sent to. */
const NON_PUBLIC_HOST_LABEL =
  /^(?:test|testing|qa|uat|staging|stage|stg|dev|preview|beta|sandbox|developer|api|proxy|archive|archives|webarchive|mirror|cache)\d*$/;
const NON_PUBLIC_PATH =
  /(?:^|[/_.-])(?:test|testing|staging|widgets?|proxy|api|archive|archives|sandbox|preview)(?:$|[/_.?=-])/i;

/**
 * Why a source link is not one a reader should see, or null when it is fine: https only, on a
 * publisher's own domain (no port, no IP address, no query string), and no test, staging, widget, proxy,
 * API or archive host or path.
 */
export const sourceLinkProblem = (address: string): string | null => {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return 'not a web address';
  }
  if (url.protocol !== 'https:') return 'not https';
  if (url.port) return `has a port (${url.port})`;
  const host = url.hostname.toLowerCase();
  if (/^[\d.]+$/.test(host) || host.includes(':')) return 'is an IP address';
  const labels = host.split('.');
  const badLabel = labels.find((label) => NON_PUBLIC_HOST_LABEL.test(label));
  if (badLabel) return `host "${host}" is a ${badLabel} site, not the public one`;
  if (!PUBLISHER_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`)))
    return `"${host}" is not a listed publisher's own domain`;
  if (NON_PUBLIC_PATH.test(url.pathname)) return `path "${url.pathname}" is not a public page`;
  if (url.search || url.hash) return 'has a query string or fragment';
  return null;
};

export interface IntentCoverage {
  intent: string;
  examples: number;
  answerChars: number;
  followups: number;
  sources: number;
  contexts: number;
  replies: number;
  reviewed: string;
  /** What keeps the intent from being complete; empty when complete. */
  problems: string[];
  /** Worth a look but not blocking. */
  notes: string[];
}

export const intentCoverage = (kb: KnowledgeBase, today = new Date()): IntentCoverage[] => {
  const ids = [...new Set<string>([...REQUIRED_INTENTS, ...kb.intents.keys()])].filter(
    (id) => id !== OUT_OF_SCOPE_INTENT,
  );
  return ids.map((intent) => {
    const examples = [...(kb.intents.get(intent)?.examples.values() ?? [])].reduce(
      (sum, list) => sum + list.length,
      0,
    );
    const answer = kb.answers.get(intent);
    const problems: string[] = [];
    const notes: string[] = [];
    if (!answer) problems.push('no answer file');
    if (examples < MIN_EXAMPLES) problems.push(`${examples} examples (needs ${MIN_EXAMPLES})`);
    if (answer && answer.followups.length < MIN_FOLLOWUPS)
      problems.push(`${answer.followups.length} follow-ups (needs ${MIN_FOLLOWUPS})`);
    if (answer && answer.answer.length > ANSWER_AIM_CHARS)
      notes.push(`answer is ${answer.answer.length} chars (aim < ${ANSWER_AIM_CHARS})`);
    for (const source of answer?.sources ?? []) {
      const problem = sourceLinkProblem(source.url);
      if (problem) problems.push(`source "${source.title}": ${problem}`);
    }
    if (answer) {
      const ageDays = (today.getTime() - new Date(answer.reviewed).getTime()) / 86_400_000;
      if (ageDays > REVIEW_MAX_AGE_DAYS) notes.push(`reviewed ${answer.reviewed}, due for review`);
    }
    return {
      intent,
      examples,
      answerChars: answer?.answer.length ?? 0,
      followups: answer?.followups.length ?? 0,
      sources: answer?.sources.length ?? 0,
      contexts: Object.keys(answer?.contexts ?? {}).length,
      replies: Object.keys(answer?.replies ?? {}).length,
      reviewed: answer?.reviewed ?? '-',
      problems,
      notes,
    };
  });
};
