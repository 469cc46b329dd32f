// The manage page in a real browser against the real server: sign-in, user text shown as
// text, the settings dialog (settings and authentication tabs, stored secrets kept),
// deletion after typing "confirm", keyboard-only use, and axe-core on every view.
import test from 'node:test';
import assert from 'node:assert/strict';
import { client } from './server-harness.mjs';
import { startStack, signedInPage, screenshot, skipReason, DESKTOP, PHONE } from './page-harness.mjs';
import {
  fillField, next, waitForStep, idOf, fieldError, assertNoProblems, assertAccessible,
  tabTo as tabToOf, focusedId as focusedIdOf, hex, shopifyInstance,
} from './page-driver.mjs';

const XSS = '<img src=x onerror=alert(1)>';

const skip = skipReason();

test('page: managing instances', { skip: skip || false, timeout: 120_000 }, async (t) => {
  const stack = await startStack(t);
  const api = client(stack.url, stack.adminToken);

  await t.test('a wrong token is refused at the field; the right one signs in', async () => {
    const context = await stack.browser.newContext({ viewport: DESKTOP, baseURL: stack.url });
    const page = await context.newPage();
    const fetched = [];
    const warnings = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
    await page.goto('/');
    await page.getByLabel('Access token').waitFor();
    // index.html's preloads are what the page and the package then use: each file once
    for (const file of ['/pkg/index.mjs', '/pkg/connector.wasm', '/app/wizard-view.mjs']) {
      assert.equal(fetched.filter((p) => p === file).length, 1, `${file} fetched once: ${fetched.join(' ')}`);
    }
    await page.waitForTimeout(3500);  // Chromium warns about a preload left unused after ~3 s
    assert.deepEqual(warnings.filter((w) => /preload/i.test(w)), []);
    await assertAccessible(page, 'login');
    await page.getByLabel('Access token').fill('cit_wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#token-error').filter({ hasText: 'not valid' }).waitFor();
    assert.equal(await page.locator('#token').getAttribute('aria-invalid'), 'true');
    await assertAccessible(page, 'login with the error');
    await screenshot(page, 'login-error-desktop');
    await page.getByLabel('Access token').fill(stack.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Connectors', level: 2 }).waitFor();
    // the page is served under the strict policy
    const response = await page.request.get('/');
    assert.match(response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'; style-src 'self'/);
    await context.close();
  });

  await t.test('a name with markup is rendered as text, in the wizard and on the manage page', async () => {
    const page = await signedInPage(stack);
    await page.getByRole('link', { name: 'Add new instance for Shopify' }).click();
    await waitForStep(page, 'Name');
    await fillField(page, 'name', XSS);
    await next(page, 'Settings');
    await next(page, 'Credentials');
    await fillField(page, 'credentials.store_name', 'xss-shop');
    await fillField(page, 'credentials.access_token', `shpat_${hex(32)}`);
    await next(page, 'Review');
    assert.ok((await page.locator('.review').textContent()).includes(XSS));
    await page.locator('.wizard-actions button.next').click();
    await page.getByRole('heading', { name: 'Connectors', level: 2 }).waitFor();
    const heading = page.locator('.instance-name', { hasText: XSS });
    await heading.waitFor();
    assert.equal(await heading.textContent(), XSS);
    assert.equal(await page.locator('main img').count(), 0);
    assertNoProblems(page);  // no alert dialog, no error
    await page.context().close();
  });

  await t.test('settings: edit name, time zone, rate limit and pool; untouched secrets are kept', async () => {
    await api.post('/api/pools', { id: 'p-edit', name: 'Edit pool', limit: 3, timeout: null });
    const nsBody = {
      name: 'NS edit me', timeZone: 'America/Los_Angeles', dateFormat: 'm/d/Y H:i', rateLimit: { amount: 10, unit: 'second' },
      poolId: 'p-edit', authMethodId: 'token_based',
      credentials: {
        account_id: '42', realm: '42', consumer_key: hex(64), consumer_secret: hex(64), token_key: hex(64), token_secret: hex(64),
      },
      certificate: null,
    };
    const created = await api.post('/api/connectors/netsuite/instances', nsBody);
    assert.equal(created.status, 201, created.text);
    const id = created.json.id;

    const page = await signedInPage(stack);
    const card = page.locator(`article[data-instance-id="${id}"]`);
    await card.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator(idOf('name', 'e')).waitFor();
    await assertAccessible(page, 'settings dialog, settings tab');
    await screenshot(page, 'settings-dialog-desktop', { fullPage: false });
    // an invalid rate limit: the error shows when leaving the field, and blocks saving
    await fillField(page, 'rateLimit.amount', '0', 'e');
    await dialog.locator(`${idOf('rateLimit.amount', 'e')}-error`).waitFor();
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.locator('.error-summary').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'e-rateLimit-amount');
    await assertAccessible(page, 'settings dialog with the error summary');
    await fillField(page, 'rateLimit.amount', '20', 'e');
    assert.equal(await fieldError(page, 'rateLimit.amount', 'e'), '');
    assert.equal(await dialog.locator('.error-summary').isVisible(), false, 'the summary goes with the last error');
    // an emptied date format is an error here too (not the connector's default)
    await fillField(page, 'dateFormat', '', 'e');
    assert.match(await fieldError(page, 'dateFormat', 'e'), /required/);
    await fillField(page, 'dateFormat', 'm/d/Y H:i', 'e');
    assert.equal(await fieldError(page, 'dateFormat', 'e'), '');
    await fillField(page, 'name', 'NS edited', 'e');
    await fillField(page, 'timeZone', 'Europe/Paris', 'e');
    await dialog.getByRole('button', { name: 'Clear Connection pool' }).click();
    // the authentication tab shows the stored secrets as set, without their values
    await dialog.getByRole('tab', { name: 'Authentication' }).click();
    const secretInput = dialog.locator(idOf('credentials.consumer_secret', 'e'));
    assert.equal(await secretInput.inputValue(), '');
    assert.equal(await secretInput.getAttribute('type'), 'password');
    assert.match(await dialog.locator(`${idOf('credentials.consumer_secret', 'e')}-state`).textContent(), /kept/);
    await screenshot(page, 'settings-dialog-auth-desktop', { fullPage: false });
    await assertAccessible(page, 'settings dialog, authentication tab');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.instance-name', { hasText: 'NS edited' }).waitFor();

    const stored = (await api.get(`/api/connectors/netsuite/instances/${id}`)).json;
    assert.equal(stored.name, 'NS edited');
    assert.equal(stored.timeZone, 'Europe/Paris');
    assert.deepEqual(stored.rateLimit, { amount: 20, unit: 'second' });
    assert.equal(stored.poolId, null);
    assert.equal(stored.secrets['credentials.consumer_secret'].secretSet, true);
    assert.equal(stored.secrets['credentials.token_secret'].secretSet, true);
    // the kept secrets are still valid: the test gets past the re-validation (the check
    // request itself cannot reach NetSuite from the test machine)
    const tested = await api.post(`/api/connectors/netsuite/instances/${id}/test`, {});
    assert.equal(tested.status, 200, tested.text);
    assert.notEqual(tested.json.code, 'invalid_instance', tested.text);
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('settings: the first click on Save or a tab after fixing a field acts', async () => {
    const created = await api.post('/api/connectors/shopify/instances', shopifyInstance('First click dialog'));
    const id = created.json.id;
    const page = await signedInPage(stack);
    const card = page.locator(`article[data-instance-id="${id}"]`);
    await card.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog');
    const amount = dialog.locator(idOf('rateLimit.amount', 'e'));
    await amount.waitFor();
    // refused with the summary at the top; fixed, then the other tab once
    await fillField(page, 'rateLimit.amount', '0', 'e');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.locator('.error-summary').waitFor();
    await amount.fill('3');
    await dialog.getByRole('tab', { name: 'Authentication' }).click();
    assert.equal(await dialog.getByRole('tab', { name: 'Authentication' }).getAttribute('aria-selected'), 'true');
    await dialog.getByRole('tab', { name: 'Settings' }).click();
    // an error shown on leaving the field, fixed, then Save once
    await fillField(page, 'rateLimit.amount', '0', 'e');
    await dialog.locator(`${idOf('rateLimit.amount', 'e')}-error`).waitFor();
    await amount.fill('4');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 3000 });
    assert.deepEqual((await api.get(`/api/connectors/shopify/instances/${id}`)).json.rateLimit, { amount: 4, unit: 'second' });
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('authentication tab: a secret typed anew replaces the stored one (show/hide while typing)', async () => {
    const created = await api.post('/api/connectors/shopify/instances', shopifyInstance('Token swap'));
    const id = created.json.id;
    const page = await signedInPage(stack);
    await page.locator(`article[data-instance-id="${id}"]`).getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('tab', { name: 'Authentication' }).click();
    const input = dialog.locator(idOf('credentials.access_token', 'e'));
    await input.fill('bad-token');
    await dialog.getByRole('button', { name: 'Show Access token' }).click();
    assert.equal(await input.getAttribute('type'), 'text');
    await dialog.getByRole('button', { name: 'Hide Access token' }).click();
    assert.equal(await input.getAttribute('type'), 'password');
    // Tab goes to the show/hide button (same field), the second Tab leaves the field
    await input.press('Tab');
    assert.equal(await fieldError(page, 'credentials.access_token', 'e'), '');
    await page.keyboard.press('Tab');
    await dialog.locator(`${idOf('credentials.access_token', 'e')}-error`).waitFor();
    await input.fill(`shpat_${'f'.repeat(32)}`);
    await input.press('Tab');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    const audit = (await api.get(`/api/audit?subjectId=${id}&action=instance.updated`)).json.data;
    assert.deepEqual(audit[0].details.fields, ['credentials.access_token']);
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('delete needs "confirm" typed; the connection test result shows', async () => {
    const created = await api.post('/api/connectors/shopify/instances', shopifyInstance('Delete me'));
    const id = created.json.id;
    const page = await signedInPage(stack, { viewport: PHONE });
    const card = page.locator(`article[data-instance-id="${id}"]`);
    assert.match(await card.locator('.test-result').textContent(), /Not tested yet/);
    // the compact list on a phone: the facts are folded under the name
    await card.locator('.instance-more > summary').click();
    await card.getByRole('button', { name: 'Test connection' }).click();
    // the real check request: the store's host cannot be reached from the test machine, and
    // the page shows the actionable message the server recorded on the instance
    await card.locator('.test-result.test-failed').waitFor();
    const recorded = (await api.get(`/api/connectors/shopify/instances/${id}`)).json.connection;
    assert.equal(recorded.status, 'failed');
    assert.equal((await card.locator('.test-result .test-message').textContent()).trim(), recorded.message);
    // after a reload it comes from the instance read itself
    await page.reload();
    await card.locator('.instance-more > summary').click();
    await card.locator('.test-result.test-failed .test-message').filter({ hasText: recorded.message }).waitFor();
    await assertAccessible(page, 'manage page (phone) with a failed connection test');
    await card.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    const submit = dialog.getByRole('button', { name: 'Delete instance' });
    assert.equal(await submit.isDisabled(), true);
    await dialog.getByLabel('Type confirm to delete').fill('Delete me');
    assert.equal(await submit.isDisabled(), true);
    await dialog.getByLabel('Type confirm to delete').fill('confirm');
    await assertAccessible(page, 'delete dialog (phone)');
    await screenshot(page, 'delete-dialog-phone', { fullPage: false });
    await submit.click();
    await dialog.waitFor({ state: 'detached' });
    await card.waitFor({ state: 'detached' });
    assert.equal((await api.get(`/api/connectors/shopify/instances/${id}`)).status, 404);
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('the card\'s Test connection keeps the focus; Tab stays inside a dialog', async () => {
    const created = await api.post('/api/connectors/shopify/instances', shopifyInstance('Focus card'));
    const id = created.json.id;
    const page = await signedInPage(stack);
    const card = page.locator(`article[data-instance-id="${id}"]`);
    await card.getByRole('button', { name: 'Test connection' }).click();
    await card.locator('.test-result.test-failed').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Test connection');
    assert.equal(await page.evaluate((i) => document.activeElement.closest('article')?.dataset.instanceId, id), id);
    await page.locator('#alert-region').filter({ hasText: /Focus card: Connection test failed/ }).waitFor();
    await assertAccessible(page, 'manage page (desktop) with a failed connection test');
    const inside = () => page.evaluate(() => Boolean(document.querySelector('dialog[open]')?.contains(document.activeElement)));
    for (const opener of ['Delete', 'Settings']) {
      await card.getByRole('button', { name: opener }).click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('input').first().waitFor();
      for (let i = 0; i < 25; i += 1) {
        await page.keyboard.press('Tab');
        assert.ok(await inside(), `${opener}: Tab ${i + 1} left the dialog`);
      }
      for (let i = 0; i < 25; i += 1) {
        await page.keyboard.press('Shift+Tab');
        assert.ok(await inside(), `${opener}: Shift+Tab ${i + 1} left the dialog`);
      }
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    }
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('a dialog closes when the page goes elsewhere (hash change)', async () => {
    const created = await api.post('/api/connectors/shopify/instances', shopifyInstance('Route change'));
    const id = created.json.id;
    const page = await signedInPage(stack);
    await page.locator(`article[data-instance-id="${id}"]`).getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator(idOf('name', 'e')).fill('Route change edited');
    await page.evaluate(() => { location.hash = '#/add/shopify'; });
    await waitForStep(page, 'Name');
    await page.locator('dialog').waitFor({ state: 'detached', timeout: 3000 });
    await page.keyboard.press('Enter');
    assert.equal((await api.get(`/api/connectors/shopify/instances/${id}`)).json.name, 'Route change');
    // and the page is usable: the wizard's name field takes typing
    await fillField(page, 'name', 'After the dialog');
    assert.equal(await page.locator(idOf('name')).inputValue(), 'After the dialog');
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('a view still loading when the user goes elsewhere never draws over the view gone to', async () => {
    const page = await signedInPage(stack);
    // the manage page's list of connectors is held until the wizard is shown
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    let seen = 0;
    const isList = (url) => url.pathname === '/api/connectors';
    await page.route(isList, async (route) => {
      seen += 1;
      await held;
      await route.continue();
    });
    await page.evaluate(() => { location.hash = '#/?instance=none'; });
    await page.locator('#main .loading', { hasText: 'Loading connectors' }).waitFor();
    await page.evaluate(() => { location.hash = '#/add/shopify'; });
    await waitForStep(page, 'Name');
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/connectors');
    release();
    await answered;
    assert.equal(seen, 1);
    // the manage page's definitions and pools come after the list: drawn (or not) by now
    await page.waitForLoadState('networkidle');
    assert.equal(await page.getByRole('heading', { name: 'Connectors', level: 2 }).count(), 0, 'the manage page drew over the wizard');
    await waitForStep(page, 'Name');
    // the wizard works on: its window listeners are its own, the left view let go of them
    await fillField(page, 'name', 'After a slow page');
    await next(page, 'Settings');
    await page.goBack();
    await waitForStep(page, 'Name');
    assert.equal(await page.locator(idOf('name')).inputValue(), 'After a slow page');
    await page.unroute(isList);
    assertNoProblems(page);
    await page.context().close();
  });

  // axe-core's rules cover what this suite checked by hand before: label (every input
  // labelled), label-content-name-mismatch (WCAG 2.5.3) and heading-order
  await t.test('axe-core: the manage page, the wizard and the settings dialog with their error summaries', async () => {
    const created = await api.post('/api/connectors/shopify/instances', shopifyInstance('Headings'));
    const id = created.json.id;
    const page = await signedInPage(stack);
    await assertAccessible(page, 'manage page (desktop)');
    // the wizard with its error summary
    await page.getByRole('link', { name: 'Add new instance for Shopify' }).click();
    await waitForStep(page, 'Name');
    await next(page);
    await page.locator('.error-summary').waitFor();
    await assertAccessible(page, 'wizard, Name step with the error summary');
    // the settings dialog with its error summary
    await page.goto('/#/');
    await page.locator(`article[data-instance-id="${id}"]`).getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog');
    await fillField(page, 'rateLimit.amount', '0', 'e');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.locator('.error-summary').waitFor();
    await assertAccessible(page, 'settings dialog with the error summary (second instance)');
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('keyboard only: the wizard from the add link to the created instance; axe-core on each step', async () => {
    const page = await signedInPage(stack);
    const press = (key) => page.keyboard.press(key);
    const focusedId = () => focusedIdOf(page);
    const tabTo = (selector) => tabToOf(page, selector);
    // reach the add link with Tab alone
    await tabTo('[aria-label="Add new instance for Jira Cloud"]');
    await press('Enter');
    await waitForStep(page, 'Name');
    await assertAccessible(page, 'wizard, Name step (Jira Cloud)');
    await press('Tab');
    assert.equal(await focusedId(), 'w-name');
    await page.keyboard.type('Keyboard only');
    await press('Enter');
    await waitForStep(page, 'Settings');
    await assertAccessible(page, 'wizard, Settings step (Jira Cloud)');
    // the time zone picker: type, arrow down, Enter
    await press('Tab');
    assert.equal(await focusedId(), 'w-timeZone');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('tokyo');
    await page.locator('#w-timeZone-list [role=option]').first().waitFor();
    assert.match(await page.locator('#w-timeZone-list').textContent(), /Asia\/Tokyo.*\+09/);
    await screenshot(page, 'wizard-timezone-picker-desktop');
    await assertAccessible(page, 'wizard, Settings step with the time zone list open');
    await press('ArrowDown');
    await press('Enter');
    assert.equal(await page.locator('#w-timeZone').inputValue(), 'Asia/Tokyo');
    // one auth method: nothing to choose, so the step is not shown
    await press('Enter');
    await waitForStep(page, 'Credentials');
    assert.match(await page.locator('.progress').textContent(), /^Step 3 of 4/);
    await assertAccessible(page, 'wizard, Credentials step (Jira Cloud)');
    await press('Tab');
    await page.keyboard.type('https://kb.atlassian.net');
    await press('Tab');
    await page.keyboard.type('kb@example.com');
    await press('Tab');
    await page.keyboard.type('keyboard-token-0123456789');
    await press('Enter');
    await waitForStep(page, 'Review');
    await assertAccessible(page, 'wizard, Review step (Jira Cloud)');
    // the method that was not asked for is on the review, without a Change button
    const method = page.locator('.review-section', { has: page.locator('#review-authType') });
    assert.match(await method.textContent(), /Authentication type.*E-mail address and API token/s);
    assert.equal(await method.getByRole('button').count(), 0);
    assert.equal(await page.locator('.review-section').getByRole('button', { name: 'Change Settings' }).count(), 1);
    await tabTo('.wizard-actions button.next');
    await press('Enter');
    await page.locator('.instance-name', { hasText: 'Keyboard only' }).waitFor();
    const stored = (await api.get('/api/connectors/jira-cloud/instances')).json.data.find((i) => i.name === 'Keyboard only');
    assert.equal(stored.timeZone, 'Asia/Tokyo');
    assertNoProblems(page);
    await page.context().close();
  });
});
