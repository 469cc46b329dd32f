// The npm package as a consumer gets it: `npm pack`, install the tarball into a fresh
// project, call the module from an ES module script and from a CommonJS script.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

test('npm pack + install into a fresh project works from ESM and CommonJS', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pack-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8' });
  const [info] = JSON.parse(out);
  const files = info.files.map((f) => f.path);
  for (const f of ['dist/index.mjs', 'dist/index.cjs', 'dist/index.d.ts', 'dist/connector.wasm', 'dist/time-only.mjs', 'dist/connector-time.wasm', 'package.json']) {
    assert.ok(files.includes(f), `tarball lacks ${f}`);
  }
  assert.ok(!files.some((f) => f.startsWith('core/') || f.startsWith('web/')), 'tarball ships only dist/');

  const app = join(dir, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', join(dir, info.filename)], { cwd: app, stdio: 'pipe' });

  writeFileSync(join(app, 'esm.mjs'), `
    import { load, ConnectorInstancesError } from '${pkg.name}';
    const before = [process.listenerCount('uncaughtException'), process.listenerCount('unhandledRejection'), process.listenerCount('exit')];
    const m = await load();
    const after = [process.listenerCount('uncaughtException'), process.listenerCount('unhandledRejection'), process.listenerCount('exit')];
    console.log(JSON.stringify({ version: m.version, same: m === await load(), before, after,
      errorsShared: m.errors.ConnectorInstancesError === ConnectorInstancesError }));
  `);
  writeFileSync(join(app, 'cjs.cjs'), `
    const { load } = require('${pkg.name}');
    load().then((m) => console.log(JSON.stringify({ version: m.version,
      hasErrors: typeof m.errors.ValidationError === 'function' })));
  `);
  const esm = JSON.parse(execFileSync('node', ['esm.mjs'], { cwd: app, encoding: 'utf8' }));
  assert.equal(esm.version, pkg.version);
  assert.equal(esm.same, true);
  assert.deepEqual(esm.after, esm.before, 'loading installs no process listeners');
  assert.equal(esm.errorsShared, true);
  const cjs = JSON.parse(execFileSync('node', ['cjs.cjs'], { cwd: app, encoding: 'utf8' }));
  assert.deepEqual(cjs, { version: pkg.version, hasErrors: true });
});
