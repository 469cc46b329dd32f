// Browser test harness for the page: the real server (tests/node/server-harness.mjs) on a
// loopback port with a temporary data directory, driven by Debian's Chromium through
// playwright-core. Screenshots go to artifacts/screenshots/ (gitignored).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, startServer } from './server-harness.mjs';

/** A temporary directory removed after the test (or suite) `t`. */
function tempDir(t, prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'artifacts', 'screenshots');
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 360, height: 740 };
/** The sizes the page is reviewed at (screenshots of the manage page, the pools and their dialogs). */
export const REVIEW_DESKTOP = { width: 1280, height: 800 };
export const REVIEW_PHONE = { width: 390, height: 844 };

/** Why the browser suites cannot run here, or null when they can. */
export function skipReason() {
  let missing = null;
  if (!existsSync(CHROMIUM)) missing = `${CHROMIUM} is not installed (scripts/bootstrap.sh installs it)`;
  else if (!existsSync(join(ROOT, 'dist', 'index.mjs'))) missing = 'dist/ is not built (bash scripts/build.sh)';
  if (!missing) return null;
  // npm test installs and builds both: a missing one is a broken setup, not a reason to pass
  if (process.env.SKIP_BROWSER_TESTS) return missing;
  throw new Error(`${missing}; set SKIP_BROWSER_TESTS=1 to skip the browser suites on purpose`);
}

/** Debian's Chromium, headless, with a fresh profile (playwright's default: a temporary user-data-dir). */
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Starts the server and Chromium for the suite `t` (both stopped after it).
 * @returns {Promise<{url: string, adminToken: string, dataDir: string, server: object, browser: import('playwright-core').Browser}>}
 */
export async function startStack(t) {
  const dataDir = tempDir(t, 'ci-page-');
  const server = await startServer({ dataDir, env: { LOG_LEVEL: 'warn' } });
  t.after(() => server.stop());
  const browser = await launchChromium();
  t.after(() => browser.close());
  return { url: server.url, adminToken: server.adminToken, dataDir, server, browser };
}

/**
 * A new browser context and page, signed in with the admin token through the login form.
 * Every console error, page error and CSP violation is collected in `page.problems`.
 */
export async function signedInPage(stack, { viewport = DESKTOP } = {}) {
  const context = await stack.browser.newContext({ viewport, baseURL: stack.url });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // the browser logs every 4xx answer (401 before sign-in, 422 the tests provoke); the
    // page handles those. Script errors and CSP violations are problems.
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) return;
    page.problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => { page.problems.push(`dialog opened: ${d.message()}`); d.dismiss(); });
  // the API calls made, for a failure's message: "METHOD path status", or "pending"
  page.apiCalls = [];
  const callOf = new Map();
  page.on('request', (r) => {
    const { pathname } = new URL(r.url());
    if (!pathname.startsWith('/api/')) return;
    const call = { what: `${r.method()} ${pathname}`, status: 'pending' };
    callOf.set(r, call);
    page.apiCalls.push(call);
  });
  page.on('requestfinished', async (r) => {
    const call = callOf.get(r);
    if (call) call.status = String((await r.response().catch(() => null))?.status() ?? 'no answer');
  });
  page.on('requestfailed', (r) => {
    const call = callOf.get(r);
    if (call) call.status = `failed: ${r.failure()?.errorText}`;
  });
  await page.goto('/');
  await page.getByLabel('Access token').fill(stack.adminToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Connectors', level: 2 }).waitFor();
  return page;
}

/**
 * Saves a screenshot as artifacts/screenshots/<name>.png: the whole page, or only the
 * viewport (for modal dialogs, whose backdrop covers the viewport only).
 */
export async function screenshot(page, name, { fullPage = true } = {}) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}

/**
 * A self-signed certificate and its private key made by the openssl CLI: the key
 * encrypted with `passphrase` in PEM, and the same pair as a PKCS#12 file.
 * @returns {{certPem: string, keyPem: string, p12: string, dir: string}} file paths
 */
export function makeCertificate(t, { passphrase, days = 365, cn = 'page-test.example' }) {
  const dir = tempDir(t, 'ci-cert-');
  const certPem = join(dir, 'client.crt');
  const keyPem = join(dir, 'client.key');
  const p12 = join(dir, 'client.p12');
  const run = (args) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  run(['req', '-x509', '-newkey', 'rsa:2048', '-sha256', '-days', String(days), '-subj', `/CN=${cn}`,
    '-keyout', keyPem, '-out', certPem, '-passout', `pass:${passphrase}`]);
  run(['pkcs12', '-export', '-in', certPem, '-inkey', keyPem, '-passin', `pass:${passphrase}`,
    '-out', p12, '-passout', `pass:${passphrase}`]);
  return { certPem, keyPem, p12, dir };
}

/**
 * A certificate that expired in 2021 (openssl ca, which can set the validity dates) and
 * its unencrypted key, as one PEM file.
 */
export function makeExpiredCertificate(t) {
  const dir = tempDir(t, 'ci-cert-expired-');
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '01\n');
  writeFileSync(join(dir, 'ca.cnf'), [
    '[ ca ]', 'default_ca = d', '[ d ]', `dir = ${dir}`, 'database = $dir/index.txt', 'new_certs_dir = $dir',
    'serial = $dir/serial', 'default_md = sha256', 'policy = p', '[ p ]', 'commonName = supplied', '',
  ].join('\n'));
  const run = (args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  run(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'expired.key', '-out', 'expired.csr', '-subj', '/CN=expired.example']);
  run(['ca', '-batch', '-config', 'ca.cnf', '-selfsign', '-keyfile', 'expired.key', '-in', 'expired.csr', '-out', 'expired.crt',
    '-startdate', '20200101000000Z', '-enddate', '20210101000000Z', '-notext']);
  return { certPem: join(dir, 'expired.crt'), keyPem: join(dir, 'expired.key'), dir };
}
