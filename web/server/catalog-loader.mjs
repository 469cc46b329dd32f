// Reads the connector definition files of the catalog folder (*.json, one definition per
// file) as text: the WebAssembly module parses them itself (it also catches duplicate
// keys, which JSON.parse would silently merge) and reports each invalid one, which is then
// skipped (package-adapter.mjs). A file that cannot be read is reported here. Only a missing
// folder is fatal.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** @returns {Promise<{files: {file: string, text: string}[], problems: {file: string, errors: string[]}[]}>} */
export async function readCatalogFolder(dir) {
  let names;
  try {
    names = (await readdir(dir)).filter((f) => f.endsWith('.json') && !f.startsWith('.')).sort();
  } catch (e) {
    throw new Error(`cannot read the catalog folder ${dir}: ${e.code || e.message} (set CATALOG_DIR)`);
  }
  const files = [];
  const problems = [];
  for (const file of names) {
    try {
      files.push({ file, text: await readFile(join(dir, file), 'utf8') });
    } catch (e) {
      problems.push({ file, errors: [`cannot be read: ${e.code || e.message}`] });
    }
  }
  return { files, problems };
}
