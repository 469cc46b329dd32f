// Master keys: where they come from (MASTER_KEY or DATA_DIR/master.key), which version of
// this database each one is, and which one new writes use.
//
// A key's version is found through its fingerprint (crypto.keyFingerprint) stored in the
// `master_keys` table, so a wrong key is recognised at start, before it produces garbage.
// Sources list keys newest first; the newest key that the database does not know yet is
// registered as the next version (that is how rotation introduces a key).
import { randomBytes } from 'node:crypto';
import {
  closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync, chmodSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { KEY_BYTES, keyFingerprint } from './crypto.mjs';
import { SEALED_TABLES, versionsUsed } from '../stores/sealed-tables.mjs';

export const KEY_FILE = 'master.key';

/** A startup or rotation problem with the master key; the message says what to do. */
export class KeyError extends Error {
  constructor(message) {
    super(message);
    this.name = 'KeyError';
  }
}

/** Parses keys written one per line (or comma-separated), newest first; '#' starts a comment. */
export function parseKeys(text, where) {
  const keys = [];
  const items = text.split('\n').flatMap((line) => line.replace(/#.*$/, '').split(',')).map((s) => s.trim()).filter(Boolean);
  for (const [index, item] of items.entries()) {
    const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(item) ? Buffer.from(item, 'base64') : null;
    if (!key || key.length !== KEY_BYTES) {
      throw new KeyError(`${where}: entry ${index + 1} is not a base64-encoded ${KEY_BYTES}-byte key`
        + ` (generate one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64'))")`);
    }
    keys.push(key);
  }
  return keys;
}

function formatKeyFile(keys) {
  return '# connector-instances master keys, newest first (base64, 32 bytes each).\n'
    + '# Keep this file secret and back it up with the database: without it the secrets are lost.\n'
    + keys.map((k) => `${k.toString('base64')}\n`).join('');
}

function fsyncDir(dir) {
  const fd = openSync(dir, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}

function writeTemp(path, text) {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(tmp, 0o600);
  return tmp;
}

/** Keys from the MASTER_KEY variable: read-only, fixed for the life of the process. */
export function envKeySource(value) {
  const keys = parseKeys(value, 'MASTER_KEY');
  if (keys.length === 0) throw new KeyError('MASTER_KEY is set but holds no key');
  return { kind: 'env', describe: 'the MASTER_KEY environment variable', load: () => keys, writable: false };
}

/** Keys from DATA_DIR/master.key (mode 0600), generated on first start. */
export function fileKeySource(dataDir) {
  const path = join(dataDir, KEY_FILE);
  return {
    kind: 'file',
    path,
    describe: path,
    writable: true,
    exists() {
      try {
        statSync(path);
        return true;
      } catch (e) {
        if (e.code === 'ENOENT') return false;
        throw e;
      }
    },
    load() {
      let st;
      try {
        st = statSync(path);
      } catch (e) {
        if (e.code === 'ENOENT') throw new KeyError(`the master key file ${path} does not exist`);
        throw e;
      }
      if ((st.mode & 0o077) !== 0) {
        throw new KeyError(`the master key file ${path} is readable by other users (mode ${(st.mode & 0o777).toString(8)}); run: chmod 600 ${path}`);
      }
      const keys = parseKeys(readFileSync(path, 'utf8'), path);
      if (keys.length === 0) throw new KeyError(`the master key file ${path} holds no key`);
      return keys;
    },
    /** Creates the file with one new key unless it exists (safe against a racing process). */
    generate() {
      const tmp = writeTemp(path, formatKeyFile([randomBytes(KEY_BYTES)]));
      try {
        linkSync(tmp, path); // fails with EEXIST if another process won: then use its key
        fsyncDir(dirname(path));
        return true;
      } catch (e) {
        if (e.code !== 'EEXIST') throw e;
        return false;
      } finally {
        unlinkSync(tmp);
      }
    },
    /** Atomically replaces the file's keys (newest first). */
    write(keys) {
      const tmp = writeTemp(path, formatKeyFile(keys));
      renameSync(tmp, path);
      fsyncDir(dirname(path));
    },
  };
}

export function keySourceFor(config) {
  return config.masterKeyEnv ? envKeySource(config.masterKeyEnv) : fileKeySource(config.dataDir);
}

/**
 * The keys this process holds, by version. `open()` checks them against the database;
 * afterwards `forWrite()` (inside a write transaction) and `get(version)` serve the
 * encryption code, re-reading the source when the database names a version not held yet
 * (a rotation run by `cli.mjs rotate-key` while the server runs).
 */
export class Keyring {
  constructor(db, source) {
    this.db = db;
    this.source = source;
    this.byVersion = new Map();
    this.generated = false;
  }

  #rows() {
    return this.db.all('SELECT version, fingerprint, retired_at AS "retiredAt" FROM master_keys ORDER BY version');
  }

  /** Startup: load, match, register, and check that a key is held for every version in use. */
  async open() {
    const hasKeys = (await this.#rows()).length > 0;
    if (this.source.kind === 'file' && !this.source.exists()) {
      if (hasKeys) {
        throw new KeyError(`no master key: ${this.source.path} is missing but the database holds data encrypted`
          + ' with a master key. Restore master.key from your backup or set MASTER_KEY.');
      }
      this.generated = this.source.generate();
    }
    await this.match(this.source.load(), { register: true });
    for (const sealed of SEALED_TABLES) {
      const missing = (await versionsUsed(this.db, sealed)).filter((v) => !this.byVersion.has(v));
      if (missing.length) {
        throw new KeyError(`${sealed.table} are encrypted under master key version ${missing.join(', ')}, which ${this.source.describe}`
          + ' does not hold. Provide that key (MASTER_KEY accepts "newest,older" during a rotation).');
      }
    }
    return this;
  }

  /** Maps loaded keys to versions; with register, the newest unknown key becomes a version. */
  async match(keys, { register }) {
    const prints = keys.map(keyFingerprint);
    const found = new Map();
    const lookUp = async () => {
      found.clear();
      const rows = await this.#rows();
      for (const row of rows) found.set(row.fingerprint, row);
      return rows;
    };
    let rows = await lookUp();
    if (register && !found.has(prints[0])) {
      const knownOther = prints.slice(1).some((p) => found.has(p));
      if (rows.length > 0 && !knownOther) {
        throw new KeyError(`wrong master key: the key from ${this.source.describe} is not the one this database was encrypted with.`
          + ' Set MASTER_KEY to the right key or restore the right master.key.');
      }
      // several processes may register at once (nodes starting together on one database)
      await this.db.transaction(async () => {
        await this.db.lockKey('master-keys');
        if (await this.db.get('SELECT 1 AS found FROM master_keys WHERE fingerprint = ?', [prints[0]])) return;
        const first = (await this.db.get('SELECT count(*) AS n FROM master_keys')).n === 0;
        // another process registered a different key first: the check below refuses this one
        if (!first && !prints.slice(1).some((p) => found.has(p))) return;
        await this.db.run('INSERT INTO master_keys (version, fingerprint, created_at) VALUES ((SELECT coalesce(max(version), 0) + 1 FROM master_keys), ?, ?)',
          [prints[0], Date.now()]);
      });
      rows = await lookUp();
    }
    const newest = found.get(prints[0]);
    if (register && newest && newest.retiredAt !== null) {
      throw new KeyError(`the master key from ${this.source.describe} is version ${newest.version}, retired by a key rotation;`
        + ' use the current key.');
    }
    if (register && !newest) {
      throw new KeyError(`wrong master key: the key from ${this.source.describe} does not match this database.`);
    }
    keys.forEach((key, i) => {
      const row = found.get(prints[i]);
      if (row) this.byVersion.set(row.version, key);
    });
  }

  async reload() {
    try {
      await this.match(this.source.load(), { register: false });
    } catch (e) {
      if (!(e instanceof KeyError)) throw e;
    }
  }

  /** The key of `version`, or a KeyError. */
  async get(version) {
    if (!this.byVersion.has(version)) await this.reload();
    const key = this.byVersion.get(version);
    if (!key) throw new KeyError(`master key version ${version} is not available to this process`);
    return { version, key };
  }

  /**
   * The newest version this process holds; call inside the write transaction that uses it.
   * The newest version's row stays share-locked until that transaction ends (PostgreSQL), so
   * a rotation's final check (rotation.mjs) waits for writes that chose their version before it.
   */
  async forWrite() {
    const newest = (await this.db.get(`SELECT version FROM master_keys ORDER BY version DESC LIMIT 1${this.db.forShare}`))?.version;
    if (!this.byVersion.has(newest)) await this.reload();
    if (this.byVersion.has(newest)) return this.get(newest);
    // MASTER_KEY deployments learn a new key only at restart: keep writing with the newest
    // one held; `rotate-key` re-encrypts such rows, and the start check names a missing key.
    const held = Math.max(...this.byVersion.keys());
    if (this.db.forShare) await this.db.get(`SELECT version FROM master_keys WHERE version = ?${this.db.forShare}`, [held]);
    return this.get(held);
  }

  /** Versions held, for the rotation report. */
  versions() {
    return [...this.byVersion.keys()].sort((a, b) => a - b);
  }
}
