// Opens everything the server runs on (database, master key, admin token, catalog,
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
 * @param {{onDatabaseError?: (e: Error) => void}} [o]  PostgreSQL: a pooled connection failed while idle
 * @returns {Promise<{app, db, keyring, validation, adminToken: string|null, applied: number[], problems: object[]}>}
 *   `adminToken` is set only when this call created it (the first start).
 */
export async function openServer(config, { onDatabaseError } = {}) {
  const db = await openDatabase(config, { onError: onDatabaseError });
  try {
    const keyring = await new Keyring(db, keySourceFor(config)).open();
    const adminToken = await ensureAdminToken(db);
    const { files, problems } = await readCatalogFolder(config.catalogDir);
    const validation = await createValidation({ files });
    const app = await buildApp({ config, db, keyring, validation, readinessChecks: [storeCheck(db)] });
    return { app, db, keyring, validation, adminToken, applied: db.applied, problems: [...problems, ...validation.problems] };
  } catch (e) {
    await db.close();
    throw e;
  }
}
