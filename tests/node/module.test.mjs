// The loaded module's contract: async load once, sync after, no global side effects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as pkg from '../../dist/index.mjs';

test('importing and loading change nothing global (checked in a clean process)', () => {
  const script = `
    const events = ['uncaughtException', 'unhandledRejection', 'exit', 'beforeExit', 'warning'];
    const listeners = () => events.map((e) => process.listenerCount(e));
    const globals = new Set(Object.getOwnPropertyNames(globalThis));
    const before = listeners();
    const { load } = await import(${JSON.stringify(new URL('../../dist/index.mjs', import.meta.url).href)});
    await load();
    console.log(JSON.stringify({ before, after: listeners(),
      added: Object.getOwnPropertyNames(globalThis).filter((k) => !globals.has(k)) }));`;
  const out = JSON.parse(execFileSync('node', ['--input-type=module', '-e', script], { encoding: 'utf8' }));
  assert.deepEqual(out.after, out.before);
  assert.deepEqual(out.added, []);
});

test('load() is memoised and the module object is frozen', async () => {
  const m = await pkg.load();
  assert.equal(await pkg.load(), m);
  assert.ok(Object.isFrozen(m));
  assert.match(m.version, /^\d+\.\d+\.\d+$/);
});

test('error classes carry a stable code and are Error subclasses', () => {
  const e = new pkg.ValidationError('required', 'The name field is required.', { field: 'name' });
  assert.ok(e instanceof Error);
  assert.ok(e instanceof pkg.ConnectorInstancesError);
  assert.equal(e.name, 'ValidationError');
  assert.equal(e.code, 'required');
  assert.equal(e.details.field, 'name');
});

test('class names survive the minified bundles (ES module and CommonJS)', async () => {
  const { createRequire } = await import('node:module');
  const cjs = createRequire(import.meta.url)('../../dist/index.cjs');
  const errorClasses = ['ConnectorInstancesError', 'ModuleLoadError', 'ArgumentError', 'CatalogError',
    'ValidationError', 'TimeError', 'WizardError', 'SchedulerError', 'InternalError'];
  for (const entry of [pkg, cjs]) {
    for (const name of errorClasses) {
      assert.equal(entry[name].name, name);
      assert.equal(new entry[name]('x', 'message').name, name);
    }
    const m = await entry.load();
    const shopify = readFileSync(new URL('../../web/catalog/shopify.json', import.meta.url), 'utf8');
    const catalog = m.loadCatalog([shopify]);
    assert.equal(catalog.constructor.name, 'Catalog');
    assert.equal(m.createWizard({ catalog, connectorId: 'shopify' }).constructor.name, 'Wizard');
    assert.equal(m.time.zone('Europe/Berlin').constructor.name, 'Zone');
    assert.equal(m.createScheduler().constructor.name, 'Scheduler');
    const thrown = (() => { try { m.time.zone('Nowhere/City'); } catch (e) { return e; } })();
    assert.equal(thrown.name, 'TimeError');
    catalog.dispose();
  }
});
