// `npm start`: opens the database (in the data directory, or DATABASE_URL), checks the
// master key, loads the catalog, serves.
// Prints the URL and, on the very first start only, the generated admin token.
import { loadConfig } from './config.mjs';
import { dataDirWarning } from './stores/db.mjs';
import { openServer } from './server.mjs';
import { drainAndClose } from './ops/shutdown.mjs';

function displayUrl(host, port) {
  const name = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

async function main() {
  const config = loadConfig();
  let log = null;
  const { app, db, keyring, validation, adminToken, applied, problems } = await openServer(config, {
    onDatabaseError: (e) => log?.error({ err: { type: e?.name, code: e?.code, message: e?.message } }, 'database connection lost'),
  });
  log = app.log;

  app.log.info({ database: db.engine }, db.engine === 'postgres' ? 'store: PostgreSQL (DATABASE_URL)' : 'store: SQLite in the data directory');
  if (applied.length) app.log.info({ migrations: applied }, 'database schema migrated');
  const looseDir = dataDirWarning(config.dataDir);
  if (looseDir) app.log.warn({ dataDir: config.dataDir }, looseDir);
  if (keyring.generated) app.log.warn({ file: keyring.source.path }, 'generated a new master key; back it up together with the database');
  for (const p of problems) {
    app.log.warn({ file: p.file, connectorId: p.connectorId, errors: p.errors }, 'connector definition skipped');
  }
  app.log.info({ connectors: validation.connectors().length, skipped: problems.length }, 'catalog loaded');
  app.log.info({ outboundNetworks: config.outboundNetworks.join(',') }, 'connection tests may reach these networks (OUTBOUND_NETWORKS)');

  let closing = false;
  const close = async (signal) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down: not ready, no new connections, running requests finish');
    try {
      await drainAndClose(app, config.shutdownTimeoutMs);
    } catch (error) {
      app.log.error({ err: { type: error.name, message: error.message } }, 'the stop failed');
      process.exitCode = 1;
    }
    await db.close();
    process.exit();
  };
  process.on('SIGTERM', close);
  process.on('SIGINT', close);

  await app.listen({ port: config.port, host: config.host });
  const { port } = app.server.address();
  // One write: whoever waits for the URL line gets the token with it.
  process.stdout.write(`Listening on ${displayUrl(config.host, port)}\n${adminToken
    ? `Admin token (shown only this once; only its hash is stored): ${adminToken}\n`
      + 'Enter it on the page to sign in, or send it as "Authorization: Bearer <token>".\n'
      + 'Lost it? node web/server/cli.mjs reset-admin-token\n'
    : ''}`);
}

main().catch((error) => {
  process.stderr.write(`Startup error: ${error.message}\n`);
  process.exit(1);
});
