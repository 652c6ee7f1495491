// The OpenAPI document of a running styrkort server, checked by standard validators:
// @apidevtools/swagger-parser validates the document itself, and ajv validates real
// responses (lists, records, errors, plan files) against the schemas the document
// declares for their operation and status.
//
// Run by ctest as `node --test validate.mjs` with STYRKORT_BINARY (the built binary)
// and STYRKORT_SOURCE_DIR (for data/) in the environment; `npm ci` here installs the
// validators (scripts/test.sh does that).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const here = path.dirname(fileURLToPath(import.meta.url));
const sourceDir = process.env.STYRKORT_SOURCE_DIR ?? path.resolve(here, '../..');
const binary = process.env.STYRKORT_BINARY;
const planFile = path.join(sourceDir, 'data', 'norrbotten-2025-2027.json');

let server; // the child process
let baseUrl;
let tempDir;
let documentText; // /api/v1/openapi.json as served
let dereferenced; // the document with every $ref resolved
let importResponse; // the response to importing the shipped plan file
const ajv = new Ajv({ strict: true, allErrors: true });
addFormats(ajv);

function killServer() {
  if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
}
process.on('exit', killServer);

// Starts `styrkort serve` on a free port and resolves with its base URL, read from
// the line "Styrkort listening on http://127.0.0.1:PORT/ (...)" on standard error.
function startServer(dbPath) {
  return new Promise((resolve, reject) => {
    server = spawn(binary, ['serve', '--db', dbPath, '--port', '0', '--empty', '--quiet'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, STYRKORT_ADMIN_PASSWORD: adminPassword },
    });
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`server did not start within 30 s: ${stderr}`)), 30_000);
    server.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    server.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening: ${stderr}`));
    });
    server.stderr.setEncoding('utf8');
    server.stderr.on('data', (chunk) => {
      stderr += chunk;
      const m = stderr.match(/Styrkort listening on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
}

async function stopServer() {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  const timeout = new Promise((resolve) => setTimeout(resolve, 10_000, 'timeout'));
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    killServer();
    await exited;
  }
}

// The session of the first administrator (STYRKORT_ADMIN_PASSWORD), as a browser
// holds it: the cookie, and the CSRF token sent with every change.
const adminPassword = 'Norrsken-över-Luleå-42';
let session = null; // { cookie, csrf }

async function signIn() {
  const res = await fetch(baseUrl + '/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: adminPassword }),
  });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  session = { cookie, csrf: JSON.parse(text).csrf_token };
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text };
}

async function call(method, url, body, contentType = 'application/json', headers = {}) {
  const init = { method, headers: { ...headers } };
  if (session) {
    init.headers.cookie = session.cookie;
    init.headers['x-csrf-token'] = session.csrf;
  }
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    if (contentType) init.headers['content-type'] = contentType;
  }
  const res = await fetch(baseUrl + url, init);
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text };
}

// The operation of the document that serves `url` with `method`.
function operationFor(method, url) {
  const pathOnly = url.split('?')[0];
  for (const [template, item] of Object.entries(dereferenced.paths)) {
    const pattern = new RegExp('^' + template.replace(/\{[^}]+\}/g, '[^/]+') + '$');
    if (pattern.test(pathOnly) && item[method.toLowerCase()]) return { template, op: item[method.toLowerCase()] };
  }
  return null;
}

// Asserts that the response's status is declared for its operation and that its body
// is valid against the declared schema; returns the parsed body.
function assertMatchesDocument(method, url, response) {
  const found = operationFor(method, url);
  assert.ok(found, `${method} ${url} is not an operation of the document`);
  const declared = found.op.responses[String(response.status)];
  assert.ok(declared, `${method} ${found.template} answered ${response.status}, which the document does not declare`);
  if (!declared.content) {
    assert.equal(response.text, '', `${method} ${url}: ${response.status} declares no content but has a body`);
    return null;
  }
  const media = declared.content['application/json'];
  assert.ok(media?.schema, `${method} ${found.template} ${response.status} has no JSON schema`);
  assert.match(response.contentType, /^application\/json/, `${method} ${url}: content type`);
  const body = JSON.parse(response.text);
  const validate = ajv.compile(media.schema);
  assert.ok(
    validate(body),
    `${method} ${url} (${response.status}) does not match its schema: ${ajv.errorsText(validate.errors)}\n` +
      response.text.slice(0, 500),
  );
  return body;
}

before(async () => {
  assert.ok(binary, 'STYRKORT_BINARY must name the built styrkort binary');
  tempDir = mkdtempSync(path.join(tmpdir(), 'styrkort-openapi-'));
  baseUrl = await startServer(path.join(tempDir, 'test.db'));
  await signIn();
  const doc = await call('GET', '/api/v1/openapi.json');
  assert.equal(doc.status, 200, doc.text);
  documentText = doc.text;
  // The parser resolves references in place: give it a copy of its own.
  dereferenced = await SwaggerParser.dereference(JSON.parse(documentText));
  importResponse = await call('POST', '/api/v1/import', readFileSync(planFile, 'utf8'));
  assert.equal(importResponse.status, 201, importResponse.text);
});

after(async () => {
  await stopServer();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

test('the document is valid OpenAPI', async () => {
  const api = await SwaggerParser.validate(JSON.parse(documentText));
  assert.match(api.openapi, /^3\.0\./);
  // Two paths (collection and item) for each of the 13 entities, and the plan file's.
  assert.ok(Object.keys(api.paths).length >= 26, 'expected every entity\'s routes');
});

test('the validator refuses a body that breaks a schema', () => {
  // Makes sure the checks below can fail: a goal whose id is text and that lacks its key.
  const goal = dereferenced.paths['/api/v1/organisations/{org}/goals/{id}'].get.responses['200'].content['application/json'].schema;
  const validate = ajv.compile(goal);
  assert.equal(validate({ id: 'seven', plan_id: 1, text: 'Mål', perspective_id: null }), false);
});

test('sign-in and the signed-in user match the document', async () => {
  assertMatchesDocument('POST', '/api/v1/auth/login', await signIn());
  const me = assertMatchesDocument('GET', '/api/v1/auth/me', await call('GET', '/api/v1/auth/me'));
  assert.equal(me.user.username, 'admin');
  const saved = session;
  session = null;
  const anonymous = assertMatchesDocument('GET', '/api/v1/auth/me', await call('GET', '/api/v1/auth/me'));
  assert.equal(anonymous.error.code, 'unauthenticated');
  session = saved;
  const audit = assertMatchesDocument('GET', '/api/v1/organisations/region-norrbotten/audit?limit=3',
    await call('GET', '/api/v1/organisations/region-norrbotten/audit?limit=3'));
  assert.equal(audit.items.length, 3);
});

test('health', async () => {
  const body = assertMatchesDocument('GET', '/healthz', await call('GET', '/healthz'));
  assert.equal(body.database, 'sqlite');
});

test('import summary', () => {
  const body = assertMatchesDocument('POST', '/api/v1/import', importResponse);
  assert.deepEqual(body.plans, ['rs-plan-2025-2027']);
});

test('lists of organisations, units, goals and activities', async () => {
  for (const url of [
    '/api/v1/organisations',
    '/api/v1/organisations/region-norrbotten/units',
    '/api/v1/organisations/region-norrbotten/goals',
    '/api/v1/organisations/region-norrbotten/activities?limit=20&offset=5',
    '/api/v1/organisations/region-norrbotten/missions',
    '/api/v1/organisations/region-norrbotten/sections?level=1',
  ]) {
    const body = assertMatchesDocument('GET', url, await call('GET', url));
    assert.ok(body.total > 0, `${url} is empty`);
  }
});

test('single records', async () => {
  for (const collection of ['units', 'plans', 'goals', 'assignments', 'activities', 'development-areas']) {
    const list = JSON.parse((await call('GET', `/api/v1/organisations/region-norrbotten/${collection}?limit=1`)).text);
    const url = `/api/v1/organisations/region-norrbotten/${collection}/${list.items[0].id}`;
    const body = assertMatchesDocument('GET', url, await call('GET', url));
    assert.equal(body.id, list.items[0].id);
  }
  const org = assertMatchesDocument('GET', '/api/v1/organisations/region-norrbotten',
    await call('GET', '/api/v1/organisations/region-norrbotten'));
  assert.equal(org.key, 'region-norrbotten');
});

test('create, change and delete a target with its measure, in a new version of the approved plan', async () => {
  const plans = JSON.parse((await call('GET', '/api/v1/organisations/region-norrbotten/plans')).text);
  const base = '/api/v1/organisations/region-norrbotten';
  // The shipped plan is approved and frozen (docs/workflow.md): change a new version of it.
  const approved = plans.items[0].id;
  const version = assertMatchesDocument('POST', `${base}/plans/${approved}/versions`,
    await call('POST', `${base}/plans/${approved}/versions`, {}));
  assert.equal(version.plan.status, 'draft');
  const measure = assertMatchesDocument('POST', `${base}/measures`, await call('POST', `${base}/measures`, {
    plan_id: version.plan.id, key: 'openapi-measure', kind: 'steering', name: 'Mått', unit: '%',
    reporting_points: ['ar'], breakdowns: ['sex'],
  }));
  const target = assertMatchesDocument('POST', `${base}/targets`, await call('POST', `${base}/targets`, {
    measure_id: measure.id, kind: 'baseline', year: 2019, sex: 'K', value: 87.3,
  }));
  assert.equal(target.value, 87.3);
  const url = `${base}/targets/${target.id}`;
  const patched = assertMatchesDocument('PATCH', url, await call('PATCH', url, { value: null, qualitative: 'increase', row_version: target.row_version }));
  assert.equal(patched.qualitative, 'increase');
  const compared = assertMatchesDocument('GET', `${base}/plans/${approved}/compare?with=${version.plan.id}`,
    await call('GET', `${base}/plans/${approved}/compare?with=${version.plan.id}`));
  assert.equal(compared.summary.added, 1); // the measure
  assertMatchesDocument('GET', `${base}/plans/${version.plan.id}/versions`,
    await call('GET', `${base}/plans/${version.plan.id}/versions`));
  // A browser session names the version it read (docs/authoring.md).
  assertMatchesDocument('DELETE', url, await call('DELETE', url, undefined, undefined, { 'if-match': `"${patched.row_version}"` }));
  assertMatchesDocument('GET', url, await call('GET', url)); // 404 with an Error body
});

test('errors', async () => {
  const base = '/api/v1/organisations/region-norrbotten';
  const cases = [
    ['GET', `${base}/goals/999999`, undefined, 'application/json', 404],
    ['GET', '/api/v1/organisations/no-such-org/goals', undefined, 'application/json', 404],
    ['POST', `${base}/goals`, { key: 'x', text: 'Mål' }, 'application/json', 422],
    ['POST', `${base}/goals`, '{"key": ', 'application/json', 400],
    ['POST', `${base}/goals`, '{"key": "x"}', 'text/plain', 415],
    ['GET', `${base}/goals?limit=0`, undefined, 'application/json', 422],
  ];
  for (const [method, url, body, type, status] of cases) {
    const response = await call(method, url, body, type);
    assert.equal(response.status, status, `${method} ${url}: ${response.text}`);
    const error = assertMatchesDocument(method, url, response);
    assert.ok(error.error.message.length > 0);
  }
});

test('plan file export', async () => {
  const body = assertMatchesDocument('GET', '/api/v1/export', await call('GET', '/api/v1/export'));
  assert.equal(body.organisations[0].key, 'region-norrbotten');
  const plan = JSON.parse((await call('GET', '/api/v1/organisations/region-norrbotten/plans')).text).items[0];
  const url = `/api/v1/organisations/region-norrbotten/plans/${plan.id}/export`;
  const one = assertMatchesDocument('GET', url, await call('GET', url));
  assert.equal(one.organisations[0].plans[0].key, plan.key);
});
