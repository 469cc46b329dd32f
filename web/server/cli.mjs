// Operator commands, run next to (or instead of) the server, with the same environment
// (DATA_DIR, DATABASE_URL, MASTER_KEY). Safe while the server runs: SQLite WAL lets both use
// the file, and PostgreSQL serves any number of clients.
//
//   node web/server/cli.mjs rotate-key [--keep-old]   new master key, every secret re-encrypted
//   node web/server/cli.mjs compact                   VACUUM + empty the WAL (deleted data gone)
//   node web/server/cli.mjs reset-admin-token         new admin token, ends its sessions
//   node web/server/cli.mjs create-token <name> [--proxy [--connector <id>]...]
//                                                     an extra API token (e.g. for CI); --proxy:
//                                                     one that may only use the request gateway
//   node web/server/cli.mjs revoke-token <name>
//   node web/server/cli.mjs list-tokens
import { loadConfig } from './config.mjs';
import { dataDirWarning, openDatabase } from './stores/db.mjs';
import { Keyring, keySourceFor } from './security/keyring.mjs';
import { rotateMasterKey } from './security/rotation.mjs';
import { SEALED_TABLES } from './stores/sealed-tables.mjs';
import { ADMIN_TOKEN_NAME, TOKEN_SCOPE, createToken, listTokens, resetToken, revokeToken } from './security/auth.mjs';
import { recordAudit } from './stores/audit.mjs';

const USAGE = `usage: node web/server/cli.mjs <command>
  rotate-key [--keep-old]   generate a new master key (or take the first of MASTER_KEY="new,old"),
                            re-encrypt every secret under a new data key wrapped by it, retire
                            the old key, then compact the database
  compact                   rewrite the database without deleted data (VACUUM) and empty the WAL
  reset-admin-token         print a new admin token; the old one and its sessions stop working
  create-token <name> [--proxy [--connector <id>]...]
                            print a new API token called <name>; with --proxy it may only use the
                            request gateway (and read instances' usage), with --connector only
                            for instances of those connectors
  revoke-token <name>       revoke the token <name> and its sessions
  list-tokens               names of the API tokens (never the tokens)`;

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

const NOT_COMPACTED = 'error: the database stayed busy (a long read by another process) and was not compacted:'
  + ' until it is, its files may still hold deleted data, values sealed under a retired master key included.'
  + ' Run: node web/server/cli.mjs compact';

async function main(argv) {
  const [command, ...args] = argv;
  if (!command || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  const db = await openDatabase(config);
  const warning = dataDirWarning(config.dataDir);
  if (warning) console.error(`warning: ${warning}`);
  const audit = (action, subjectId) => recordAudit(db, {
    actor: 'operator', via: 'cli', action, subjectType: 'api_token', subjectId, outcome: 'succeeded',
  });
  try {
    switch (command) {
      case 'rotate-key': {
        const unknown = args.filter((a) => a !== '--keep-old');
        if (unknown.length) throw new Error(`rotate-key: unknown option ${unknown[0]}`);
        const result = await rotateMasterKey({
          db, source: keySourceFor(config), keepOld: args.includes('--keep-old'), progress: (line) => console.log(line),
        });
        const parts = SEALED_TABLES.map((sealed) => `${result.resealed[sealed.name]} ${sealed.label}`);
        const counts = `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
        console.log(`Master key rotated to version ${result.version}: ${counts} re-encrypted under new data keys`
          + `${result.retiredVersions.length ? `, version ${result.retiredVersions.join(', ')} retired` : ''}`
          + `${result.pruned ? `, ${result.pruned} old key(s) removed from master.key` : ''}`
          + `${result.compacted ? ', database compacted' : ''}.`);
        if (config.masterKeyEnv) console.log('Restart the server with MASTER_KEY set to the new key alone.');
        if (!result.compacted) {
          console.error(NOT_COMPACTED);
          return 1;
        }
        return 0;
      }
      case 'compact': {
        const { compacted } = await db.compact();
        if (!compacted) {
          console.error(NOT_COMPACTED);
          return 1;
        }
        console.log(db.engine === 'postgres'
          ? 'Tables holding sealed values and request HMACs rewritten (VACUUM FULL).'
          : 'Database compacted: no free pages, WAL emptied.');
        return 0;
      }
      case 'reset-admin-token': {
        await new Keyring(db, keySourceFor(config)).open(); // refuse to touch a database with the wrong key
        const token = await resetToken(db, ADMIN_TOKEN_NAME);
        await audit('token.reset', ADMIN_TOKEN_NAME);
        console.log(`New admin token (shown only this once): ${token}`);
        return 0;
      }
      case 'create-token': {
        const [name, ...options] = args;
        if (!name || !NAME.test(name)) throw new Error('create-token: give a name of letters, digits, "_", "." or "-"');
        let scope = TOKEN_SCOPE.ALL;
        const connectors = [];
        for (let i = 0; i < options.length; i += 1) {
          if (options[i] === '--proxy') scope = TOKEN_SCOPE.PROXY;
          else if (options[i] === '--connector' && NAME.test(options[i + 1] ?? '')) connectors.push(options[++i]);
          else throw new Error(`create-token: unknown option ${options[i]}`);
        }
        if (connectors.length && scope !== TOKEN_SCOPE.PROXY) throw new Error('create-token: --connector applies to --proxy tokens');
        if ((await listTokens(db)).some((t) => t.name === name)) throw new Error(`create-token: a token called ${name} exists (revoke it or reset-admin-token)`);
        const token = await createToken(db, name, { scope, connectors: connectors.length ? connectors : null });
        await audit('token.created', name);
        console.log(`Token ${name}${scope === TOKEN_SCOPE.PROXY ? ` (gateway only${connectors.length ? `, connectors ${connectors.join(', ')}` : ''})` : ''} (shown only this once): ${token}`);
        return 0;
      }
      case 'revoke-token': {
        const name = args[0];
        if (!name) throw new Error('revoke-token: give the token name');
        if (!(await revokeToken(db, name))) throw new Error(`revoke-token: no active token called ${name}`);
        await audit('token.revoked', name);
        console.log(`Token ${name} revoked.`);
        return 0;
      }
      case 'list-tokens':
        for (const t of await listTokens(db)) {
          const scope = t.scope === TOKEN_SCOPE.PROXY ? `proxy${t.connectors ? `:${t.connectors.join(',')}` : ''}` : t.scope;
          console.log(`${t.name}\t${scope}\tcreated ${new Date(t.createdAt).toISOString()}${t.revokedAt ? `\trevoked ${new Date(t.revokedAt).toISOString()}` : ''}`);
        }
        return 0;
      default:
        console.error(USAGE);
        return 2;
    }
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
}, (error) => {
  console.error(`error: ${error.message}`);
  process.exitCode = 1;
});
