import type { KnowledgeBase } from '../kb/load.js';

export interface TopicGroup {
  title: string;
  topics: string[];
}

/** Title of the group that collects topics knowledge/topics.yaml does not place (a topic added later). */
const MORE = 'More topics';

/**
 * The /topics menu in the order a person needs it (knowledge/topics.yaml), without small talk. A topic the
 * file does not mention still appears, under "More topics", so a new topic is never missing from the menu.
 */
export const topicGroups = (
  kb: Pick<KnowledgeBase, 'answers' | 'topicGroups' | 'vocabulary'>,
): TopicGroup[] => {
  const file = kb.topicGroups;
  const placed = new Set([...(file?.groups.flatMap((group) => group.topics) ?? []), ...(file?.hidden ?? [])]);
  const groups = (file?.groups ?? []).map((group) => ({
    title: group.title,
    topics: group.topics.filter((id) => kb.answers.has(id)),
  }));
  const rest = [...kb.answers.keys()].filter((id) => !placed.has(id));
  if (rest.length) groups.push({ title: file ? MORE : 'Topics', topics: rest });
  return groups.filter((group) => group.topics.length > 0);
};
