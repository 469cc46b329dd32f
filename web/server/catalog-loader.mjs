// Reads the connector definition files of the catalog folder (*.json, one definition per
// file). A file that cannot be read or parsed is reported and skipped; the definitions are
// then checked by the WebAssembly module (validation.mjs), which reports and skips the
// invalid ones. Nothing here is fatal except a missing folder.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** @returns {Promise<{files: {file: string, definition: object}[], problems: {file: string, errors: string[]}[]}>} */
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
    let text;
    try {
      text = await readFile(join(dir, file), 'utf8');
    } catch (e) {
      problems.push({ file, errors: [`cannot be read: ${e.code || e.message}`] });
      continue;
    }
    try {
      files.push({ file, definition: JSON.parse(text) });
    } catch (e) {
      problems.push({ file, errors: [`is not valid JSON: ${e.message}`] });
    }
  }
  return { files, problems };
}
