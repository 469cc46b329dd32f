// A PendingStore on a real SQLite database in a temporary folder, with its own master key,
// for the suites that drive AuthorizationFlows directly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../../web/server/config.mjs';
import { openDatabase } from '../../../web/server/stores/db.mjs';
import { Keyring, envKeySource } from '../../../web/server/security/keyring.mjs';
import { PendingStore } from '../../../web/server/stores/pending-store.mjs';

/**
 * @param {{now?: () => number}} [o]  the store's clock (the flows use it too)
 * @returns {Promise<{pending: PendingStore, db: object, close: () => Promise<void>}>}
 */
export async function openPendingStore({ now = Date.now } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ci-pending-'));
  const db = await openDatabase(loadConfig({ DATA_DIR: dir }));
  const keyring = await new Keyring(db, envKeySource(randomBytes(32).toString('base64'))).open();
  return {
    pending: new PendingStore(db, keyring, { now }),
    db,
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
