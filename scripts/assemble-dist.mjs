// Assembles dist/ from the wasm build and the hand-written facade in wasm/js/.
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);
for (const f of ['connector.mjs', 'connector.wasm']) cpSync(join(root, 'build/wasm', f), join(dist, f));
for (const f of readdirSync(join(root, 'wasm/js'))) {
  if (/\.(mjs|cjs|d\.ts)$/.test(f)) cpSync(join(root, 'wasm/js', f), join(dist, f));
}
let raw = 0;
let gz = 0;
for (const f of readdirSync(dist)) {
  const data = readFileSync(join(dist, f));
  raw += statSync(join(dist, f)).size;
  gz += gzipSync(data, { level: 9 }).length;
}
console.log(`dist/: ${readdirSync(dist).length} files, ${raw} bytes, ${gz} bytes gzipped`);
