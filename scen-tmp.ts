import { createEngine, initialState, loadKnowledgeBase } from './src/engine/index.js';
const kb = loadKnowledgeBase();
const engine = createEngine(kb);
const wc = (t: string) => t.split(/\s+/).filter((w) => /\w/.test(w)).length;
const lines = [
  "I'm pregnant and get leg cramps every night",
  'my calves cramp every night and wake me up',
  'calves cramp when I walk and stop when I rest',
  'I have cramps every night since I started water tablets',
  'I drink a lot and get cramps every night',
  'my daughter has leg pains every day and she limps',
  'my 10 year old gets cramps every night',
  'I cramp in every race at the same point',
  'diabetic with leg cramps every night',
  'cramps every night and twitching muscles',
  'what are the signs of a blood clot in the leg',
  'how many panangin tablets a day',
  'can i take difenin',
  'sciatica not getting better and cramps at night',
];
for (const line of lines) {
  const r = engine.respond({ ...initialState(), welcomed: true }, { type: 'text', text: line });
  console.log(`${line} | ${r.intent} ${r.escalation} | msgs ${r.messages.length} | words ${r.messages.map((m) => wc(m.text)).join('+')} | btn ${r.messages.map((m) => m.buttons.length).join('+')}`);
}
