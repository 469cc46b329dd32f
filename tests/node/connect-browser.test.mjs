// The OAuth 2 authorisation code flow in Chromium (Debian's, through playwright-core), against
// the real backend and oauth2-mock-server on 127.0.0.1: a signed-in browser starts "Connect"
// from the page's origin, is sent to the provider's authorise URL, comes back through
// /oauth/callback with the flow cookie, and lands on the page with the step complete; the
// instance saved from there has working, encrypted tokens. A second visit of the same
// callback URL is refused. Then the same through the page's own controls: the wizard's
// "Test connection" (fix and retry, or save anyway) and "Connect", up to the manage page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BAD_TOKEN, CLIENT_ID, CLIENT_SECRET, GOOD_TOKEN, startConnectStack } from './helpers/connect-stack.mjs';
import { launchChromium, signedInPage, skipReason } from './page-harness.mjs';
import { assertAccessible, assertNoProblems, fillField, next, openAdvanced, waitForStep } from './page-driver.mjs';

const skip = skipReason() || false;  // throws when Chromium is missing, unless SKIP_BROWSER_TESTS is set

let stack;
let browser;

before(async () => {
  if (skip) return;
  stack = await startConnectStack();
  browser = await launchChromium();
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

/** The page of the wizard for `connectorName`, at its credentials step (auth method `method`). */
async function wizardAtCredentials(page, connectorName, name, method) {
  await page.getByRole('link', { name: `Add new instance for ${connectorName}` }).click();
  await waitForStep(page, 'Name');
  await fillField(page, 'name', name);
  await next(page, 'Settings');
  if (method) {
    await next(page, 'Authentication type');
    await fillField(page, 'authMethodId', method);
  }
  await next(page, 'Credentials');
  await openAdvanced(page);
}

/** Review and create; back on the manage page, the card of `name`. */
async function finish(page, name) {
  await next(page, 'Review');
  await page.locator('.wizard-actions button.next').click();
  await page.getByRole('heading', { name: 'Connectors', level: 2 }).waitFor();
  const card = page.locator('article.instance', { has: page.locator('.instance-name', { hasText: name }) });
  await card.waitFor();
  return card;
}

const pageStack = () => ({ browser, url: stack.server.url, adminToken: stack.adminToken });

test('wizard "Test connection": the failure at the fields, fixed and retried; saved with its result', { skip }, async () => {
  const page = await signedInPage(pageStack());
  await wizardAtCredentials(page, 'Loop token', 'Tested in the wizard');
  await fillField(page, 'credentials.access_token', BAD_TOKEN);
  const button = page.getByRole('button', { name: 'Test connection' });
  const result = page.locator('#connection-result');
  await button.click();
  await page.locator('#connection-result.failed').waitFor();
  // said through the page's polite live region
  await page.locator('#status-region').filter({ hasText: /Connection test failed: .*401/ }).waitFor();
  assert.match(await result.textContent(), /401/);
  assert.match(await result.textContent(), /try again/);
  await assertAccessible(page, 'wizard, Credentials step with a failed connection test (401)');
  // fixed and retried
  await fillField(page, 'credentials.access_token', GOOD_TOKEN);
  assert.equal((await result.textContent()).trim(), '', 'a result about other values is not shown');
  await button.click();
  await page.locator('#connection-result.ok').waitFor();
  assert.match(await result.textContent(), /Connection test passed/);
  await assertAccessible(page, 'wizard, Credentials step with a passed connection test');
  const card = await finish(page, 'Tested in the wizard');
  await card.locator('.test-result.test-passed').waitFor();

  // a failed test does not stop the save; the instance records the failure
  await wizardAtCredentials(page, 'Loop token', 'Saved anyway');
  await fillField(page, 'credentials.access_token', BAD_TOKEN);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.locator('#connection-result.failed').waitFor();
  const failed = await finish(page, 'Saved anyway');
  await failed.locator('.test-result.test-failed .test-message').filter({ hasText: '401' }).waitFor();
  assertNoProblems(page);
  await page.context().close();
});

test('wizard "Connect": through the provider and back into the wizard, then saved with its tokens', { skip }, async () => {
  const page = await signedInPage(pageStack());
  await wizardAtCredentials(page, 'Loop OAuth', 'Connected from the wizard', 'Authorization code');
  await fillField(page, 'credentials.client_id', CLIENT_ID);
  await fillField(page, 'credentials.client_secret', CLIENT_SECRET);
  const seen = [];
  page.on('request', (r) => { if (r.isNavigationRequest()) seen.push(new URL(r.url()).pathname); });
  // the provider redirects to the callback, which sends the browser to /#oauth=<flowId>; the
  // page then shows that wizard again at its own URL
  const back = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() && f.url().includes('/#oauth=') });
  await page.getByRole('button', { name: 'Connect' }).click();
  await back;
  await page.waitForURL(`${stack.server.url}/#/add/loop-oauth`);
  assert.deepEqual(seen.slice(0, 3), ['/authorize', '/oauth/callback', '/']);
  await waitForStep(page, 'Credentials');
  await page.locator('#connection-result.ok').filter({ hasText: 'Access granted' }).waitFor();
  await assertAccessible(page, 'wizard, Credentials step back from the provider (OAuth 2)');
  assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'the secrets kept for the round trip are gone');
  const card = await finish(page, 'Connected from the wizard');
  await card.locator('.test-result.test-passed').waitFor();

  // the saved instance holds the tokens: testing it from the manage page passes
  const tokenRequests = stack.auth.tokenRequests.length;
  await card.getByRole('button', { name: 'Test connection' }).click();
  await page.locator('#status-region').filter({ hasText: 'Connection test passed' }).waitFor();
  const id = await card.getAttribute('data-instance-id');
  const read = await stack.api.get(`/api/connectors/loop-oauth/instances/${id}`);
  assert.equal(read.json.connection.status, 'ok');
  assert.equal(stack.auth.tokenRequests.length, tokenRequests, 'the stored token was used, no new authorisation');
  assertNoProblems(page);
  await page.context().close();
});

test('manage page "Connect": a saved instance authorised again, back on the manage page with the outcome', { skip }, async () => {
  const page = await signedInPage(pageStack());
  const card = page.locator('article.instance', { has: page.locator('.instance-name', { hasText: 'Connected from the wizard' }) });
  await card.waitFor();
  const id = await card.getAttribute('data-instance-id');
  // only OAuth 2 authorisation code instances offer it
  const tokenCard = page.locator('article.instance', { has: page.locator('.instance-name', { hasText: 'Tested in the wizard' }) });
  assert.equal(await tokenCard.getByRole('button', { name: 'Connect', exact: true }).count(), 0);

  const tokenRequests = stack.auth.tokenRequests.length;
  const seen = [];
  page.on('request', (r) => { if (r.isNavigationRequest()) seen.push(new URL(r.url()).pathname); });
  const back = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() && f.url().includes('/#oauth=') });
  await card.getByRole('button', { name: 'Connect', exact: true }).click();
  await back;
  await page.waitForURL(`${stack.server.url}/#/`);
  assert.deepEqual(seen.slice(0, 3), ['/authorize', '/oauth/callback', '/']);
  await page.locator('#status-region').filter({ hasText: 'Connected from the wizard: access granted. Connection test passed.' }).waitFor();
  // the instance's heading has the focus; its card shows the test the backend ran after it
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.textContent), 'Connected from the wizard');
  await page.locator(`article.instance[data-instance-id="${id}"] .test-result.test-passed`).waitFor();
  await assertAccessible(page, 'manage page back from the provider, with a passed connection test');
  assert.equal(stack.auth.tokenRequests.length, tokenRequests + 1, 'one code exchange for the new authorisation');
  assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'nothing is kept after the return');
  const read = await stack.api.get(`/api/connectors/loop-oauth/instances/${id}`);
  assert.equal(read.json.connection.status, 'ok');
  assertNoProblems(page);
  await page.context().close();
});
