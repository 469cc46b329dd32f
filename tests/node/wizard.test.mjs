// The add-instance wizard from JS, against the built package in dist/: the
// demo catalog, a full walk to a created instance, server answers, drafts, errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { load, ArgumentError, WizardError } from '../../dist/index.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const catalogDir = join(root, 'web/catalog');
const texts = readdirSync(catalogDir).filter((f) => f.endsWith('.json')).sort()
  .map((f) => readFileSync(join(catalogDir, f), 'utf8'));
const pools = JSON.parse(readFileSync(join(root, 'web/pools.example.json'), 'utf8'));
const certificate = readFileSync(join(root, 'tests/data/certificates/client.pem'), 'utf8');
// inside the validity of the fixture certificates (tests/data/certificates/validity.txt)
const NOW = 1_800_000_000_000;

const m = await load();
const catalog = m.loadCatalog(texts, { pools });
const hex64 = (c) => c.repeat(64);
const SECRET = hex64('a');
const TOKEN_SECRET = hex64('b');

function netsuite(options = {}) {
  return m.createWizard({ catalog, connectorId: 'netsuite', existingNames: ['Production'], now: NOW, ...options });
}

// name -> settings -> authType (preselected: one method) -> credentials -> review
function walkToReview(w) {
  w.set('name', 'EU subsidiary');
  w.next();
  assert.equal(w.next().step, 'credentials');  // one auth method: its step is not shown
  w.set('credentials.account_id', '1234567_SB1');
  w.set('credentials.realm', '1234567_SB1');
  w.set('credentials.consumer_key', hex64('c'));
  w.set('credentials.consumer_secret', SECRET);
  w.set('credentials.token_key', hex64('d'));
  w.set('credentials.token_secret', TOKEN_SECRET);
  return w.next();
}

const field = (view, key) => view.fields.find((f) => f.key === key);
const noSecrets = (value) => {
  const text = JSON.stringify(value);
  assert.ok(!text.includes(SECRET) && !text.includes(TOKEN_SECRET), 'a secret leaked');
};

test('a fresh wizard: the name step, the connector, progress and actions', () => {
  const w = netsuite();
  try {
    const v = w.view();
    assert.equal(v.step, 'name');
    assert.deepEqual(v.connector, { id: 'netsuite', name: v.connector.name, version: '3.1.0' });
    assert.deepEqual(v.progress, { position: 1, count: 4 });  // one auth method: no authentication type step
    assert.deepEqual(v.actions, ['set', 'next', 'cancel', 'reset']);
    assert.deepEqual(v.fields.map((f) => f.key), ['name']);
    assert.equal(v.fields[0].required, true);
  } finally {
    w.dispose();
  }
});

test('next refuses with field errors; set clears them', () => {
  const w = netsuite();
  try {
    let v = w.next();
    assert.equal(v.step, 'name');
    assert.equal(field(v, 'name').error.code, 'required');
    v = w.set('name', ' production ');
    assert.equal(field(v, 'name').error, null);
    v = w.next();
    assert.equal(field(v, 'name').error.code, 'taken');
    w.set('name', 'EU subsidiary');
    assert.equal(w.next().step, 'settings');
  } finally {
    w.dispose();
  }
});

test('settings: connector defaults, time zones, presets, the pool', () => {
  const w = netsuite();
  try {
    w.set('name', 'EU subsidiary');
    const v = w.next();
    assert.equal(field(v, 'timeZone').value, 'America/Los_Angeles');
    assert.equal(field(v, 'timeZone').type, 'timezone');
    const zones = field(v, 'timeZone').options;
    assert.ok(zones.length > 300 && Object.isFrozen(zones));
    assert.equal(field(w.view(), 'timeZone').options, zones, 'fetched once, shared');
    assert.ok(zones.some((z) => z.value === 'Europe/Berlin'));
    // the picker list's zones (m.time.zones), one list: UTC by its canonical name
    assert.deepEqual(zones.map((z) => z.value), m.time.zones(0).flatMap((g) => g.zones.map((z) => z.id)));
    assert.equal(field(v, 'dateFormat').value, 'm/d/Y H:i');
    assert.ok(field(v, 'dateFormat').options.some((o) => o.value === 'Y-m-d H:i:s'));
    assert.equal(field(v, 'rateLimit.amount').value, 10);
    assert.equal(field(v, 'rateLimit.unit').value, 'second');
    const pool = field(v, 'poolId');
    assert.equal(pool.clearable, true);
    assert.deepEqual(pool.options.map((o) => o.value), ['netsuite-production', 'netsuite-sandbox']);
    assert.equal(w.set('poolId', 'netsuite-sandbox').fields.find((f) => f.key === 'poolId').value, 'netsuite-sandbox');
    assert.equal(w.set('poolId', null).fields.find((f) => f.key === 'poolId').value, null);
    w.set('timeZone', 'Mars/Olympus');
    const refused = w.next();
    assert.equal(refused.step, 'settings');
    assert.equal(field(refused, 'timeZone').error.code, 'unknown_time_zone');
  } finally {
    w.dispose();
  }
});

test('a connector without a concurrency limit has no pool input', () => {
  const w = m.createWizard({ catalog, connectorId: 'shopify' });
  try {
    w.set('name', 'Shop');
    assert.equal(field(w.next(), 'poolId'), undefined);
  } finally {
    w.dispose();
  }
});

test('sharing a rate limit: offered from the given instances, the own limit hidden and not sent', () => {
  const instances = [{ id: 'i-1', name: 'Production' }, { id: 'i-2', name: 'Staging', sharedLimitOf: 'i-1' }];
  const form = m.describeForm({ catalog, connectorId: 'shopify', instances });
  const keys = form.settings.map((f) => f.key);
  assert.deepEqual(keys, ['timeZone', 'dateFormat', 'sharedLimitOf', 'rateLimit.amount', 'rateLimit.unit']);
  const shared = form.settings[2];
  assert.deepEqual(shared.options, [{ value: 'i-1', label: 'Production' }], 'not an instance that shares another\'s');
  assert.equal(shared.clearable, true);
  assert.deepEqual(form.settings.map((f) => f.shownUnless), [null, null, null, 'sharedLimitOf', 'sharedLimitOf']);
  assert.equal(m.describeForm({ catalog, connectorId: 'shopify' }).settings.some((f) => f.key === 'sharedLimitOf'), false);
  assert.equal(m.buildInstance({ catalog, connectorId: 'shopify', instances }, { sharedLimitOf: 'i-1', 'rateLimit.amount': 5, 'rateLimit.unit': 'second' }).rateLimit, null);
  const w = m.createWizard({ catalog, connectorId: 'shopify', instances });
  try {
    w.set('name', 'Shop');
    w.next();
    assert.deepEqual(w.set('sharedLimitOf', 'i-1').fields.map((f) => f.key), ['timeZone', 'dateFormat', 'sharedLimitOf']);
    assert.equal(w.next().step, 'credentials');
    assert.equal(w.currentInstance().sharedLimitOf, 'i-1');
    assert.equal(w.currentInstance().rateLimit, null);
  } finally {
    w.dispose();
  }
  // the edited instance's own limit is shared by Staging: it cannot use another's
  const editing = m.validateInstance(catalog, { connectorId: 'shopify', name: 'Production', sharedLimitOf: 'i-3',
    authMethodId: 'access_token', credentials: { store_name: 'acme', access_token: `shpat_${'0'.repeat(32)}` } },
  { instances: [{ id: 'i-2', name: 'Staging', sharedLimitOf: 'i-1' }, { id: 'i-3', name: 'Other' }], instanceId: 'i-1' });
  assert.deepEqual(editing.errors.map((e) => `${e.field} ${e.code}`), ['sharedLimitOf limit_is_shared']);
});

test('credentials: labels, secrets masked, locked and advanced inputs', () => {
  const w = netsuite();
  try {
    w.set('name', 'EU subsidiary');
    w.next();
    const v = w.next();
    // the only method is set and its step not shown: four steps, the third is credentials
    assert.equal(v.step, 'credentials');
    assert.deepEqual(v.progress, { position: 3, count: 4 });
    assert.deepEqual(v.steps.map((st) => st.id), ['name', 'settings', 'credentials', 'review']);
    assert.equal(w.currentInstance().authMethodId, 'token_based');
    assert.throws(() => w.goTo('authType'), (e) => e instanceof WizardError && e.code === 'step_not_allowed');
    const secret = field(v, 'credentials.consumer_secret');
    assert.equal(secret.secret, true);
    const locked = field(v, 'credentials.signature_method');
    assert.equal(locked.locked, true);
    assert.equal(locked.advanced, true);
    assert.equal(locked.value, 'HMAC-SHA256');
    assert.throws(() => w.set('credentials.signature_method', 'PLAINTEXT'),
      (e) => e instanceof WizardError && e.code === 'field_locked' && e.details.field === 'credentials.signature_method');
    const after = w.set('credentials.consumer_secret', SECRET);
    assert.equal(field(after, 'credentials.consumer_secret').value, null);
    assert.equal(field(after, 'credentials.consumer_secret').hasValue, true);
    noSecrets(after);
  } finally {
    w.dispose();
  }
});

test('review -> submission -> created, with the idempotency key passed in', () => {
  const w = netsuite({ idempotencyKey: 'attempt-key-1' });
  try {
    const review = walkToReview(w);
    assert.equal(review.step, 'review');
    assert.equal(review.nextLabel, 'Create instance');
    assert.deepEqual(review.summary.map((s) => s.step), ['name', 'settings', 'authType', 'credentials']);
    assert.deepEqual(review.summary.map((s) => s.changeable), [true, true, false, true]);
    noSecrets(review);
    assert.throws(() => w.submission(), (e) => e instanceof WizardError && e.code === 'action_not_allowed');
    assert.equal(w.next().step, 'submitting');
    const { payload, idempotencyKey } = w.submission();
    assert.equal(idempotencyKey, 'attempt-key-1');
    assert.equal(payload.connectorId, 'netsuite');
    assert.equal(payload.credentials.consumer_secret, SECRET);  // the backend receives it
    assert.equal(m.validateInstance(catalog, payload, { existingNames: ['Production'], now: NOW }).valid, true);
    const created = w.applyResponse({ status: 201, body: { id: 'inst-9', name: 'EU subsidiary' } });
    assert.equal(created.step, 'created');
    assert.equal(created.instance.id, 'inst-9');
    assert.deepEqual(created.actions, ['reset']);
  } finally {
    w.dispose();
  }
});

test('the default idempotency key is a random UUID; retries keep it, a changed payload does not', () => {
  const w = netsuite();
  try {
    walkToReview(w);
    w.next();
    const first = w.submission().idempotencyKey;
    assert.match(first, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    let v = w.applyNetworkError(new Error('fetch failed'));
    assert.equal(v.step, 'review');
    assert.deepEqual(v.failure, { kind: 'network', status: 0, message: 'fetch failed' });
    assert.equal(v.nextLabel, 'Retry');
    w.next();
    assert.equal(w.submission().idempotencyKey, first);
    v = w.applyResponse({ status: 503, body: { message: 'Try later' } });
    assert.equal(v.failure.status, 503);
    w.next();
    assert.equal(w.submission().idempotencyKey, first);
    w.applyNetworkError();
    w.goTo('name');
    w.set('name', 'EU subsidiary 2');
    w.goTo('review');
    w.next();
    const second = w.submission().idempotencyKey;
    assert.notEqual(second, first);
  } finally {
    w.dispose();
  }
});

test('a 422 Laravel body maps each error to its step and field', () => {
  const w = netsuite();
  try {
    walkToReview(w);
    w.next();
    const body = m.toLaravel([
      { field: 'credentials.token_secret', code: 'invalid', message: 'The token secret was refused.', params: {} },
      { field: 'name', code: 'taken', message: 'The name has already been taken.', params: {} },
    ]);
    const v = w.applyResponse({ status: 422, body });
    assert.equal(v.step, 'name');
    assert.equal(field(v, 'name').error.message, 'The name has already been taken.');
    assert.equal(field(v, 'name').value, 'EU subsidiary');  // nothing lost
    w.set('name', 'EU subsidiary 3');
    const credentials = w.goTo('credentials');
    assert.equal(field(credentials, 'credentials.token_secret').error.message, 'The token secret was refused.');
  } finally {
    w.dispose();
  }
});

test('back keeps values; goTo is limited to reached steps; cancel and reset', () => {
  const w = netsuite();
  try {
    walkToReview(w);
    assert.equal(w.back().step, 'credentials');
    assert.equal(w.goTo('name').step, 'name');
    assert.equal(field(w.view(), 'name').value, 'EU subsidiary');
    assert.equal(w.goTo('review').step, 'review');
    assert.throws(() => w.goTo('submitting'), (e) => e instanceof WizardError && e.code === 'step_not_allowed');
    assert.throws(() => w.goTo('nowhere'), (e) => e instanceof WizardError && e.code === 'step_not_allowed');
    assert.equal(w.cancel().step, 'cancelled');
    assert.throws(() => w.next(), (e) => e instanceof WizardError && e.code === 'action_not_allowed');
    const fresh = w.reset();
    assert.equal(fresh.step, 'name');
    assert.equal(field(fresh, 'name').value, null);
  } finally {
    w.dispose();
  }
});

test('bad arguments are ArgumentErrors, rule breaks are WizardErrors', () => {
  const w = netsuite();
  try {
    assert.throws(() => w.set('name'), (e) => e instanceof ArgumentError && e.code === 'invalid_value');
    assert.throws(() => w.set('name', NaN), (e) => e instanceof ArgumentError && e.code === 'invalid_value');
    assert.throws(() => w.set('name', { a: 1 }), (e) => e instanceof ArgumentError && e.code === 'invalid_value');
    assert.throws(() => w.set('name', 'a\uD800'), (e) => e instanceof ArgumentError);
    assert.throws(() => w.set(1, 'x'), ArgumentError);
    assert.throws(() => w.set('nickname', 'x'), (e) => e instanceof WizardError && e.code === 'unknown_field');
    assert.throws(() => w.set('timeZone', 'UTC'), (e) => e instanceof WizardError && e.code === 'field_not_on_step');
    assert.throws(() => w.applyResponse({ status: 201 }), (e) => e instanceof WizardError && e.code === 'action_not_allowed');
    assert.throws(() => w.save({ includeSecrets: 'yes' }), ArgumentError);
  } finally {
    w.dispose();
  }
  assert.throws(() => m.createWizard({ catalog, connectorId: 'nope' }),
    (e) => e instanceof WizardError && e.code === 'connector_not_found');
  assert.throws(() => m.createWizard({ catalog: 42, connectorId: 'netsuite' }), ArgumentError);
  assert.throws(() => m.createWizard({ catalog, connectorId: 'netsuite', colour: 'red' }),
    (e) => e instanceof ArgumentError && e.details.field === 'colour');
  assert.throws(() => m.createWizard({ catalog, connectorId: 'netsuite', idempotencyKey: 'has space' }),
    (e) => e instanceof WizardError && e.code === 'invalid_idempotency_key');
  assert.throws(() => m.createWizard({ catalog, connectorId: 'netsuite', now: 'today' }), ArgumentError);
});

test('definitions can be passed as plain objects too', () => {
  const definitions = texts.map((t) => JSON.parse(t));
  const w = m.createWizard({ catalog: { definitions, pools }, connectorId: 'netsuite', now: NOW });
  try {
    w.set('name', 'x');
    assert.equal(field(w.next(), 'poolId').options.length, 2);
  } finally {
    w.dispose();
  }
});

test('drafts: restore exactly, secrets out by default, mismatches refused', () => {
  const w = netsuite();
  try {
    walkToReview(w);
    w.goTo('credentials');
    w.next();  // a refused step would keep its errors: this one passes
    const draft = w.save();
    noSecrets(draft);
    assert.equal(draft.secretsIncluded, false);
    assert.equal(draft.step, 'review');
    const full = w.save({ includeSecrets: true });
    assert.equal(full.values['credentials.consumer_secret'], SECRET);

    const same = m.restoreWizard(JSON.stringify(full), { catalog, existingNames: ['Production'], now: NOW });
    try {
      assert.deepEqual(same.view(), w.view());
      assert.deepEqual(same.save({ includeSecrets: true }), full);
      assert.equal(same.migration, null);
    } finally {
      same.dispose();
    }

    const partial = m.restoreWizard(draft, { catalog, now: NOW });
    try {
      const v = partial.next();  // the secrets are missing: back to the credentials
      assert.equal(v.step, 'credentials');
      assert.equal(field(v, 'credentials.consumer_secret').error.code, 'required');
      assert.equal(field(v, 'credentials.account_id').value, '1234567_SB1');
    } finally {
      partial.dispose();
    }

    assert.throws(() => m.restoreWizard(draft, { catalog, connectorId: 'shopify' }),
      (e) => e instanceof WizardError && e.code === 'draft_connector_mismatch');
    assert.throws(() => m.restoreWizard({ ...draft, values: { ...draft.values, colour: 'red' } }, { catalog }),
      (e) => e instanceof WizardError && e.code === 'draft_invalid' && e.details.pointer === '/values/colour');
    assert.throws(() => m.restoreWizard('{not json', { catalog, connectorId: 'netsuite' }),
      (e) => e instanceof WizardError && e.code === 'draft_invalid');
    const old = { ...draft, connector: { id: 'netsuite', version: '3.0.0' } };
    assert.throws(() => m.restoreWizard(old, { catalog }),
      (e) => e instanceof WizardError && e.code === 'draft_version_mismatch' && e.details.found === '3.0.0');
    const migrated = m.restoreWizard(old, { catalog, migrate: true });
    try {
      assert.deepEqual(migrated.migration, { fromVersion: '3.0.0', toVersion: '3.1.0', dropped: [] });
      assert.equal(migrated.view().step, 'name');
      assert.equal(field(migrated.view(), 'name').value, 'EU subsidiary');
    } finally {
      migrated.dispose();
    }
  } finally {
    w.dispose();
  }
});

test('a required client certificate (ing-psd2), checked with the given now', () => {
  const w = m.createWizard({ catalog, connectorId: 'ing-psd2', now: NOW });
  try {
    w.set('name', 'ING');
    w.next();
    w.next();
    const v = w.next();
    assert.equal(v.step, 'credentials');
    const cert = field(v, 'certificate');
    assert.equal(cert.type, 'certificate');
    assert.equal(cert.required, true);
    assert.equal(cert.secret, true);
    assert.ok(field(v, 'certificate.passphrase'));
    w.set('credentials.client_id', 'client-0001');
    w.set('credentials.key_id', 'SN=1A2B,CA=Test CA');
    const refused = w.next();
    assert.equal(field(refused, 'certificate').error.code, 'required');
    w.set('certificate', certificate);
    const review = w.next();
    assert.equal(review.step, 'review', JSON.stringify(review.errors));
    assert.ok(!JSON.stringify(review).includes('PRIVATE KEY'));
    assert.ok(!JSON.stringify(w.save()).includes('PRIVATE KEY'));
    w.next();
    assert.equal(w.submission().payload.certificate.data, certificate);
  } finally {
    w.dispose();
  }
});

test('dispose frees the wizard; later calls throw wizard_disposed', () => {
  const w = netsuite();
  w.dispose();
  w.dispose();
  assert.equal(w.disposed, true);
  assert.throws(() => w.view(), (e) => e instanceof WizardError && e.code === 'wizard_disposed');
});

test('check(field?): what validation says about the current step now, without changing the wizard', () => {
  const w = netsuite();
  try {
    w.set('name', 'Production');  // taken
    const before = w.view();
    const all = w.check();
    assert.deepEqual(all.errors.map((e) => [e.field, e.code]), [['name', 'taken']]);
    assert.deepEqual(w.check('name').errors, all.errors);
    assert.deepEqual(w.check('timeZone').errors, [], 'another field: nothing');
    assert.deepEqual(w.view(), before, 'no error stored or shown, same step');
    assert.equal(w.view().fields.find((f) => f.key === 'name').error, null);
    w.set('name', 'EU subsidiary');
    assert.deepEqual(w.check('name'), { errors: [], warnings: [] });
    assert.throws(() => w.check(5), (e) => e instanceof ArgumentError && e.code === 'invalid_argument');
  } finally {
    w.dispose();
  }
});
