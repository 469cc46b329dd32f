// The catalog's, the wizard's and the scheduler's bindings are registered on first use
// (wasm/bindings/catalog.cpp, wizard.cpp, schedule.cpp): not when the module starts, once
// when the facade first needs them, and a second registration is harmless.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import createConnectorModule from '../../build/wasm/facade/connector.mjs';
import { load } from '../../dist/index.mjs';

const binary = readFileSync(new URL('../../dist/connector.wasm', import.meta.url));

test('the glue starts without the catalog, wizard and scheduler bindings; their exports register them once', async () => {
  const raw = await createConnectorModule({ wasmBinary: binary, print: () => {}, printErr: () => {} });
  assert.equal(typeof raw.timeOpenZone, 'function');  // registered at start
  assert.equal(typeof raw.libraryVersion, 'function');
  for (const name of ['catalogLoad', 'fieldError', 'WizardSession', 'wizardForm', 'Scheduler', 'retryAfterMs']) {
    assert.equal(raw[name], undefined, `${name} before its first use`);
  }
  raw._bindings_register_catalog();
  raw._bindings_register_catalog();
  assert.equal(raw.instanceNameKey(' EU Store '), 'eu store');
  assert.equal(raw.WizardSession, undefined);
  raw._bindings_register_wizard();
  raw._bindings_register_wizard();
  assert.equal(typeof raw.WizardSession, 'function');
  assert.equal(raw.Scheduler, undefined);
  raw._bindings_register_schedule();
  raw._bindings_register_schedule();
  assert.equal(raw.retryAfterMs('5', 0), 5000);
  const session = new raw.WizardSession();
  session.delete();
});

test('the facade registers them before its first call', async () => {
  const m = await load();
  assert.equal(m.secretMask, '\u2022'.repeat(8));  // a generated constant, no call into the module
  assert.equal(m.instanceNameKey('Shop'), 'shop');
  assert.equal(m.retryAfterMs('2', 0), 2000);
  assert.equal(m.createScheduler().stats().queued, 0);
  const catalog = [readFileSync(new URL('../../web/catalog/shopify.json', import.meta.url), 'utf8')];
  const wizard = m.createWizard({ catalog, connectorId: 'shopify' });
  assert.equal(wizard.view().step, 'name');
  assert.ok(wizard.view().fields.length > 0);
  wizard.dispose();
});
