// The one adapter between the backend and the WebAssembly module (dist/): the catalog,
// instance and pool validation, the Laravel rendering of errors, and the facts the
// backend needs from connector definitions (which credentials are secret, how names
// compare). Nothing else in web/server imports the package.
import { load } from '../../dist/index.mjs';

/**
 * @param {{files: {file: string, definition: object}[]}} o  from catalog-loader.mjs
 */
export async function createValidation({ files }) {
  const m = await load();
  for (const fn of ['loadCatalog', 'validateInstance', 'validatePool', 'toLaravel']) {
    if (typeof m[fn] !== 'function') {
      throw new Error(`the WebAssembly package in dist/ has no ${fn}(): rebuild it (bash scripts/build.sh)`);
    }
  }
  const definitions = files.map((f) => f.definition);
  let pools = [];
  let poolsText = '[]';
  let catalog = m.loadCatalog(definitions, { pools });
  const problems = (catalog.problems ?? []).map((p) => ({
    file: typeof p.index === 'number' ? files[p.index]?.file : undefined,
    connectorId: p.connectorId,
    errors: p.errors ?? [p.message],
  }));

  const secretSets = new Map();
  const secretKeys = (connectorId, authMethodId) => {
    const cacheKey = `${connectorId}\u0000${authMethodId}`;
    let entry = secretSets.get(cacheKey);
    if (!entry) {
      const connector = catalog.connector(connectorId);
      const method = (connector?.authMethods ?? []).find((a) => a.id === authMethodId);
      const variables = method?.variables ?? method?.fields ?? [];
      const declared = variables.filter((v) => v.secret === true || v.type === 'secret').map((v) => v.key ?? v.name);
      const open = new Set(variables.filter((v) => !(v.secret === true || v.type === 'secret')).map((v) => v.key ?? v.name));
      // A credential the definition does not declare is treated as secret.
      entry = { declared, isSecret: (key) => !open.has(key) };
      secretSets.set(cacheKey, entry);
    }
    return entry;
  };

  const fieldError = (field, code, message, params = {}) => ({ field, code, message, params });

  return {
    problems,
    connectors: () => catalog.connectors(),
    connector: (id) => catalog.connector(id) ?? null,
    setPools(list) {
      pools = list.map(({ id, name, limit, timeout }) => ({ id, name, limit, timeout }));
      poolsText = JSON.stringify(pools);
      catalog = m.loadCatalog(definitions, { pools });
      secretSets.clear();
    },
    /** Rebuilds the catalog only when the pools differ (another process may have changed them). */
    usePools(list) {
      const next = JSON.stringify(list.map(({ id, name, limit, timeout }) => ({ id, name, limit, timeout })));
      if (next !== poolsText) this.setPools(list);
    },
    validateInstance: (instance, { existingNames }) => m.validateInstance(catalog, instance, { existingNames, now: Date.now() }),
    validatePool: (pool) => m.validatePool(pool),
    toLaravel: (errors) => m.toLaravel(errors),
    secretKeys,
    nameKey: (name) => name.normalize('NFC').trim().toLowerCase(),
    nameTakenError: () => fieldError('name', 'taken', 'The name has already been taken.'),
    poolMissingError: (poolId) => fieldError('poolId', 'unknown_pool', 'The selected pool does not exist.', { poolId }),
    connectorMismatchError: (connectorId) => fieldError('connectorId', 'mismatch', `The connector must be ${connectorId} for this URL.`, { connectorId }),
    poolIdTakenError: (id) => fieldError('id', 'taken', 'The id has already been taken.', { id }),
    poolIdChangedError: () => fieldError('id', 'immutable', 'The id of a pool cannot be changed.'),
  };
}
