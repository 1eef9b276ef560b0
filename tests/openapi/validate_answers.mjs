// Checks every answer the HTTP test suites recorded (tests/http/recorded_answers.h) against
// docs/openapi.yaml, so that the document cannot drift from what the server sends.
//
//   node tests/openapi/validate_answers.mjs DIRECTORY [--openapi docs/openapi.yaml]
//
// DIRECTORY holds answers-<pid>.jsonl files, one exchange a line: {"method","target","status",
// "content_type","content_encoding","body" | "body_base64" | "body_bytes"}. Each exchange is matched
// to a path of the document (a literal segment wins over a template, as OpenAPI says), its method,
// and its status (exactly, else "4XX"-style, else "default"); a JSON or problem+json body is then
// validated against that response's schema (JSON Schema 2020-12, ajv). Besides what the document
// lists, the server's generic refusals hold for every path (info.description): an unknown path
// under /api/ answers 404 and a known path with another method 405, both problems.
// Outside the API (the web pages, the test servers of the network core) nothing is documented:
// only a problem+json answer there must still be a valid Problem. Bodies that are not JSON are
// not checked. Any answer that does not fit is a failure, listed with its path, status, the
// schema's errors and a short excerpt of the body; identical failures are counted once.
//
// Exit status: 0 when every answer fits, 1 when one does not, 2 on a usage or document error, 77
// (ctest's SKIP_RETURN_CODE) when nothing was recorded.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const sourceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The packages web/package.json pins (scripts/install-deps.sh installs them into web/node_modules).
const require = createRequire(path.join(sourceDir, 'web/package.json'));
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats');
const YAML = require('yaml');

const kSkip = 77;

function usage(message) {
  console.error(`validate_answers: ${message}`);
  console.error('usage: node tests/openapi/validate_answers.mjs DIRECTORY [--openapi FILE]');
  process.exit(2);
}

const args = process.argv.slice(2);
let directory;
let documentFile = path.join(sourceDir, 'docs/openapi.yaml');
for (let i = 0; i < args.length; ++i) {
  if (args[i] === '--openapi') documentFile = args[++i] ?? usage('--openapi needs a file');
  else if (directory === undefined) directory = args[i];
  else usage(`unexpected argument ${args[i]}`);
}
if (directory === undefined) usage('no directory given');

// ------------------------------------------------------------------ the document

const document = YAML.parse(readFileSync(documentFile, 'utf8'));
const kSchemaBase = 'https://sportello.invalid/openapi.json';

// `value` with every "#/components/schemas/X" reference pointing into the schema ajv knows the
// components by.
function rebased(value) {
  if (Array.isArray(value)) return value.map(rebased);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, member] of Object.entries(value)) {
    if (key === '$ref' && typeof member === 'string' && member.startsWith('#/components/schemas/')) {
      out[key] = `${kSchemaBase}#/$defs/${member.slice('#/components/schemas/'.length)}`;
    } else {
      out[key] = rebased(member);
    }
  }
  return out;
}

// A `$ref` of the document outside the schemas (a response, a parameter), followed.
function resolved(value) {
  let seen = 0;
  while (value && typeof value.$ref === 'string') {
    if (++seen > 16) throw new Error(`reference loop at ${value.$ref}`);
    const pointer = value.$ref;
    if (!pointer.startsWith('#/')) throw new Error(`only local references are supported: ${pointer}`);
    value = pointer.slice(2).split('/').reduce((node, part) => node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')],
                                                document);
    if (value === undefined) throw new Error(`unresolved reference ${pointer}`);
  }
  return value;
}

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
ajv.addSchema({ $id: kSchemaBase, $defs: rebased(document.components?.schemas ?? {}) });
const problemSchema = ajv.getSchema(`${kSchemaBase}#/$defs/Problem`);
if (!problemSchema) usage(`${documentFile} has no components.schemas.Problem`);

const compiled = new Map();  // "path method status media" -> validate function
function validatorFor(key, schema) {
  if (!compiled.has(key)) compiled.set(key, ajv.compile(rebased(schema)));
  return compiled.get(key);
}

// The document's paths as segment lists, the most literal first, so that /questions/stats wins
// over /questions/{id}.
const templates = Object.keys(document.paths ?? {}).map((template) => ({
  template,
  segments: template.split('/').slice(1),
}));
templates.sort((a, b) => {
  for (let i = 0; i < Math.min(a.segments.length, b.segments.length); ++i) {
    const aLiteral = !a.segments[i].startsWith('{');
    const bLiteral = !b.segments[i].startsWith('{');
    if (aLiteral !== bLiteral) return aLiteral ? -1 : 1;
  }
  return 0;
});

function decodeSegment(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

// The template the path of `target` fits, or undefined.
function templateOf(target) {
  const segments = target.split(/[?#]/)[0].split('/').slice(1).map(decodeSegment);
  for (const { template, segments: parts } of templates) {
    if (parts.length !== segments.length) continue;
    if (parts.every((part, i) => (part.startsWith('{') ? segments[i] !== '' : part === segments[i]))) return template;
  }
  return undefined;
}

// ------------------------------------------------------------------ the answers

if (!existsSync(directory)) {
  console.log(`validate_answers: nothing recorded (${directory} does not exist)`);
  process.exit(kSkip);
}
const files = readdirSync(directory).filter((name) => name.endsWith('.jsonl')).sort();
const exchanges = [];
for (const name of files) {
  const lines = readFileSync(path.join(directory, name), 'utf8').split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      exchanges.push(JSON.parse(line));
    } catch (error) {
      exchanges.push({ unreadable: `${name}:${index + 1}: ${error.message}` });
    }
  });
}
if (exchanges.length === 0) {
  console.log(`validate_answers: nothing recorded in ${directory}`);
  process.exit(kSkip);
}

const failures = new Map();  // signature -> {count, report}
const answered = new Set();  // "METHOD template" of each documented operation some answer reached
const counts = { validated: 0, notJson: 0, outside: 0, generic: 0 };

function excerpt(text) {
  const flat = String(text ?? '').replace(/\s+/g, ' ');
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}

function fail(exchange, where, reason, errors = []) {
  const lines = errors.map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params ?? {})}`);
  const signature = `${where}|${reason}|${lines.join(';')}`;
  const known = failures.get(signature);
  if (known) {
    known.count += 1;
    return;
  }
  failures.set(signature, {
    count: 1,
    report: [`${where}: ${reason}`, `  e.g. ${exchange.method} ${exchange.target} -> ${exchange.status}` +
             ` (${exchange.content_type || 'no content type'})`, ...lines.map((l) => `  ${l}`),
             ...(exchange.bodyText !== undefined ? [`  body: ${excerpt(exchange.bodyText)}`] : [])].join('\n'),
  });
}

function mediaOf(contentType) {
  return String(contentType ?? '').split(';')[0].trim().toLowerCase();
}

function isJsonMedia(media) {
  return media === 'application/json' || media.endsWith('+json');
}

// The body as text, or undefined when none was recorded.
function bodyOf(exchange) {
  if (typeof exchange.body === 'string') return exchange.body;
  if (typeof exchange.body_base64 === 'string') {
    const bytes = Buffer.from(exchange.body_base64, 'base64');
    return exchange.content_encoding === 'gzip' ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  }
  return undefined;
}

// Checks `exchange`'s body against `validate`; `where` names the place for a failure.
function checkBody(exchange, where, validate) {
  let value;
  try {
    value = JSON.parse(exchange.bodyText);
  } catch (error) {
    fail(exchange, where, `the body is not JSON: ${error.message}`);
    return;
  }
  counts.validated += 1;
  if (!validate(value)) fail(exchange, where, 'the body does not fit the schema', validate.errors);
}

// A generic answer of the server (an unknown path, a method a path does not take, a refusal before
// any route ran): a problem with the status it says.
function checkProblem(exchange, where) {
  counts.generic += 1;
  if (mediaOf(exchange.content_type) !== 'application/problem+json') {
    fail(exchange, where, `a problem+json answer was expected, not ${exchange.content_type || 'no content type'}`);
    return;
  }
  checkBody(exchange, where, problemSchema);
}

for (const exchange of exchanges) {
  if (exchange.unreadable) {
    fail(exchange, 'recording', `unreadable line ${exchange.unreadable}`);
    continue;
  }
  exchange.bodyText = bodyOf(exchange);
  const media = mediaOf(exchange.content_type);
  const target = String(exchange.target ?? '');
  const pathOnly = target.split(/[?#]/)[0];
  const inApi = pathOnly.startsWith('/api/') || pathOnly === '/api' || pathOnly === '/healthz' ||
                pathOnly === '/metrics';
  if (!exchange.method || !inApi) {
    // Not a request of the API (or one the recorder could not tell): only problems are checked.
    counts.outside += 1;
    if (media === 'application/problem+json') checkProblem(exchange, `(outside the API) ${pathOnly || '?'}`);
    continue;
  }
  const template = templateOf(target);
  const method = exchange.method.toLowerCase();
  const status = String(exchange.status);
  if (template === undefined) {
    if (status === '404' || status === '400' || status === '413' || status === '431') {
      checkProblem(exchange, `${exchange.method} ${pathOnly} (no such path)`);
    } else {
      fail(exchange, `${exchange.method} ${pathOnly}`, 'the path is not in the document');
    }
    continue;
  }
  const where = `${exchange.method} ${template} ${status}`;
  const pathItem = document.paths[template];
  const operation = pathItem[method];
  if (operation === undefined) {
    if (status === '405' || status === '400' || status === '413' || status === '431') {
      checkProblem(exchange, where);
    } else {
      fail(exchange, `${exchange.method} ${template}`, 'the method is not in the document');
    }
    continue;
  }
  answered.add(`${exchange.method} ${template}`);
  const responses = operation.responses ?? {};
  const listed = responses[status] ?? responses[`${status[0]}XX`] ?? responses.default;
  if (listed === undefined) {
    fail(exchange, where, `the status is not in the document (it lists ${Object.keys(responses).join(', ')})`);
    continue;
  }
  const response = resolved(listed);
  const hasBody = exchange.bodyText !== undefined ? exchange.bodyText !== '' : (exchange.body_bytes ?? 0) > 0;
  if (!response.content) {
    if (hasBody) fail(exchange, where, 'the document lists no body for this answer, and it has one');
    continue;
  }
  if (!hasBody) {
    if (status !== '304') fail(exchange, where, 'the answer has no body, and the document lists one');
    continue;
  }
  const content = response.content[media];
  if (content === undefined) {
    fail(exchange, where, `the content type ${media || '(none)'} is not in the document (it lists ` +
                          `${Object.keys(response.content).join(', ')})`);
    continue;
  }
  if (!isJsonMedia(media)) {
    counts.notJson += 1;
    continue;
  }
  if (content.schema === undefined) {
    fail(exchange, where, 'the document gives no schema for this JSON answer');
    continue;
  }
  checkBody(exchange, where, validatorFor(`${where} ${media}`, content.schema));
}

const kMethods = ['get', 'put', 'post', 'delete', 'patch'];
const operations = Object.entries(document.paths).flatMap(
    ([template, item]) => kMethods.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${template}`));
const unanswered = operations.filter((operation) => !answered.has(operation));
const failed = [...failures.values()];
const total = failed.reduce((sum, f) => sum + f.count, 0);
console.log(`validate_answers: ${exchanges.length} answers recorded in ${files.length} files; ` +
            `${counts.validated} JSON bodies validated against ${path.relative(sourceDir, documentFile)}, ` +
            `${counts.generic} of them generic problems; ${counts.notJson} not JSON; ` +
            `${counts.outside} outside the API`);
console.log(`validate_answers: ${operations.length - unanswered.length} of the document's ${operations.length} ` +
            `operations answered${unanswered.length > 0 ? `; not by these tests: ${unanswered.join(', ')}` : ''}`);
if (failed.length > 0) {
  console.log(`\n${total} answers do not fit the document (${failed.length} distinct cases):\n`);
  for (const { count, report } of failed) console.log(`${report}${count > 1 ? `\n  (${count} answers alike)` : ''}\n`);
  process.exit(1);
}
