// The OAuth 2 authorisation code flow in Chromium (Debian's, through playwright-core), against
// the real backend and oauth2-mock-server on 127.0.0.1: a signed-in browser starts "Connect"
// from the page's origin, is sent to the provider's authorise URL, comes back through
// /oauth/callback with the flow cookie, and lands on the page with the step complete; the
// instance saved from there has working, encrypted tokens. A second visit of the same
// callback URL is refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CLIENT_ID, CLIENT_SECRET, startConnectStack } from './helpers/connect-stack.mjs';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed`;

let stack;
let browser;

before(async () => {
  if (skip) return;
  stack = await startConnectStack();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  await stack?.stop();
  stack?.removeData();
});

/** fetch() inside the page: same origin, the session cookie and Origin set by the browser. */
function inPage(page, method, path, body) {
  return page.evaluate(async ([m, p, b]) => {
    const res = await fetch(p, {
      method: m, headers: b === undefined ? {} : { 'content-type': 'application/json' }, body: b === undefined ? undefined : JSON.stringify(b),
    });
    return { status: res.status, json: await res.json().catch(() => null) };
  }, [method, path, body]);
}

test('Connect in Chromium: authorise at the provider, back through the callback, save the instance', { skip }, async () => {
  const context = await browser.newContext({ baseURL: stack.server.url });
  const page = await context.newPage();
  await page.goto('/');
  const signIn = await inPage(page, 'POST', '/api/session', { token: stack.adminToken });
  assert.equal(signIn.status, 200);

  const credentials = { client_id: CLIENT_ID, client_secret: CLIENT_SECRET };
  const started = await inPage(page, 'POST', '/api/oauth/start', { connectorId: 'loop-oauth', authMethodId: 'web', credentials });
  assert.equal(started.status, 200, JSON.stringify(started.json));
  const { flowId, authorizeUrl } = started.json;
  assert.ok(!authorizeUrl.includes(CLIENT_SECRET), 'the client secret never reaches the browser');

  // the browser goes to the provider; it redirects to our callback, which redirects to the page
  const seen = [];
  let callbackUrl = null;
  page.on('request', (r) => {
    if (!r.isNavigationRequest()) return;
    const url = new URL(r.url());
    seen.push(url.pathname);
    if (url.pathname === '/oauth/callback') callbackUrl = url.href;
  });
  await page.goto(authorizeUrl);
  await page.waitForURL(`${stack.server.url}/#oauth=${flowId}`);
  assert.deepEqual(seen, ['/authorize', '/oauth/callback', '/']);

  const flow = await inPage(page, 'GET', `/api/oauth/flows/${flowId}`);
  assert.equal(flow.json.status, 'connected', JSON.stringify(flow.json));
  assert.equal(flow.json.result.status, 'ok');
  const cookies = await context.cookies();
  assert.ok(!cookies.some((c) => c.name.startsWith('cis_oauth_') && c.value), 'the flow cookie is cleared');

  const created = await inPage(page, 'POST', '/api/connectors/loop-oauth/instances', {
    name: 'Browser-connected', timeZone: 'UTC', dateFormat: 'Y-m-d H:i:s', rateLimit: { amount: 1, unit: 'second' },
    poolId: null, authMethodId: 'web', credentials, certificate: null,
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  assert.equal(created.json.connection.status, 'ok');
  const tested = await inPage(page, 'POST', `/api/connectors/loop-oauth/instances/${created.json.id}/connection-test`, {});
  assert.equal(tested.json.status, 'ok');

  // the provider's answer used a second time (back button, a copied link): refused
  const callback = stack.auth.tokenRequests.length;
  const again = await page.goto(callbackUrl);
  assert.equal(again.status(), 400);
  assert.match(await page.textContent('body'), /already used, has expired, or was not started here/);
  assert.equal(stack.auth.tokenRequests.length, callback, 'no second code exchange');
  await context.close();
});
