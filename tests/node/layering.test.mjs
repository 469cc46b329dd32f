// The layering check of core/ (scripts/check-layering.mjs): the real tree follows the table
// in docs/architecture.md, and on a small tree with forbidden includes the check reports
// each of them, by file and line, and exits 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLayering, parseRules } from '../../scripts/check-layering.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const script = join(root, 'scripts/check-layering.mjs');

function run(dir) {
  return spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
}

// A repository of `files` (path -> text) in a temporary folder; removed after `body`.
function withTree(files, body) {
  const dir = mkdtempSync(join(tmpdir(), 'layering-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rules = (block) => `# Fake\n\n\`\`\`layers\n${block}\n\`\`\`\n`;

test('the core follows the table, which lists every folder of core/', () => {
  const result = checkLayering(root);
  assert.deepEqual(result.violations, []);
  const folders = readdirSync(join(root, 'core'), { withFileTypes: true })
    .filter((e) => e.isDirectory()).map((e) => e.name).sort();
  assert.deepEqual([...result.rules.keys()].sort(), folders);
  assert.ok(result.includes > 100, `only ${result.includes} includes seen`);
  const cli = run(root);
  assert.equal(cli.status, 0, cli.stderr);
  assert.match(cli.stdout, /follow docs\/architecture\.md/);
});

test('forbidden includes are reported by file and line, and the check fails', () => {
  const tree = {
    'docs/architecture.md': rules('low  ->\nmid  -> low\nhigh -> low, mid'),
    'core/low/a.h': '#pragma once\n#include <vector>\n#include "core/low/b.h"\n',
    'core/low/b.h': '#pragma once\n',
    // a lower folder including a higher one, by root path and by relative path
    'core/low/up.cpp': '#include "core/low/a.h"\n\n  #  include "core/high/h.h"\n',
    'core/low/relative.cpp': '#include "../mid/m.h"\n#include "a.h"\n',
    'core/mid/m.h': '#pragma once\n#include "core/low/a.h"\n',
    // allowed: high -> low, mid; not allowed: a folder the table does not list
    'core/high/h.h': '#pragma once\n#include "core/mid/m.h"\n#include <core/low/a.h>\n',
    'core/high/unlisted.cpp': '#include "core/other/x.h"\n',
    'core/other/x.h': '#pragma once\n',
  };
  withTree(tree, (dir) => {
    const { violations } = checkLayering(dir);
    assert.deepEqual(violations.map((v) => `${v.file}:${v.line} ${v.include}`), [
      'core/high/unlisted.cpp:1 core/other/x.h',
      'core/low/relative.cpp:1 ../mid/m.h',
      'core/low/up.cpp:3 core/high/h.h',
      'core/other/x.h:0 ',
    ]);
    assert.match(violations[2].message, /low may not include high/);
    const cli = run(dir);
    assert.equal(cli.status, 1);
    assert.match(cli.stderr, /^core\/low\/up\.cpp:3: low may not include high \(core\/high\/h\.h\)$/m);
    assert.match(cli.stderr, /^core\/low\/relative\.cpp:1: low may not include mid \(core\/mid\/m\.h\)$/m);
    assert.match(cli.stderr, /4 violation/);
  });
});

test('an include out of core/ and a file directly in core/ are reported', () => {
  const tree = {
    'docs/architecture.md': rules('low ->'),
    'core/low/a.cpp': '#include "../../tools/gen.h"\n',
    'core/loose.h': '#pragma once\n',
  };
  withTree(tree, (dir) => {
    const messages = checkLayering(dir).violations.map((v) => v.message);
    assert.deepEqual(messages, ['core/loose.h is directly in core/', 'low includes tools/gen.h, outside core/']);
  });
});

test('the table cannot hold a cycle: a line names only folders listed above it', () => {
  assert.deepEqual(parseRules(rules('a ->\nb -> a')), new Map([['a', new Set()], ['b', new Set(['a'])]]));
  assert.throws(() => parseRules(rules('a -> b\nb -> a')), /a names b, which is not listed above it/);
  assert.throws(() => parseRules(rules('a ->\na ->')), /a is listed twice/);
  assert.throws(() => parseRules(rules('a: b')), /is not "folder -> folder, folder"/);
  assert.throws(() => parseRules('# no block\n'), /no ```layers block/);
  withTree({ 'docs/architecture.md': rules('a -> b\nb ->'), 'core/a/x.h': '' }, (dir) => {
    const cli = run(dir);
    assert.equal(cli.status, 1);
    assert.match(cli.stderr, /layering: layers: a names b/);
  });
});
