// The store's readiness check (ops/readiness.mjs): the database answers a read and its schema
// is at least the newest migration this code knows. A newer schema is ready: during a rolling
// deploy the first node of the new version migrates the shared database while the others
// still serve, which is why a migration must leave the previous version working (the ones so
// far only add tables and columns; docs/deploy.md).
import { NotReady } from '../ops/readiness.mjs';
import { latestMigration } from './db.mjs';

/** @param {object} db  stores/db.mjs (SQLite or PostgreSQL) */
export function storeCheck(db) {
  const latest = latestMigration(db);
  return {
    name: 'store',
    check: async () => {
      let version;
      try {
        version = await db.schemaVersion();
      } catch {
        throw new NotReady('store_unavailable');
      }
      if (version < latest) throw new NotReady('migrations_behind');
    },
  };
}
