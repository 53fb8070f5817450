// A client that knows nothing of emostream: KafkaJS for Kafka, @kafkajs/confluent-schema-registry (Avro by avsc)
// for the Confluent wire format and registry API. It registers CommentEvent from schemas/, produces comments, and
// reads every labelled event for them back from comments-labelled (read_committed), checking what it decodes.
// Exit 0 when all came back well-formed, 1 otherwise (the reason on stderr).
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';

const USAGE = `usage: node check.mjs --bootstrap HOST:PORT --registry URL [--schemas DIR] [--timeout-s N]
  [--comments TOPIC] [--labelled TOPIC]`;
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return dflt;
  if (i + 1 >= process.argv.length) fail(`--${name} needs a value\n${USAGE}`);
  return process.argv[i + 1];
};
function fail(message) {
  console.error(`third-party check FAILED: ${message}`);
  process.exit(1);
}
if (process.argv.includes('--help')) { console.log(USAGE); process.exit(0); }

const bootstrap = arg('bootstrap') ?? fail(`--bootstrap is required\n${USAGE}`);
const registryUrl = arg('registry') ?? fail(`--registry is required\n${USAGE}`);
const schemasDir = arg('schemas', new URL('../../schemas/', import.meta.url).pathname);
const timeoutMs = 1000 * Number(arg('timeout-s', '120'));
const commentsTopic = arg('comments', 'comments');
const labelledTopic = arg('labelled', 'comments-labelled');

// What the check sends: ordinary text, emoji and a non-Latin script, and an empty text (documented: neutral, flagged).
const run = randomUUID().slice(0, 8);
const texts = [
  'Thank you so much, this made my day!',
  'I am furious about the delay, nobody told us anything.',
  'Is this really how it works? I am confused.',
  'What a lovely surprise 😍🎉',
  'Это просто замечательно',
  '',
];
const sent = new Map(texts.map((text, i) => [`tp-${run}-${i}`, { text, createdAt: Date.now() }]));

const registry = new SchemaRegistry({ host: registryUrl });
const kafka = new Kafka({ clientId: `third-party-check-${run}`, brokers: [bootstrap], logLevel: logLevel.WARN });
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner }); // murmur2, as Java clients
const consumer = kafka.consumer({ groupId: `third-party-check-${run}`, readUncommitted: false });
const timer = setTimeout(() => fail(`timed out after ${timeoutMs / 1000} s; still missing: ${[...sent.keys()].join(', ')}`), timeoutMs);

const { id: commentSchemaId } = await registry.register(
  { type: SchemaType.AVRO, schema: readFileSync(`${schemasDir}/CommentEvent.avsc`, 'utf8') },
  { subject: `${commentsTopic}-value` });

await consumer.connect();
await consumer.subscribe({ topic: labelledTopic, fromBeginning: true });
let labelNames = null;
const done = new Promise((resolve) => {
  consumer.run({
    eachMessage: async ({ message }) => {
      const raw = message.value;
      if (raw[0] !== 0) fail(`magic byte ${raw[0]}, expected 0`);
      const event = await registry.decode(raw); // fetches the writer schema by the id in bytes 1-4
      const mine = sent.get(event.id);
      if (!mine) return; // someone else's comment
      check(event, mine);
      sent.delete(event.id);
      console.log(`ok ${event.id}: [${event.labels.join(', ')}] top ${event.topLabel}, model ${event.modelVersion}`);
      if (sent.size === 0) resolve();
    },
  });
});

await producer.connect();
await producer.send({
  topic: commentsTopic,
  messages: await Promise.all([...sent].map(async ([id, c]) => ({
    key: id,
    value: await registry.encode(commentSchemaId, {
      id, text: c.text, source: 'third-party-check', author: null, createdAt: c.createdAt, lang: null, metadata: { run },
    }),
  }))),
});
console.log(`sent ${sent.size} comments to ${commentsTopic} (schema id ${commentSchemaId}); waiting for ${labelledTopic}`);

function check(event, mine) {
  const problems = [];
  const scores = Object.entries(event.scores);
  if (scores.length !== 28) problems.push(`${scores.length} scores, expected 28`);
  if (labelNames === null) labelNames = new Set(scores.map(([k]) => k));
  if (scores.some(([, v]) => !(v >= 0 && v <= 1))) problems.push('a score outside [0, 1]');
  if (event.text !== mine.text) problems.push(`text ${JSON.stringify(event.text)} != ${JSON.stringify(mine.text)}`);
  if (event.source !== 'third-party-check') problems.push(`source ${event.source}`);
  if (!event.labels.every((l) => labelNames.has(l))) problems.push(`labels ${event.labels} not among the scored labels`);
  if (!labelNames.has(event.topLabel)) problems.push(`topLabel ${event.topLabel}`);
  if (!event.modelVersion) problems.push('no modelVersion');
  const created = Number(event.createdAt), classified = Number(event.classifiedAt);
  if (created !== mine.createdAt) problems.push(`createdAt ${created} != ${mine.createdAt}`);
  if (!(classified >= created)) problems.push(`classifiedAt ${classified} before createdAt ${created}`);
  if (mine.text === '' && !(event.emptyText && event.labels.length === 1 && event.labels[0] === 'neutral')) {
    problems.push(`empty text gave labels ${event.labels}, emptyText ${event.emptyText}`);
  }
  if (problems.length) fail(`${event.id}: ${problems.join('; ')}`);
}

await done;
clearTimeout(timer);
await Promise.all([producer.disconnect(), consumer.disconnect()]);
console.log('third-party check passed: every comment came back labelled, decoded by avsc through the registry');
process.exit(0);
