// The server asks the module which values are secret, which method an instance naming none
// uses, and how a field error reads: a catalog where a key is secret in one method and
// plain in another, a single-method connector, and errors the routes write themselves.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { client, findLeaks, startServer, storedSecrets, tempDir } from './server-harness.mjs';

const SECRETS = [];
const secret = (prefix) => { const s = `${prefix}-${randomBytes(9).toString('hex')}`; SECRETS.push(s); return s; };

const mixed = {
  id: 'mixed', name: 'Mixed', version: '1.0.0', systemType: 'erp', protocol: 'rest',
  authMethods: [
    { id: 'plain', name: 'Plain', type: 'token', variables: [{ key: 'token', label: 'Token', required: true }, { key: 'note', label: 'Note' }] },
    { id: 'sealed', name: 'Sealed', type: 'token', variables: [{ key: 'token', label: 'Token', type: 'secret', required: true }] },
  ],
};
const solo = {
  id: 'solo', name: 'Solo', version: '1.0.0', systemType: 'crm', protocol: 'rest',
  authMethods: [{
    id: 'key', name: 'API key', type: 'token',
    variables: [{ key: 'api_key', label: 'API key', type: 'secret', required: true }, { key: 'region', label: 'Region' }],
  }],
};

let server;
let api;
let dataDir;

before(async () => {
  dataDir = tempDir('ci-secrets-data-');
  const catalogDir = tempDir('ci-secrets-catalog-');
  writeFileSync(join(catalogDir, 'mixed.json'), JSON.stringify(mixed));
  writeFileSync(join(catalogDir, 'solo.json'), JSON.stringify(solo));
  server = await startServer({ dataDir, env: { CATALOG_DIR: catalogDir } });
  api = client(server.url, server.adminToken);
});

after(async () => {
  await server?.stop();
  const leaks = findLeaks(SECRETS, { dataDirs: [dataDir], outputs: [server.output()] });
  assert.deepEqual(leaks, [], 'plaintext secrets leaked');
});

const instance = (overrides) => ({ name: `I ${randomBytes(3).toString('hex')}`, timeZone: 'UTC', dateFormat: 'Y-m-d', ...overrides });

test('a key secret in another method of the connector is sealed, masked and kept', async () => {
  const token = secret('plain-token');
  const created = await api.post('/api/connectors/mixed/instances', instance({ authMethodId: 'plain', credentials: { token, note: 'n' } }));
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.credentials.token, '••••••••');
  assert.equal(created.json.credentials.note, 'n');
  assert.deepEqual(created.json.secrets['credentials.token'], { secretSet: true });
  assert.deepEqual((await storedSecrets(dataDir, 'mixed', created.json.id)).credentials, { token });

  // sent back as read: the mask keeps the stored token
  const url = `/api/connectors/mixed/instances/${created.json.id}`;
  const renamed = await api.put(url, { ...created.json, name: `${created.json.name} (renamed)` });
  assert.equal(renamed.status, 200, renamed.text);
  assert.equal(renamed.json.credentials.token, '••••••••');
  assert.deepEqual((await storedSecrets(dataDir, 'mixed', created.json.id)).credentials, { token });
});

test('a create with the mask for such a key counts as no value', async () => {
  const res = await api.post('/api/connectors/mixed/instances', instance({ authMethodId: 'plain', credentials: { token: '••••••••' } }));
  assert.equal(res.status, 422);
  assert.ok(res.json.errors['credentials.token']);
});

test('no authMethodId: the connector\'s only method, for instances and connection tests alike', async () => {
  const key = secret('solo-key');
  const created = await api.post('/api/connectors/solo/instances', instance({ credentials: { api_key: key } }));
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.authMethodId, 'key');
  assert.equal(created.json.credentials.api_key, '••••••••');
  const tested = await api.post('/api/connectors/solo/connection-test', { credentials: { api_key: key } });
  assert.equal(tested.status, 200, tested.text);
  const several = await api.post('/api/connectors/mixed/connection-test', { credentials: { token: secret('t') } });
  assert.equal(several.status, 422);
  assert.deepEqual(several.json.errors.authMethodId, ['The selected authentication method is invalid.']);
});

test('errors the routes find read as the module writes them', async () => {
  const unknown = await api.post('/api/connectors/solo/instances', instance({ credentials: { api_key: secret('k') }, timezone: 'UTC' }));
  assert.equal(unknown.status, 422);
  assert.deepEqual(unknown.json.errors.timezone, ['The timezone is not a field of an instance.']);
  const mismatch = await api.post('/api/connectors/solo/instances', instance({ connectorId: 'mixed', credentials: { api_key: secret('k') } }));
  assert.deepEqual(mismatch.json.errors.connectorId, ['The connector must be solo, as in the URL.']);
  const oauth = await api.post('/api/oauth/start', { connectorId: 'solo', instanceId: 42 });
  assert.equal(oauth.status, 422);
  assert.deepEqual(oauth.json.errors.instanceId, ['The instance id must be a string.']);
});

test('a test of credentials with a cleared value applies to the instance saved without it', async () => {
  // the wizard's instance carries a cleared input as null; the stored instance has no value
  const key = secret('solo-key');
  const tested = await api.post('/api/connectors/solo/connection-test', { authMethodId: 'key', credentials: { api_key: key, region: null } });
  assert.equal(tested.status, 200, tested.text);
  const created = await api.post('/api/connectors/solo/instances', instance({ authMethodId: 'key', credentials: { api_key: key, region: null } }));
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.connection.status, tested.json.status);
  assert.notEqual(created.json.connection.status, 'untested');
});
