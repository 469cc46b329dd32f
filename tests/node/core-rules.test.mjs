// The rules the core owns, as the package exports them to the server and the page: which
// values are secret, the default auth method, the mask, field-error messages, the form
// description and the instance that values make. The page's services (module-services.mjs)
// use these exports; their old JS copies decided some cases differently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { load, ArgumentError } from '../../dist/index.mjs';
import { services } from '../../web/public/app/module-services.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtureDir = join(root, 'tests/node/fixtures/server-catalog');
const definitions = readdirSync(fixtureDir).filter((f) => f.endsWith('.json')).sort()
  .map((f) => JSON.parse(readFileSync(join(fixtureDir, f), 'utf8')));
const pools = [{ id: 'p1', name: 'Pool', limit: 2, timeout: null, createdAt: 0, updatedAt: 0 }];

// "token" is secret in "sealed" and plain text in "plain"; "sealed" takes a certificate.
const mixed = {
  id: 'mixed', name: 'Mixed', version: '1.0.0', systemType: 'erp', protocol: 'rest',
  authMethods: [
    { id: 'plain', name: 'Plain', type: 'token', variables: [{ key: 'token', label: 'Token', required: true }, { key: 'note', label: 'Note' }] },
    {
      id: 'sealed', name: 'Sealed', type: 'token', certificate: 'optional',
      variables: [{ key: 'token', label: 'Token', type: 'secret', alias: 'api_token', required: true }],
    },
  ],
};

const m = await load();
const catalog = m.loadCatalog([...definitions, mixed]);
const svc = services(m);
const context = (id) => ({ definition: catalog.connector(id), pools, existingNames: [] });

test('the mask is the core\'s', () => {
  assert.equal(m.secretMask, '••••••••');
  assert.equal(svc.mask, m.secretMask);
});

test('secretFields: a key secret in any method is secret in every method; aliases; certificate', () => {
  const plain = catalog.secretFields('mixed', 'plain');
  assert.equal(plain.authMethodId, 'plain');
  assert.deepEqual(plain.credentials, [{ key: 'token', alias: null }]);
  assert.deepEqual(plain.paths, ['credentials.token']);
  assert.deepEqual(plain.secretPaths, ['credentials.token', 'credentials.api_token', 'certificate', 'certificate.data', 'certificate.passphrase']);
  assert.deepEqual(catalog.secretFields('mixed', 'sealed').paths, ['credentials.token', 'certificate', 'certificate.passphrase']);
  // none named: the default method (only one), or none
  assert.equal(catalog.secretFields('shop').authMethodId, catalog.defaultAuthMethod('shop'));
  assert.equal(catalog.secretFields('mixed', null).authMethodId, null);
  assert.deepEqual(catalog.secretFields('mixed', null).credentials, []);
  // untrusted bodies: anything but a method id names none
  for (const odd of [42, {}, ['plain'], 'nope', '\uD800']) assert.equal(catalog.secretFields('mixed', odd).authMethodId, null);
  assert.equal(catalog.secretFields('nope'), null);
});

test('defaultAuthMethod: the only method, or null', () => {
  assert.equal(catalog.defaultAuthMethod('mixed'), null);
  assert.equal(catalog.defaultAuthMethod('erp'), null);
  assert.equal(catalog.defaultAuthMethod('nope'), null);
  const single = definitions.find((d) => d.authMethods.length === 1);
  if (single) assert.equal(catalog.defaultAuthMethod(single.id), single.authMethods[0].id);
});

test('validation leaves out a value secret in another method of the connector', () => {
  const r = m.validateInstance(catalog, { connectorId: 'mixed', name: 'A', authMethodId: 'plain', credentials: { token: 'plain-but-secret', note: 'n' } });
  assert.equal(r.valid, true, JSON.stringify(r.errors));
  assert.deepEqual(r.instance.credentials, { note: 'n' });
});

test('fieldError: the core\'s message for a code', () => {
  assert.deepEqual(m.fieldError('name', 'taken'), { field: 'name', code: 'taken', message: 'The name has already been taken.', params: {} });
  assert.equal(m.fieldError('instanceId', 'invalid_type', { expected: 'string' }).message, 'The instance id must be a string.');
  assert.equal(m.fieldError('timezone', 'unknown_field', { of: 'an instance' }).message, 'The timezone is not a field of an instance.');
  assert.equal(m.fieldError('id', 'immutable', { of: 'a pool' }).message, 'The id of a pool cannot be changed.');
  assert.equal(m.fieldError('connectorId', 'connector_mismatch', { connectorId: 'shop' }).message, 'The connector must be shop, as in the URL.');
  assert.equal(m.fieldError('poolId', 'unknown_pool').message, m.validateInstance(catalog, { connectorId: 'erp', name: 'x', poolId: 'gone' }, { pools: [] })
    .errors.find((e) => e.field === 'poolId').message);
  assert.throws(() => m.fieldError('name', 'taken', []), ArgumentError);
});

test('describeForm is what walking a wizard through its steps shows', () => {
  for (const id of ['erp', 'shop', 'mixed']) {
    const form = svc.describeForm(context(id));
    // the walk the page used to do
    const w = svc.createWizard(context(id));
    const strip = (f) => ({ ...f, warning: null, error: null });
    let v = w.view();
    assert.deepEqual(form.name, strip(v.fields.find((f) => f.key === 'name')));
    w.set('name', 'form description');
    v = w.next();
    assert.deepEqual(form.settings, v.fields.map(strip));
    v = w.next();
    const authMethod = form.authMethod;
    assert.deepEqual(Object.keys(form.methods).sort(), authMethod.options.map((o) => o.value).sort());
    if (authMethod.options.length === 1) {
      // one method: no step to choose it, the wizard has it set and shows its credentials
      assert.equal(v.step, 'credentials');
      assert.equal(w.currentInstance().authMethodId, authMethod.value);
      assert.deepEqual(form.methods[authMethod.value], v.fields.map(strip), `${id}/${authMethod.value}`);
      w.dispose();
      continue;
    }
    assert.deepEqual(authMethod, strip(v.fields.find((f) => f.key === 'authMethodId')));
    w.dispose();
    for (const option of authMethod.options) {
      // a fresh wizard per method: values of a method tried before do not leak into another
      const f = svc.createWizard(context(id));
      f.set('name', 'form description');
      f.next();
      f.next();
      f.set('authMethodId', option.value);
      assert.deepEqual(form.methods[option.value], f.next().fields.map(strip), `${id}/${option.value}`);
      f.dispose();
    }
  }
});

test('buildInstance: only the chosen method\'s credentials, no certificate for a method that takes none', () => {
  const values = {
    name: 'A', timeZone: 'UTC', dateFormat: 'Y-m-d', 'rateLimit.amount': 2, 'rateLimit.unit': 'second',
    authMethodId: 'plain', 'credentials.token': 't',
    certificate: '-----BEGIN CERTIFICATE-----', 'certificate.passphrase': 'pw',
  };
  const instance = svc.buildInstance(context('mixed'), values);
  assert.deepEqual(instance.credentials, { token: 't' });
  assert.equal(instance.certificate, null);
  assert.deepEqual(instance.rateLimit, { amount: 2, unit: 'second' });
  const sealed = svc.buildInstance(context('mixed'), { ...values, authMethodId: 'sealed', 'credentials.note': 'x' });
  assert.deepEqual(sealed.credentials, { token: 't' });
  assert.deepEqual(sealed.certificate, { data: '-----BEGIN CERTIFICATE-----', passphrase: 'pw' });
  assert.throws(() => svc.buildInstance(context('mixed'), { name: {} }), ArgumentError);
  // a path no method has is refused, as set() refuses it
  assert.throws(() => svc.buildInstance(context('mixed'), { ...values, 'credentials.other': 'x' }),
    (e) => e.code === 'unknown_field' && e.details.field === 'credentials.other');
});

test('currentInstance: the values entered so far, secrets included', () => {
  const w = svc.createWizard(context('mixed'));
  w.set('name', 'A');
  w.next();
  w.next();
  w.set('authMethodId', 'sealed');
  w.next();
  w.set('credentials.token', 'tok-secret');
  w.set('certificate.passphrase', 'pw');
  let current = w.currentInstance();
  assert.equal(current.authMethodId, 'sealed');
  assert.deepEqual(current.credentials, { token: 'tok-secret' });
  assert.deepEqual(current.certificate, { data: null, passphrase: 'pw' });
  // a switch to a method without a certificate drops it (the page sent it before)
  w.back();
  w.set('authMethodId', 'plain');
  current = w.currentInstance();
  assert.equal(current.certificate, null);
  assert.deepEqual(current.credentials, { token: 'tok-secret' });
  w.dispose();
});
