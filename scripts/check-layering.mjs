#!/usr/bin/env node
// Checks the layering of core/: every #include of a file in core/<folder>/ names its own
// folder or one the rule table lets that folder include. The table is the `layers` block of
// docs/architecture.md, the one copy of the rule:
//   folder -> the folders it may include, comma-separated (none: nothing after the arrow)
// A folder may only name folders listed above it, so the table cannot hold a cycle.
// Quoted includes starting with "core/" are taken from the repository root (the include
// path); other quoted ones from the including file's folder, as the compiler does; angle
// includes only when they start with "core/".
//   node scripts/check-layering.mjs [repository root]   (default: this repository)
// Prints each violation as file:line and exits 1 when there is any.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ruleDocument = 'docs/architecture.md';

// The rule table from the document's text: Map folder -> Set of folders it may include.
// Throws when the block is missing or malformed, or names a folder not listed above it.
export function parseRules(markdown) {
  const block = /^```layers[ \t]*\n([\s\S]*?)^```/m.exec(markdown);
  if (!block) throw new Error(`no \`\`\`layers block in ${ruleDocument}`);
  const rules = new Map();
  for (const raw of block[1].split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const match = /^([a-z0-9_]+)\s*->\s*(.*)$/.exec(line);
    if (!match) throw new Error(`layers: "${line}" is not "folder -> folder, folder"`);
    const [, folder, list] = match;
    if (rules.has(folder)) throw new Error(`layers: ${folder} is listed twice`);
    const allowed = new Set(list.split(',').map((s) => s.trim()).filter((s) => s !== ''));
    for (const lower of allowed) {
      if (!rules.has(lower)) {
        throw new Error(`layers: ${folder} names ${lower}, which is not listed above it`);
      }
    }
    rules.set(folder, allowed);
  }
  return rules;
}

function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(h|hpp|cpp|cc|inc)$/.test(entry.name)) out.push(path);
  }
  return out.sort();
}

// The repository-relative path an include names, or null when it is not the project's.
function includedPath(root, file, delimiter, name) {
  if (name.startsWith('core/')) return name;
  if (delimiter === '<') return null;
  return relative(root, resolve(dirname(file), name)).split(sep).join('/');
}

// The core folder of a repository-relative path: "catalog" for core/catalog/x.h; '' for a
// file directly in core/; null outside core/.
function coreFolder(path) {
  const parts = path.split('/');
  if (parts[0] !== 'core' || parts.length < 2) return null;
  return parts.length === 2 ? '' : parts[1];
}

// Every violation in the tree at `root`: [{file, line, include, message}] (file
// repository-relative, line 1-based; line 0 for a file that breaks the rules by its place).
export function checkLayering(root) {
  const rules = parseRules(readFileSync(join(root, ruleDocument), 'utf8'));
  const violations = [];
  let includes = 0;
  const files = sourceFiles(join(root, 'core'));
  for (const file of files) {
    const path = relative(root, file).split(sep).join('/');
    const from = coreFolder(path);
    if (!rules.has(from)) {
      const where = from === '' ? 'directly in core/' : `in core/${from}/, a folder the table does not list`;
      violations.push({ file: path, line: 0, include: '', message: `${path} is ${where}` });
      continue;
    }
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((text, index) => {
      const match = /^\s*#\s*include\s*([<"])([^>"]+)[>"]/.exec(text);
      if (!match) return;
      const target = includedPath(root, file, match[1], match[2]);
      if (target === null) return;
      ++includes;
      const to = coreFolder(target);
      let message = null;
      if (to === null) message = `${from} includes ${target}, outside core/`;
      else if (to === from) return;
      else if (to === '' || !rules.has(to)) message = `${from} includes ${target}, in a folder the table does not list`;
      else if (!rules.get(from).has(to)) message = `${from} may not include ${to} (${target})`;
      if (message) violations.push({ file: path, line: index + 1, include: match[2], message });
    });
  }
  return { rules, files: files.length, includes, violations };
}

function main() {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  let result;
  try {
    result = checkLayering(root);
  } catch (error) {
    console.error(`layering: ${error.message}`);
    process.exit(1);
  }
  const { files, includes, violations } = result;
  for (const v of violations) console.error(`${v.file}:${v.line}: ${v.message}`);
  if (violations.length > 0) {
    console.error(`layering: ${violations.length} violation(s) of the table in ${ruleDocument}`);
    process.exit(1);
  }
  console.log(`layering: ${includes} includes in ${files} files of core/ follow ${ruleDocument}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
