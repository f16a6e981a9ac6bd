import { containsPhrase } from './phrases.ts';

/**
 * Ordinary English sentences for hard negatives: the continuous speech a detector hears all day
 * (conversation, requests to a device, read text). A fixed list plus a template grammar that
 * yields hundreds of thousands of distinct sentences.
 */

/** Harvard sentences (IEEE 1969 recommended practice for speech quality tests), phonetically balanced. */
export const HARVARD_SENTENCES = [
  'The birch canoe slid on the smooth planks.', 'Glue the sheet to the dark blue background.',
  "It's easy to tell the depth of a well.", 'These days a chicken leg is a rare dish.',
  'Rice is often served in round bowls.', 'The juice of lemons makes fine punch.',
  'The box was thrown beside the parked truck.', 'Four hours of steady work faced us.',
  'A large size in stockings is hard to sell.', 'The boy was there when the sun rose.',
  'A rod is used to catch pink salmon.', 'The source of the huge river is the clear spring.',
  'Kick the ball straight and follow through.', 'Help the woman get back to her feet.',
  'A pot of tea helps to pass the evening.', 'Smoky fires lack flame and heat.',
  "The soft cushion broke the man's fall.", 'The salt breeze came across from the sea.',
  'The girl at the booth sold fifty bonds.', 'The small pup gnawed a hole in the sock.',
  'The fish twisted and turned on the bent hook.', 'Press the pants and sew a button on the vest.',
  'The swan dive was far short of perfect.', 'The beauty of the view stunned the young boy.',
  'Two blue fish swam in the tank.', 'Her purse was full of useless trash.',
  'The colt reared and threw the tall rider.', 'It snowed, rained, and hailed the same morning.',
  'Read verse out loud for pleasure.', 'Hoist the load to your left shoulder.',
  'Take the winding path to reach the lake.', 'Note closely the size of the gas tank.',
  'Wipe the grease off his dirty face.', 'Mend the coat before you go out.',
  'The stray cat gave birth to kittens.', 'The young girl gave no clear response.',
  'The meal was cooked before the bell rang.', 'What joy there is in living.',
];

const SUBJECTS = ['my sister', 'the old man', 'our neighbour', 'a small dog', 'the teacher', 'my best friend', 'the kids', 'her brother', 'the new manager', 'everyone at work', 'the driver', 'a tall woman', 'my grandfather', 'the baker', 'our cat', 'the students', 'his mother', 'the doctor', 'a young couple', 'the mail carrier'];
const VERBS = ['painted', 'fixed', 'cleaned', 'carried', 'found', 'bought', 'lost', 'opened', 'borrowed', 'sold', 'moved', 'washed', 'dropped', 'watched', 'forgot', 'packed', 'built', 'ordered', 'planted', 'returned'];
const OBJECTS = ['the kitchen table', 'a red bicycle', 'the garden fence', 'two heavy boxes', 'the front door', 'a bag of apples', 'the blue car', 'an old guitar', 'the broken window', 'a pile of books', 'the wooden chair', 'some fresh bread', 'the winter coats', 'a cup of coffee', 'the garage', 'a birthday cake', 'the laptop', 'a new phone', 'the green umbrella', 'three tickets'];
const ENDINGS = ['this morning', 'last weekend', 'before dinner', 'after the meeting', 'in the rain', 'yesterday afternoon', 'on the way home', 'next to the station', 'for the first time', 'without asking', 'at the market', 'in a hurry', 'late at night', 'near the river', 'during the storm'];
const OPENERS = ['I think', 'Apparently', 'Honestly,', 'You know,', 'So basically', 'I heard that', 'Believe it or not,', 'To be fair,', 'Somehow', 'I guess'];
const COMMANDS = [
  'turn on the {room} lights', 'turn off the {room} lights', 'set a timer for {n} minutes', 'play some {music}',
  "remind me to {task} at {n} o'clock", 'add {item} to the shopping list', 'call {name} on speaker', 'turn the volume down a little',
  'read me the news', 'tell me when the {place} opens',
];
const QUESTIONS = [
  'what is the weather in {city} tomorrow', 'how long does it take to drive to {city}', 'what time does the {place} close',
  'is it going to rain in {city} today', 'did you {task} yet', 'where did I put the {item}',
];
const ROOMS = ['kitchen', 'bedroom', 'living room', 'bathroom', 'hallway', 'office', 'garage', 'porch'];
const NUMBERS = ['two', 'three', 'five', 'seven', 'eight', 'ten', 'twelve', 'fifteen', 'twenty', 'forty'];
const CITIES = ['Boston', 'Chicago', 'Denver', 'London', 'Seattle', 'Dublin', 'Toronto', 'Madrid', 'Austin', 'Portland'];
const MUSIC = ['jazz', 'classical music', 'rock music', 'something relaxing', 'the new album', 'country songs', 'piano music', 'old pop songs'];
const TASKS = ['call the dentist', 'water the plants', 'take out the trash', 'pick up the kids', 'pay the rent', 'feed the cat', 'buy milk', 'send the report'];
const ITEMS = ['eggs', 'butter', 'orange juice', 'paper towels', 'rice', 'tomatoes', 'dish soap', 'cereal'];
const NAMES = ['mom', 'dad', 'Sarah', 'David', 'grandma', 'the office', 'Michael', 'Emma'];
const PLACES = ['pharmacy', 'post office', 'library', 'bank', 'supermarket', 'gym', 'bakery', 'hardware store'];

type Pick = <T>(items: readonly T[]) => T;

function fillSlots(template: string, pick: Pick): string {
  return template
    .replace('{room}', pick(ROOMS))
    .replace('{n}', pick(NUMBERS))
    .replace('{city}', pick(CITIES))
    .replace('{music}', pick(MUSIC))
    .replace('{task}', pick(TASKS))
    .replace('{item}', pick(ITEMS))
    .replace('{name}', pick(NAMES))
    .replace('{place}', pick(PLACES));
}

/** One sentence drawn from the grammar (or the Harvard list), using `random` in [0, 1). */
export function randomSentence(random: () => number): string {
  const pick: Pick = (items) => items[Math.floor(random() * items.length)]!;
  const clause = () => `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(ENDINGS)}`;
  const capital = (s: string) => s[0]!.toUpperCase() + s.slice(1);
  switch (Math.floor(random() * 6)) {
    case 0:
      return pick(HARVARD_SENTENCES);
    case 1:
      return `${capital(clause())}.`;
    case 2:
      return `${pick(OPENERS)} ${clause()}.`;
    case 3:
      return `Did you hear that ${clause()}?`;
    case 4:
      return `${capital(fillSlots(pick(QUESTIONS), pick))}?`;
    default:
      return random() < 0.5 ? `${capital(fillSlots(pick(COMMANDS), pick))}.` : `Could you ${fillSlots(pick(COMMANDS), pick)} please?`;
  }
}

/** `count` distinct sentences that never contain `word` (seeded through `random`). */
export function sentencesWithout(word: string, count: number, random: () => number): string[] {
  const out = new Set<string>();
  for (let tries = 0; out.size < count && tries < count * 50; tries++) {
    const sentence = randomSentence(random);
    if (!containsPhrase(sentence, word)) out.add(sentence);
  }
  return [...out];
}
