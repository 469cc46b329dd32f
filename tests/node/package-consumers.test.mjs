// The npm package where web developers import it: the tarball (npm pack) is installed once,
// offline, into a fresh project, and each consumer below runs one probe through the
// package's public entry: format a date in a zone, validate an instance with a field error,
// move the wizard one step, catch a TimeError by its class. Node, TypeScript, Jest and Vitest
// run as child processes; bundlers run through their APIs; pages and a module worker run in
// one Chromium (playwright-core) against loopback HTTP servers. The tools come from the
// repository's devDependencies; the consumer projects hold nothing but the package.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize } from 'node:path';
import { launchChromium } from './page-harness.mjs';

const root = new URL('../..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const bin = (p) => join(root, 'node_modules', p);
const definition = JSON.parse(readFileSync(join(root, 'tests/node/fixtures/server-catalog/shop.json'), 'utf8'));

// One probe for every consumer, written into each project (CommonJS and ES module alike).
const PROBE = `async function probe(pkg) {
  const m = await pkg.load();
  const catalog = m.loadCatalog([${JSON.stringify(JSON.stringify(definition))}]);
  const result = m.validateInstance(catalog, { connectorId: 'shop', name: '' });
  const wizard = m.createWizard({ catalog, connectorId: 'shop' });
  wizard.set('name', 'Shop EU');
  let zoneError = null;
  try { m.time.zone('Mars/Olympus'); } catch (e) { zoneError = [e instanceof pkg.TimeError, e instanceof pkg.TimeError ? e.code : null]; }
  return {
    version: m.version,
    formatted: m.time.zone('America/New_York').format(Date.UTC(2024, 6, 4, 16), 'Y-m-d H:i T'),
    fieldError: [result.errors[0].field, result.errors[0].code],
    wizardStep: wizard.next().step,
    zoneError,
  };
}`;
const EXPECTED = {
  version: pkg.version, formatted: '2024-07-04 12:00 EDT', fieldError: ['name', 'required'],
  wizardStep: 'settings', zoneError: [true, 'unknown_time_zone'],
};
// A page's module: the probe's answer lands on window.__result (or its failure's message).
const BROWSER_MAIN = `import * as pkg from '${pkg.name}';
${PROBE}
probe(pkg).then((r) => { window.__result = r; }, (e) => { window.__result = { error: String(e && e.message) }; });
`;
const PAGE = (script) => `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>consumer</title></head>
<body><script type="module" src="${script}"></script></body></html>`;

let dir;       // the temporary folder holding the tarball and the consumer project
let app;       // the consumer project: package.json + node_modules/connector-instances
let tarball;
let packed;    // npm pack's file list
let browser;
const servers = [];

const write = (path, text) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
};
const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 120_000, ...opts });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};
const lastJson = (out) => JSON.parse(out.trim().split('\n').at(-1));
const wasmOfPackage = () => createRequire(join(app, 'package.json')).resolve(`${pkg.name}/connector.wasm`);

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css',
};
/** A static file server on loopback for `folder`; resolves to its origin. */
function serve(folder) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const file = join(folder, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(folder) || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
}

/** Opens `url` in the shared Chromium and returns what the page's probe answered. */
async function probeInBrowser(url) {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 30_000 });
    const result = await page.evaluate(() => window.__result);
    return { result, problems };
  } finally {
    await page.close();
  }
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'consumers-'));
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: root, encoding: 'utf8' });
  const [info] = JSON.parse(out);
  packed = info.files;
  tarball = join(dir, info.filename);
  app = join(dir, 'app');
  write(join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', tarball], { cwd: app });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  for (const s of servers) s.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the tarball: both entries, both type files, the wasm as data, README, LICENSE and notices', () => {
  const files = new Map(packed.map((f) => [f.path, f]));
  for (const f of ['dist/index.mjs', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts',
    'dist/time-only.mjs', 'dist/time-only.cjs', 'dist/time-only.d.ts', 'dist/time-only.d.cts', 'dist/connector-time.wasm',
    'dist/connector.wasm', 'dist/README.md', 'dist/LICENSE', 'dist/THIRD-PARTY-NOTICES.md', 'package.json']) {
    assert.ok(files.has(f), `tarball lacks ${f}`);
  }
  assert.equal(files.get('dist/connector.wasm').mode & 0o111, 0, 'connector.wasm is not executable');
  assert.equal(files.get('dist/connector-time.wasm').mode & 0o111, 0, 'connector-time.wasm is not executable');
  // one bundle per entry and format: a browser imports one file, not a graph of them
  assert.deepEqual(packed.map((f) => f.path).filter((p) => /\.(mjs|cjs|js)$/.test(p)).sort(),
    ['dist/index.cjs', 'dist/index.mjs', 'dist/time-only.cjs', 'dist/time-only.mjs']);
  const manifest = JSON.parse(readFileSync(join(app, 'node_modules', pkg.name, 'package.json'), 'utf8'));
  assert.equal(manifest.exports['./connector.wasm'], './dist/connector.wasm');
  assert.equal(manifest.exports['./connector-time.wasm'], './dist/connector-time.wasm');
  assert.equal(manifest.exports['.'].require.types, './dist/index.d.cts');
});

test('arethetypeswrong and publint find no problem in the tarball', () => {
  // the .wasm files are data, not modules with types
  const attw = spawnSync(process.execPath, [bin('@arethetypeswrong/cli/dist/index.js'), tarball,
    '--exclude-entrypoints', './connector.wasm', './connector-time.wasm', '--format', 'json'], { encoding: 'utf8' });
  const report = JSON.parse(attw.stdout);
  assert.ok(Object.hasOwn(report.analysis.entrypoints, './time'), 'arethetypeswrong checked ./time');
  assert.deepEqual(report.analysis.problems, [], 'arethetypeswrong found problems');
  assert.equal(attw.status, 0);
  const lint = run(process.execPath, [bin('publint/src/cli.js'), 'run', '--strict', tarball]);
  assert.match(lint, /All good!/, `publint:\n${lint}`);
});

test('Node: ES module and CommonJS', () => {
  write(join(app, 'node-esm/main.mjs'), `import * as pkg from '${pkg.name}';\n${PROBE}\nconsole.log(JSON.stringify(await probe(pkg)));\n`);
  write(join(app, 'node-cjs/main.cjs'), `const pkg = require('${pkg.name}');\n${PROBE}\nprobe(pkg).then((r) => console.log(JSON.stringify(r)));\n`);
  assert.deepEqual(lastJson(run(process.execPath, ['node-esm/main.mjs'], { cwd: app })), EXPECTED);
  assert.deepEqual(lastJson(run(process.execPath, ['node-cjs/main.cjs'], { cwd: app })), EXPECTED);
});

// The time-only entry: the same time answers from its own module.
const TIME_PROBE = `async function timeProbe(entry) {
  const m = await entry.load();
  let zoneError = null;
  try { m.time.zone('Mars/Olympus'); } catch (e) { zoneError = [e instanceof entry.TimeError, e.code]; }
  return { keys: Object.keys(m).sort().join(), formatted: m.time.zone('America/New_York').format(Date.UTC(2024, 6, 4, 16), 'Y-m-d H:i T'), zoneError };
}`;
const TIME_EXPECTED = { keys: 'errors,time,version', formatted: '2024-07-04 12:00 EDT', zoneError: [true, 'unknown_time_zone'] };

test('Node: the time-only entry (connector-instances/time), ES module and CommonJS', () => {
  write(join(app, 'node-time/main.mjs'), `import * as entry from '${pkg.name}/time';\n${TIME_PROBE}\nconsole.log(JSON.stringify(await timeProbe(entry)));\n`);
  write(join(app, 'node-time/main.cjs'), `const entry = require('${pkg.name}/time');\n${TIME_PROBE}\ntimeProbe(entry).then((r) => console.log(JSON.stringify(r)));\n`);
  assert.deepEqual(lastJson(run(process.execPath, ['node-time/main.mjs'], { cwd: app })), TIME_EXPECTED);
  assert.deepEqual(lastJson(run(process.execPath, ['node-time/main.cjs'], { cwd: app })), TIME_EXPECTED);
});

test('TypeScript strict, NodeNext, lib ES2022 without DOM: an ES module and a CommonJS project compile and run', () => {
  const source = `import { load, TimeError, ArgumentError, type ConnectorModule } from '${pkg.name}';
import { load as loadTime, type TimeModule } from '${pkg.name}/time';
declare const console: { log(text: string): void };
const pkg = { load, TimeError };
${PROBE.replace('async function probe(pkg)', 'async function probe(pkg: { load: () => Promise<ConnectorModule>; TimeError: typeof TimeError })')}
const time: Promise<TimeModule> = loadTime();
Promise.all([probe(pkg), time]).then(([r, t]) => console.log(JSON.stringify({
  ...r, argumentError: typeof ArgumentError, timeEntry: t.time.zone('UTC').format(0, 'Y-m-d'),
})));
`;
  for (const type of ['module', 'commonjs']) {
    const project = join(app, `ts-${type}`);
    write(join(project, 'package.json'), JSON.stringify({ type }));
    write(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        strict: true, target: 'ES2022', lib: ['ES2022'], types: [], module: 'NodeNext', moduleResolution: 'NodeNext',
        outDir: 'out', skipLibCheck: false,
      },
      files: ['main.ts'],
    }));
    write(join(project, 'main.ts'), source);
    run(process.execPath, [bin('typescript/bin/tsc'), '-p', project]);
    assert.deepEqual(lastJson(run(process.execPath, [join(project, 'out/main.js')], { cwd: project })),
      { ...EXPECTED, argumentError: 'function', timeEntry: '1970-01-01' }, type);
  }
});

test('Jest with its default configuration (CommonJS, node environment)', () => {
  const project = join(app, 'jest');
  write(join(project, 'package.json'), JSON.stringify({ name: 'jest-consumer', private: true }));
  write(join(project, 'probe.test.js'), `const pkg = require('${pkg.name}');\n${PROBE}
test('probe', async () => {
  const r = await probe(pkg);
  require('node:fs').writeFileSync(__dirname + '/result.json', JSON.stringify(r));
});\n`);
  run(process.execPath, [bin('jest/bin/jest.js'), '--rootDir', project, '--ci', '--watchman=false'], { cwd: project });
  assert.deepEqual(JSON.parse(readFileSync(join(project, 'result.json'), 'utf8')), EXPECTED);
});

test('Vitest', () => {
  const project = join(app, 'vitest');
  write(join(project, 'probe.test.mjs'), `import * as pkg from '${pkg.name}';\nimport { writeFileSync } from 'node:fs';\n${PROBE}
test('probe', async () => {
  writeFileSync(new URL('./result.json', import.meta.url), JSON.stringify(await probe(pkg)));
});\n`);
  run(process.execPath, [bin('vitest/vitest.mjs'), 'run', '--root', project, '--globals'], { cwd: project });
  assert.deepEqual(JSON.parse(readFileSync(join(project, 'result.json'), 'utf8')), EXPECTED);
});

test('esbuild for Node: a bundle with connector.wasm copied next to it', async () => {
  const { build } = await import('esbuild');
  const project = join(app, 'esbuild-node');
  write(join(project, 'main.mjs'), `import * as pkg from '${pkg.name}';\n${PROBE}\nconsole.log(JSON.stringify(await probe(pkg)));\n`);
  await build({ entryPoints: [join(project, 'main.mjs')], bundle: true, platform: 'node', format: 'esm', outfile: join(project, 'out/main.mjs'), logLevel: 'error' });
  copyFileSync(wasmOfPackage(), join(project, 'out/connector.wasm'));
  assert.deepEqual(lastJson(run(process.execPath, [join(project, 'out/main.mjs')])), EXPECTED);
});

test('a plain page (import map) and a module worker, without a bundler', async () => {
  write(join(app, 'plain/main.mjs'), BROWSER_MAIN);
  write(join(app, 'plain/index.html'), `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>plain</title>
<script type="importmap">{"imports": {"${pkg.name}": "/node_modules/${pkg.name}/dist/index.mjs"}}</script></head>
<body><script type="module" src="/plain/main.mjs"></script></body></html>`);
  write(join(app, 'plain/worker.mjs'), `import * as pkg from '/node_modules/${pkg.name}/dist/index.mjs';\n${PROBE}
probe(pkg).then((r) => postMessage(r), (e) => postMessage({ error: String(e && e.message) }));\n`);
  write(join(app, 'plain/worker.html'), `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>worker</title></head><body>
<script type="module">new Worker('/plain/worker.mjs', { type: 'module' }).onmessage = (e) => { window.__result = e.data; };</script></body></html>`);
  const origin = await serve(app);
  for (const page of ['plain/index.html', 'plain/worker.html']) {
    const { result, problems } = await probeInBrowser(`${origin}/${page}`);
    assert.deepEqual(result, EXPECTED, page);
    assert.deepEqual(problems, [], page);
  }
});

test('esbuild for browsers: an ES module bundle and a classic-script (iife) bundle, connector.wasm copied next to them', async () => {
  const { build } = await import('esbuild');
  const project = join(app, 'esbuild-web');
  const out = join(project, 'out');
  write(join(project, 'main.mjs'), BROWSER_MAIN);
  write(join(out, 'index.html'), PAGE('./main.js'));
  write(join(out, 'iife.html'), `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>iife</title></head>
<body><script src="./iife.js"></script></body></html>`);
  await build({ entryPoints: [join(project, 'main.mjs')], bundle: true, platform: 'browser', format: 'esm', outfile: join(out, 'main.js'), logLevel: 'error' });
  await build({ entryPoints: [join(project, 'main.mjs')], bundle: true, platform: 'browser', format: 'iife', outfile: join(out, 'iife.js'), logLevel: 'error' });
  copyFileSync(wasmOfPackage(), join(out, 'connector.wasm'));
  const origin = await serve(out);
  for (const page of ['index.html', 'iife.html']) {
    const { result, problems } = await probeInBrowser(`${origin}/${page}`);
    assert.deepEqual(result, EXPECTED, page);
    assert.deepEqual(problems, [], page);
  }
});

test('webpack 5: the wasm is emitted as an asset and no absolute path of the machine is in the output', async () => {
  const { default: webpack } = await import('webpack');
  const project = join(app, 'webpack');
  write(join(project, 'main.mjs'), BROWSER_MAIN);
  const out = join(project, 'out');
  const stats = await new Promise((resolve, reject) => webpack({
    mode: 'production', context: project, entry: './main.mjs', output: { path: out, filename: 'main.js' },
  }, (err, s) => (err ? reject(err) : resolve(s))));
  assert.ok(!stats.hasErrors(), stats.toString({ all: false, errors: true }));
  write(join(out, 'index.html'), PAGE('./main.js'));
  for (const f of readdirSync(out)) {
    const text = readFileSync(join(out, f), 'latin1');
    for (const local of [root, dir, tmpdir()]) assert.ok(!text.includes(local), `${f} holds ${local}`);
  }
  assert.ok(readdirSync(out).some((f) => f.endsWith('.wasm')), 'the wasm is emitted');
  const { result, problems } = await probeInBrowser(`${await serve(out)}/index.html`);
  assert.deepEqual(result, EXPECTED);
  assert.deepEqual(problems, []);
});

/** A Vite project of the probe page, built and probed in Chromium; returns its folder. */
async function viteBuiltProject(vite, name) {
  const project = join(app, name);
  write(join(project, 'main.mjs'), BROWSER_MAIN);
  write(join(project, 'index.html'), PAGE('/main.mjs'));
  await vite.build({ root: project, logLevel: 'error', configFile: false, build: { outDir: join(project, 'out') } });
  const built = await probeInBrowser(`${await serve(join(project, 'out'))}/index.html`);
  assert.deepEqual(built.result, EXPECTED, 'build');
  assert.deepEqual(built.problems, [], 'build');
  return project;
}

/** `probe(url)` against Vite's dev server for `project`, with these optimizeDeps. */
async function onViteDevServer(vite, project, optimizeDeps, probe) {
  const server = await vite.createServer({
    root: project, logLevel: 'silent', configFile: false, optimizeDeps, server: { port: 0, host: '127.0.0.1' },
  });
  await server.listen();
  try {
    return await probe(server.resolvedUrls.local[0]);
  } finally {
    await server.close();
  }
}

// Vite 6 and 7 pre-bundle dependencies for their dev server, which moves the package's code
// away from connector.wasm: the README's one setting (optimizeDeps.exclude) is what they need.
for (const major of [6, 7]) {
  test(`Vite ${major}: production build, and the dev server with the README's optimizeDeps setting`, async () => {
    const vite = await import(`vite${major}`);
    const project = await viteBuiltProject(vite, `vite${major}`);
    // without it the wasm is asked for under .vite/deps and answered with index.html
    const wasmAnswers = await onViteDevServer(vite, project, undefined, async (url) => {
      const page = await browser.newPage();
      const answers = [];
      page.on('response', (r) => { if (r.url().endsWith('.wasm')) answers.push({ url: r.url(), type: r.headers()['content-type'] }); });
      try {
        await page.goto(url);
        await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 10_000 }).catch(() => {});
        return answers;
      } finally {
        await page.close();
      }
    });
    assert.ok(wasmAnswers.some((a) => a.url.includes('/.vite/deps/') && /text\/html/.test(a.type)), JSON.stringify(wasmAnswers));
    const dev = await onViteDevServer(vite, project, { exclude: ['connector-instances'] }, probeInBrowser);
    assert.deepEqual(dev.result, EXPECTED, 'dev');
    assert.deepEqual(dev.problems, [], 'dev');
  });
}

test('Vite: production build and dev server', async () => {
  const vite = await import('vite');
  const project = await viteBuiltProject(vite, 'vite');
  const dev = await onViteDevServer(vite, project, undefined, probeInBrowser);
  assert.deepEqual(dev.result, EXPECTED, 'dev');
  assert.deepEqual(dev.problems, [], 'dev');
});
