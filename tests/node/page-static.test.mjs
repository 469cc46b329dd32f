// The page's sources, read as files: what a strict Content-Security-Policy forbids (inline
// script or style, eval) and what would render user text as markup never appears, and
// every module the page has is reachable from its entry.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './server-harness.mjs';

const PUBLIC = join(ROOT, 'web', 'public');
const APP = join(PUBLIC, 'app');
const modules = readdirSync(APP).filter((f) => f.endsWith('.mjs'));
const source = (file) => readFileSync(join(APP, file), 'utf8');

test('index.html has no inline script, inline style or event handler attribute', () => {
  const html = readFileSync(join(PUBLIC, 'index.html'), 'utf8');
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    assert.match(m[1], /\bsrc=/, 'every script has a src');
    assert.equal(m[2].trim(), '', 'no inline script');
  }
  assert.doesNotMatch(html, /<style\b/i);
  assert.doesNotMatch(html, /\sstyle=/i);
  assert.doesNotMatch(html, /\son[a-z]+=/i);
});

test('the modules never parse markup, evaluate code or set inline styles', () => {
  assert.ok(modules.length >= 10);
  const forbidden = [
    [/\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment/, 'markup parsing'],
    [/\beval\s*\(|new Function\b|setTimeout\(\s*['"`]/, 'code evaluation'],
    [/\.style\.|setAttribute\(\s*['"]style['"]|cssText/, 'inline style'],
    [/setAttribute\(\s*['"]on[a-z]+['"]/, 'event handler attribute'],
  ];
  for (const file of modules) {
    const text = source(file);
    for (const [pattern, what] of forbidden) assert.doesNotMatch(text, pattern, `${file}: ${what}`);
  }
});

test('every module is imported from the entry (no dead file), and only the adapter calls the package', () => {
  const reached = new Set(['main.mjs']);
  const queue = ['main.mjs'];
  while (queue.length) {
    const file = queue.shift();
    for (const m of source(file).matchAll(/from '\.\/([a-z-]+\.mjs)'/g)) {
      if (!reached.has(m[1])) { reached.add(m[1]); queue.push(m[1]); }
    }
  }
  assert.deepEqual([...reached].sort(), [...modules].sort());
  const callers = modules.filter((f) => /\bm\.(createWizard|restoreWizard|validateInstance|loadCatalog|time)\b/.test(source(f)));
  assert.deepEqual(callers, ['module-services.mjs']);
});

test('index.html preloads every module of the page, the package and its binary', () => {
  const html = readFileSync(join(PUBLIC, 'index.html'), 'utf8');
  const preloaded = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]);
  // every module but the entry (its script tag fetches it), at once: no level of imports waits for the one above
  const appModules = modules.filter((f) => f !== 'main.mjs').map((f) => `/app/${f}`);
  assert.deepEqual(preloaded.filter((h) => h.startsWith('/app/')).sort(), appModules.sort());
  assert.ok(preloaded.includes('/pkg/index.mjs'));
  // fetched like the package fetches it (a mismatch would download it twice)
  assert.match(html, /<link rel="preload" href="\/pkg\/connector\.wasm" as="fetch" type="application\/wasm" crossorigin>/);
  const wasmSource = readFileSync(join(ROOT, 'wasm/js/wasm-source.mjs'), 'utf8');
  assert.match(wasmSource, /fetch\(url, \{ credentials: 'same-origin' \}\)/);
});
