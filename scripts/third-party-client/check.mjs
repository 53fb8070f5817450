// A client that knows nothing of emostream: KafkaJS for Kafka, @kafkajs/confluent-schema-registry (Avro by avsc)
// for the Confluent wire format and registry API. It registers CommentEvent from schemas/ and a newer version of it
// (one more optional field, as a producer that upgraded first would), produces comments in both with a record that is
// not Avro in the middle, and reads back (read_committed) every labelled event for the comments from
// comments-labelled, checking what it decodes, and the bad record from comments-dlq with the headers that say why.
// With --trends and --alerts it instead reads the trend and alert topics from the beginning and checks that at least
// one EmotionTrend and one EmotionAlert decode into what their schemas promise.
// Exit 0 when all came back well-formed, 1 otherwise (the reason on stderr).
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';

const USAGE = `usage: node check.mjs --bootstrap HOST:PORT --registry URL [--schemas DIR] [--timeout-s N]
  [--comments TOPIC] [--labelled TOPIC] [--dlq TOPIC]
  node check.mjs --bootstrap HOST:PORT --registry URL --trends TOPIC --alerts TOPIC [--timeout-s N]`;
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
const dlqTopic = arg('dlq', 'comments-dlq');
const trendsTopic = arg('trends');
const alertsTopic = arg('alerts');
if ((trendsTopic === undefined) !== (alertsTopic === undefined)) fail(`--trends and --alerts go together\n${USAGE}`);

// What the check sends: ordinary text, emoji, Russian (documented: marked unscored, language ru), and an empty text
// (documented: neutral, flagged).
const run = randomUUID().slice(0, 8);
const RUSSIAN = 'Это просто замечательно';
const texts = [
  'Thank you so much, this made my day!',
  'I am furious about the delay, nobody told us anything.',
  'Is this really how it works? I am confused.',
  'What a lovely surprise 😍🎉',
  RUSSIAN,
  '',
];
const sent = new Map(texts.map((text, i) => [`tp-${run}-${i}`, { text, createdAt: Date.now() }]));
const pillKey = `tp-${run}-pill`;
let resolveWritten;
const pillWritten = new Promise((resolve) => { resolveWritten = resolve; }); // the bad record's partition and offset
let pillChecked = false;

const registry = new SchemaRegistry({ host: registryUrl });
const kafka = new Kafka({ clientId: `third-party-check-${run}`, brokers: [bootstrap], logLevel: logLevel.WARN });
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner }); // murmur2, as Java clients
const consumer = kafka.consumer({ groupId: `third-party-check-${run}`, readUncommitted: false });
const seen = { trend: 0, alert: 0 };
const missing = () => trendsTopic
  ? [seen.trend ? [] : [`an EmotionTrend on ${trendsTopic}`], seen.alert ? [] : [`an EmotionAlert on ${alertsTopic}`]].flat().join(', ')
  : [...sent.keys(), ...(pillChecked ? [] : [`${pillKey} (in ${dlqTopic})`])].join(', ');
const timer = setTimeout(() => fail(`timed out after ${timeoutMs / 1000} s; still missing: ${missing()}`), timeoutMs);

// an unreachable broker or registry is a failed check with one line saying so, not a stack trace
(trendsTopic ? trends() : main()).catch((e) => fail(`${e?.message ?? e}${e?.url ? ` (${e.url})` : ''}`));

// Reads emotion-trends and emotion-alerts as any dashboard backend would, checking each record against its schema's promises.
async function trends() {
  const inUnit = (x) => typeof x === 'number' && x >= 0 && x <= 1;
  const checkStats = (problems, what, stats, count, names) => {
    const keys = Object.keys(stats);
    if (names && keys.length !== names) problems.push(`${what}: ${keys.length} entries, expected ${names}`);
    for (const [k, s] of Object.entries(stats)) {
      if (!(Number(s.count) >= 0 && Number(s.count) <= count)) problems.push(`${what}.${k}.count ${s.count} of ${count}`);
      if (!inUnit(s.meanScore)) problems.push(`${what}.${k}.meanScore ${s.meanScore}`);
    }
  };
  await consumer.connect();
  await consumer.subscribe({ topics: [trendsTopic, alertsTopic], fromBeginning: true });
  await new Promise((resolve) => {
    consumer.run({
      eachMessage: async ({ topic, message }) => {
        const v = await registry.decode(message.value);
        const problems = [];
        if (typeof v.source !== 'string' || !v.source) problems.push('no source');
        const start = Number(v.windowStart), end = Number(v.windowEnd);
        if (!(start < end)) problems.push(`window ${start}..${end}`);
        if (topic === trendsTopic) {
          const count = Number(v.count);
          if (!(count > 0)) problems.push(`count ${v.count}`);
          if (!message.key.toString().startsWith(`${v.source}@${new Date(start).toISOString().replace('.000Z', 'Z')}/PT`)) {
            problems.push(`key ${message.key} does not name source@windowStart/length`);
          }
          checkStats(problems, 'labels', v.labels, count, 28);
          checkStats(problems, 'ekman', v.ekman, count, 7);
          checkStats(problems, 'sentiment', v.sentiment, count, 4);
          if (problems.length) fail(`trend ${message.key}: ${problems.join('; ')}`);
          if (seen.trend++ === 0) console.log(`ok trend ${message.key}: ${count} comments, anger ${v.ekman.anger.count}`);
        } else {
          if (!['labels', 'ekman', 'sentiment'].includes(v.group)) problems.push(`group ${v.group}`);
          if (!inUnit(v.share) || !inUnit(v.baseline)) problems.push(`share ${v.share}, baseline ${v.baseline}`);
          if (!(v.z > 0) || !(Number(v.count) <= Number(v.windowCount))) problems.push(`z ${v.z}, count ${v.count} of ${v.windowCount}`);
          if (v.examples.length < 1 || v.examples.length > 3 || v.examples.some((e) => !e.id || typeof e.text !== 'string' || !inUnit(e.score))) {
            problems.push(`examples ${JSON.stringify(v.examples)}`);
          }
          if (problems.length) fail(`alert ${message.key}: ${problems.join('; ')}`);
          if (seen.alert++ === 0) console.log(`ok alert ${v.source}/${v.group}/${v.label}: ${Math.round(100 * v.share)}% (usually ${Math.round(100 * v.baseline)}%), z ${v.z.toFixed(1)}`);
        }
        if (seen.trend && seen.alert) resolve();
      },
    });
  });
  clearTimeout(timer);
  await consumer.disconnect();
  console.log('third-party check passed: emotion trends and alerts decoded by avsc through the registry');
  process.exit(0);
}

async function main() {
  const commentSchema = JSON.parse(readFileSync(`${schemasDir}/CommentEvent.avsc`, 'utf8'));
  const { id: commentSchemaId } = await registry.register(
    { type: SchemaType.AVRO, schema: JSON.stringify(commentSchema) }, { subject: `${commentsTopic}-value` });
  const newerSchema = { ...commentSchema, fields: [...commentSchema.fields,
    { name: 'thirdPartyTag', type: ['null', 'string'], default: null, doc: 'a field emostream does not know' }] };
  const { id: newerSchemaId } = await registry.register( // the registry's BACKWARD check accepts it
    { type: SchemaType.AVRO, schema: JSON.stringify(newerSchema) }, { subject: `${commentsTopic}-value` });

  await consumer.connect();
  await consumer.subscribe({ topics: [labelledTopic, dlqTopic], fromBeginning: true });
  let labelNames = null;
  const done = new Promise((resolve) => {
    consumer.run({
      eachMessage: async ({ topic, message }) => {
        if (topic === dlqTopic) {
          if (message.key?.toString() !== pillKey) return;
          checkDeadLetter(message, await pillWritten);
          pillChecked = true;
          console.log(`ok ${pillKey}: dead-lettered, ${header(message, 'emostream.error.reason')}`);
          if (sent.size === 0) resolve();
          return;
        }
        const raw = message.value;
        if (raw[0] !== 0) fail(`magic byte ${raw[0]}, expected 0`);
        const event = await registry.decode(raw); // fetches the writer schema by the id in bytes 1-4
        const mine = sent.get(event.id);
        if (!mine) return; // someone else's comment
        check(event, mine);
        sent.delete(event.id);
        console.log(`ok ${event.id}: [${event.labels.join(', ')}] top ${event.topLabel}, model ${event.modelVersion}`);
        if (sent.size === 0 && pillChecked) resolve();
      },
    });
  });

  await producer.connect();
  const encoded = await Promise.all([...sent].map(async ([id, c], i) => {
    const comment = { id, text: c.text, source: 'third-party-check', author: null, createdAt: c.createdAt, lang: null, metadata: { run } };
    // every other comment as the upgraded producer writes it
    const value = i % 2 === 0 ? await registry.encode(commentSchemaId, comment) : await registry.encode(newerSchemaId, { ...comment, thirdPartyTag: 'v2' });
    return { key: id, value };
  }));
  const half = Math.floor(encoded.length / 2);
  await producer.send({ topic: commentsTopic, messages: encoded.slice(0, half) });
  const [written] = await producer.send({ topic: commentsTopic, messages: [{ key: pillKey, value: Buffer.from('not avro at all') }] });
  resolveWritten({ partition: written.partition, offset: written.baseOffset });
  await producer.send({ topic: commentsTopic, messages: encoded.slice(half) });
  console.log(`sent ${sent.size} comments (schema ids ${commentSchemaId} and, from a newer CommentEvent, ${newerSchemaId}) and one bad record to ${commentsTopic}; waiting for ${labelledTopic} and ${dlqTopic}`);

  function header(message, name) {
    return message.headers?.[name]?.toString();
  }

  function checkDeadLetter(message, written) {
    const problems = [];
    if (message.value.toString() !== 'not avro at all') problems.push('the value is not the bad record\'s bytes');
    if (header(message, 'emostream.error.stage') !== 'deserialize') problems.push(`stage ${header(message, 'emostream.error.stage')}`);
    if (!header(message, 'emostream.error.reason')) problems.push('no reason');
    if (header(message, 'emostream.source.topic') !== commentsTopic) problems.push(`source topic ${header(message, 'emostream.source.topic')}`);
    if (header(message, 'emostream.source.partition') !== String(written.partition)) problems.push(`source partition ${header(message, 'emostream.source.partition')} != ${written.partition}`);
    if (header(message, 'emostream.source.offset') !== String(written.offset)) problems.push(`source offset ${header(message, 'emostream.source.offset')} != ${written.offset}`);
    if (problems.length) fail(`${pillKey} in ${dlqTopic}: ${problems.join('; ')}`);
  }

  function check(event, mine) {
    const problems = [];
    const scores = Object.entries(event.scores);
    if (event.unscoredReason) {
      // a language the model does not read (the Russian text): marked, not scored, not called neutral
      if (mine.text !== RUSSIAN) problems.push(`unscored (${event.unscoredReason}) but written in English`);
      if (event.unscoredReason !== 'language' || event.language !== 'ru') problems.push(`unscored ${event.unscoredReason} ${event.language}`);
      if (scores.length !== 0 || event.labels.length !== 0) problems.push('unscored but has scores or labels');
    } else {
      if (mine.text === RUSSIAN) problems.push('the Russian text was scored as if English');
      if (scores.length !== 28) problems.push(`${scores.length} scores, expected 28`);
      if (labelNames === null) labelNames = new Set(scores.map(([k]) => k));
      if (scores.some(([, v]) => !(v >= 0 && v <= 1))) problems.push('a score outside [0, 1]');
      if (!event.labels.every((l) => labelNames.has(l))) problems.push(`labels ${event.labels} not among the scored labels`);
      if (!labelNames.has(event.topLabel)) problems.push(`topLabel ${event.topLabel}`);
    }
    if (event.text !== mine.text) problems.push(`text ${JSON.stringify(event.text)} != ${JSON.stringify(mine.text)}`);
    if (event.source !== 'third-party-check') problems.push(`source ${event.source}`);
    if (event.metadata?.run !== run) problems.push(`metadata ${JSON.stringify(event.metadata)} not passed through`);
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
  console.log('third-party check passed: every comment came back labelled, decoded by avsc through the registry, and the bad record dead-lettered');
  process.exit(0);
}
