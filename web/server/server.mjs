// Opens everything the server runs on (data directory, master key, admin token, catalog,
// WebAssembly validation) and assembles the application. main.mjs listens with it; tests
// that need the application object in their own process (the route table) use it too.
import { openDatabase } from './stores/db.mjs';
import { Keyring, keySourceFor } from './security/keyring.mjs';
import { ensureAdminToken } from './security/auth.mjs';
import { readCatalogFolder } from './catalog-loader.mjs';
import { createValidation } from './package-adapter.mjs';
import { buildApp } from './app.mjs';
import { storeCheck } from './stores/readiness.mjs';

/**
 * @param {object} config  config.mjs
 * @returns {Promise<{app, db, keyring, validation, adminToken: string|null, applied: number[], problems: object[]}>}
 *   `adminToken` is set only when this call created it (the first start).
 */
export async function openServer(config) {
  const { db, applied } = openDatabase(config.dataDir, { synchronous: config.sqliteSynchronous });
  try {
    const keyring = new Keyring(db, keySourceFor(config)).open();
    const adminToken = ensureAdminToken(db);
    const { files, problems } = await readCatalogFolder(config.catalogDir);
    const validation = await createValidation({ files });
    const app = await buildApp({ config, db, keyring, validation, readinessChecks: [storeCheck(db)] });
    return { app, db, keyring, validation, adminToken, applied, problems: [...problems, ...validation.problems] };
  } catch (e) {
    db.close();
    throw e;
  }
}
