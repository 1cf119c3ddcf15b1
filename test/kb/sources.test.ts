import { describe, expect, it } from 'vitest';
import { createEngine, initialState, loadKnowledgeBase } from '../../src/engine/index.js';
import { PUBLISHER_DOMAINS, sourceLinkProblem } from '../../src/engine/kb/coverage.js';

/**
 * Sources shown under "More detail" are the publisher's own public page, with its title and publisher:
 * never a mirror, a widget or API copy, a test or staging site, a library proxy or an archive.
 */
const kb = loadKnowledgeBase();
const sources = [...kb.answers.values()].flatMap((answer) =>
  answer.sources.map((source) => ({ intent: answer.intent, ...source })),
);

describe('sources a reader sees', () => {
  it('every source has a title, a publisher and an https link on a listed publisher domain', () => {
    expect(sources.length).toBeGreaterThan(60);
    const problems = sources.flatMap((source) => {
      const problem = sourceLinkProblem(source.url);
      return problem ? [`${source.intent}: ${source.title}: ${problem}`] : [];
    });
    expect(problems).toEqual([]);
    for (const source of sources) {
      expect(source.title.length, source.url).toBeGreaterThan(3);
      expect(source.publisher.length, source.url).toBeGreaterThan(1);
    }
  });

  it('rejects the kinds of address that were shown before', () => {
    const bad = {
      'http://cks.nice.org.uk/leg-cramps': 'not https',
      'https://developer.api.nhs.uk/widgets/condition/?condition=/conditions/leg-cramps/': 'developer',
      'https://www.nhs.uk/widgets/condition/leg-cramps/': 'path',
      'https://rnli.org/pages/testing/mg/test-submission-float': 'path',
      'https://uat.rnli.org/news-and-media/2024/may/21/float': 'uat',
      'https://qa.marshfieldclinic.org/specialties/obgyn/pregnancy-info-leg-cramps': 'qa',
      'https://bibliotheek.ehb.be:2400/topics/en-gb/569/epidemiology': 'port',
      'https://nhsinform-n1.azurewebsites.net/ready-steady-baby/pre-eclampsia/': 'not a listed publisher',
      'https://archives.lincolndailynews.com/2017/Feb/28/NEWS/health_h.shtml': 'archives',
      'https://www.scribd.com/document/446880205/afw139': 'not a listed publisher',
      'http://47.251.13.51:8081/22963024': 'not https',
      'https://www.nhs.uk/proxy/leg-cramps/': 'path',
      'https://pmc.ncbi.nlm.nih.gov/articles/PMC11055607/?term=Cochrane': 'query',
      'https://staging.nhs.uk/conditions/leg-cramps/': 'staging',
      'https://www.nhs.uk.example.com/conditions/leg-cramps/': 'not a listed publisher',
    };
    for (const [url, reason] of Object.entries(bad)) expect(sourceLinkProblem(url), url).toContain(reason);
    expect(sourceLinkProblem('https://www.nhs.uk/conditions/leg-cramps/')).toBeNull();
    expect(sourceLinkProblem('https://cks.nice.org.uk/topics/leg-cramps/')).toBeNull();
    expect(PUBLISHER_DOMAINS).toContain('nhs.uk');
  });

  it('shows title, publisher and link under "More detail"', () => {
    const engine = createEngine(kb);
    const details = engine.respond(initialState(), { type: 'button', data: 'd:night_cramps' });
    const text = details.messages[0]?.text ?? '';
    expect(text).toContain('Sources:\n• Leg cramps – NHS: https://www.nhs.uk/conditions/leg-cramps/');
    expect(text).not.toMatch(/developer\.api|widget/);
  });
});
