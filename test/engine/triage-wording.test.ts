/**
 * Red-flag triage on wording the rules were not written from: other people, other persons ("my mum", "the
 * kid next to us"), questions that describe a present case, non-native grammar, everyday comparisons
 * ("wee like cola"), idioms of severity and of despair. And the harmless messages that must not alarm or
 * ask: history, worry while everything looks normal, pregnancy week counts, both ankles puffy, questions
 * for facts. Levels follow /shared/medical-facts.md 4.1, 4.1b, 4.2 and 4.3.
 */
import { describe, expect, it } from 'vitest';
import { loadRedFlags, type RedFlagRules, triage } from '../../src/engine/triage/index.js';
import { LEVELS, type Level } from '../../src/engine/types.js';

const rules: RedFlagRules = loadRedFlags('knowledge/red-flags');
/** LEVELS runs from the most urgent down: a smaller rank is a higher level. */
const rank = (level: Level): number => LEVELS.indexOf(level);

describe('an ambulance now, whatever the body part, person or grammar (4.1, 4.1b)', () => {
  it.each([
    "my sister swam out too far at the beach and she's waving and can't get back in",
    'is it normal that my husband is still out in the lake after a cramp and keeps going under?',
    "my cousin got cramp in the river and he's struggling to stay up, what do we do",
    "the kid next to us in the sea is bobbing up and down and can't keep his head up",
    'my son fell off his bike and hit his head, now he keeps asking the same questions',
    'she banged her head on the shelf an hour ago and keeps throwing up',
    "he had a knock to the head playing rugby and now he's really sleepy and hard to wake",
    "fell and hit my head on the kerb, since then i'm seeing double and feel sick",
    "my dad's face has dropped on one side",
    'her smile looks lopsided all of a sudden',
    'mum is suddenly talking nonsense and her words are slurred',
    'his right arm suddenly went floppy and he dropped his tea',
    "my wife can't lift her left arm since this morning",
    'my lips have swelled up after taking the new antibiotic',
    'tongue feels huge and my throat is tight after eating a curry with cashews',
    'my face is swelling up since I took a herbal remedy for my cramps',
    'cut my leg on a fence and blood is soaking through the towel',
    "my husband cut his arm with a saw and it's spurting blood",
    "there's blood pouring from the gash on his shin and it won't stop",
    "my grandad won't wake up and his breathing sounds like snoring and gurgling",
    "can't wake my mum up, she's breathing really strangely",
    'my 15 year old swallowed loads of paracetamol',
    'our teenager took a whole strip of his tablets',
    'my daughter took a bunch of pills after an argument',
    'these cramps have made me want to end my life',
    "I'm so done, I want to kill myself",
    "honestly I just don't want to wake up tomorrow",
    'should I go to A&E? my chest feels crushed and the pain goes into my jaw',
    "is it bad that my dad can't breathe properly and his lips are going blue?",
    "what do I do, my friend collapsed and isn't responding",
    "should i call 999, my wife's face is drooping on one side?",
    'my wee looks like coca cola after the spin class and my legs are killing me',
    'on simvastatin and my pee has gone the colour of strong tea, muscles hurt all over',
    'after the army fitness test my urine is like black coffee and my thighs are agony',
    '34 weeks pregnant with a pounding headache and flashing lights, and chest pain',
    "i gave birth 5 days ago and now i'm really short of breath",
    'took a kick to the shin in football, now the calf is rock hard and the pain is unbearable',
    'my shin got crushed under a pallet and the pain is getting worse and worse',
    'back pain and now numb around my bottom and between my legs',
    "bad back for weeks and now I can't feel the toilet paper when I wipe",
    "he's been out in the sun all day and now he's not making sense",
    "my mate's confused and his skin is really hot after the festival in this heat",
    'my foot suddenly went cold and pale and it really hurts',
    "my calf is swollen since the flight and now I'm short of breath",
    'weakness and tingling creeping up both legs over the last few days',
    'both my legs have been getting weaker and more numb every day this week',
    'pls help my brother is in the water and he is not coming up',
    'my friend was swimming in the quarry and disappeared under the water',
    'someone at the pool is face down and not moving',
    "my dad slipped on ice and hit his head, now he's vomiting and confused",
    'after the fall she keeps forgetting what we just told her',
    'my son got hit on the head with a cricket ball and now he is very drowsy',
    'his mouth is droopy on the left',
    'her speech sounds weird and slurry since lunch',
    'my arm went numb and weak all of a sudden on one side',
    'my husbands face look strange one side is down',
    'he cannot speak properly since 20 minutes and his arm is weak',
    'my lips and eyes are swollen after the ibuprofen',
    'after the bee sting my throat feel tight and i cant swallow',
    'my mouth is swelling after eating peanuts',
    'i took a new supplement and now my tongue is swollen',
    'the wound on my leg is spurting blood every time my heart beats',
    'blood has soaked through three bandages',
    'i cant stop the bleeding from my foot, its pouring',
    'he is unconscious on the floor',
    "my mum is breathing very oddly and she doesn't respond",
    "she is passed out and won't come round",
    'my 14 year old took a lot of pills',
    'my teenage son has swallowed a handful of my sleeping tablets',
    'i took 20 paracetamol',
    'i want to die, the pain never stops',
    'i feel like ending it all because of these cramps',
    "i've been thinking about taking my own life",
    'nobody would miss me if i was gone',
    "what do i do, he's not breathing",
    "should we go to hospital? my wife can't get her words out and her face droops",
    "is it serious if my dad suddenly can't move his right leg and his speech is slurred?",
    'my pee is brown like cola after crossfit',
    'wee the colour of coffee and calves very painful after the marathon',
    "i'm on statins and my urine is very dark and my muscles are weak",
    'my urine is reddish brown after the race and I can barely walk',
    "i'm 36 weeks pregnant and had a fit",
    'just had a baby and i coughed up blood',
    'calf swollen and now chest pain when i breathe',
    'my leg is white and cold and i cant feel it',
    "cramping in the heat and now he's confused and his skin is hot and dry",
    "she's been in the sun and now she's talking rubbish and stumbling",
    'rested in the shade for 40 minutes and still feel terrible with cramps',
    "can't control my bladder and my back is killing me",
    'numbness in my bum and groin with sciatica',
  ])('"%s"', (text) => {
    expect(triage(text, rules).level).toBe('emergency');
  });
});

describe('seen today at least (4.2)', () => {
  it.each([
    "my foot has suddenly gone floppy and I can't lift the front of it",
    'pregnant and my face and hands have puffed up suddenly',
    "had my baby 2 weeks ago and have a really bad headache that won't go",
    '30 weeks pregnant with pain under my ribs on the right',
    'one calf is swollen and red since yesterday',
    "my left leg is bigger than the right and it's warm",
    'only one calf is throbbing after the long drive home',
    "my cramp has lasted 20 minutes and won't let go",
    'on atorvastatin and my legs ache all the time',
    "felt a pop at the back of my ankle playing squash and now I can't stand on tiptoe",
    'stepped on a rusty nail and not sure if my tetanus is up to date',
    'been sick and had diarrhoea all day and now cramping everywhere',
    'i am 35 weeks and suddenly my hands and face are very swollen',
    'pregnant, bad headache and seeing spots',
    'two weeks after the birth my calf is sore and swollen',
    'after c-section my leg is red and painful',
    'cramp in my calf for 40 minutes now even after stretching',
    'my calf has been painful for 4 days and it hurts to walk, only on the right',
    'started rosuvastatin and now my thighs are sore and weak',
    'worked with lead paint all week and now have cramps',
    "my son is limping and won't put weight on his leg",
    'red hot swollen patch on my shin',
    'felt like someone kicked me in the back of the leg while playing tennis',
  ])('"%s"', (text) => {
    expect(rank(triage(text, rules).level)).toBeLessThanOrEqual(rank('urgent'));
  });
});

describe('a GP appointment at least (4.3)', () => {
  it.each([
    'when I walk to the corner shop my calf aches and I have to stop for a bit, then it goes',
    'my dad can walk about 100 yards before his calf cramps, he rests and carries on',
    "she gets leg cramps most nights and it's ruining her sleep",
    "since the new blood pressure tablets I've had cramps every night",
    'cramps every night for months',
    'my legs cramp when i walk uphill and ease off when i stop',
    'my calf muscle is getting smaller and i get cramps',
    'diabetic and getting cramps every night',
    'cramps since my new water tablets',
    'i drink a bottle of wine every night and get cramps',
  ])('"%s"', (text) => {
    expect(rank(triage(text, rules).level)).toBeLessThanOrEqual(rank('gp'));
  });
});

describe('no alarm and no safety question: history, calm worry, week counts, questions for facts', () => {
  it.each([
    'what does a blood clot feel like?',
    'what does a stroke look like? school project',
    'I had a DVT 5 years ago, it was treated, now just normal night cramps',
    'had chest pain last year, got checked, all fine, now asking about cramps',
    "I'm 32 weeks pregnant and get cramps at night",
    "I've had cramps for ages, on and off",
    'both ankles a little puffy at the end of the day, 36 weeks pregnant, no headache',
    'my dark urine was a one off years ago after a night out, now I just get cramps',
    'had a seizure once as a teenager, none since, do cramps relate?',
    "I'm worried about clots but my legs look normal and nothing's swollen",
    'how do you stop a cramp in the pool?',
    'is swimming good for cramps?',
    'my friend had a stroke years ago, can cramps be related?',
    'what should I do if I get a cramp while swimming?',
    'how long does a normal cramp last?',
    "my calf cramped for a minute last night and now it's fine",
    'which stretches help night cramps?',
    'can dehydration cause cramps?',
    "I'm 70 years old and get cramps most weeks, is magnesium worth it?",
    'my baby is 6 weeks old and I get leg cramps at night',
    'i had a blood clot in 2019, it was treated, now i just get the usual night cramps',
    'i had a DVT years ago, how do i avoid another on a flight?',
    'what are the symptoms of a stroke?',
    'what are the signs of rhabdomyolysis?',
    "my gran had a stroke a few years ago and she's fine now, she gets cramps in her feet",
    'what does dark urine mean?',
    'can you drown from a cramp?',
    "i'm 28 weeks pregnant, what helps leg cramps?",
    "i've been getting cramps for weeks, mainly at night",
    'i worry a lot about blood clots but my legs look fine',
    'what should you do if someone has a seizure?',
    'my son had a febrile fit as a baby, now he is 8 and gets leg cramps',
    'do statins cause leg cramps?',
    'is it safe to swim in cold water if I get cramps?',
    'how do I know if my cramp is serious?',
    "i've been on statins for years without problems, is magnesium ok with them?",
    'had heatstroke two summers ago, now careful, any tips for cramps in the heat?',
    'my calves are swollen after a long day on my feet, both of them, no pain',
  ])('"%s"', (text) => {
    const result = triage(text, rules);
    expect(rank(result.level)).toBeGreaterThan(rank('urgent'));
    expect(result.ask).toBeUndefined();
  });
});
