// The manage page's list in a real browser against the real server: the search box and the
// status filter, instance counts and status badges, the documentation link, the compact
// list on a phone, the visible confirmation of create / save / delete with the focus on
// the instance, "Confirm" in any case, Test connection in the settings dialog, and the
// layout (the rate limit's row, the step list's baseline, a lone instance's width). axe-core
// on every view; screenshots at 1280×800 and 390×844.
import test from 'node:test';
import assert from 'node:assert/strict';
import { client } from './server-harness.mjs';
import { startStack, signedInPage, screenshot, skipReason, REVIEW_DESKTOP, REVIEW_PHONE } from './page-harness.mjs';
import {
  fillField, next, waitForStep, idOf, assertNoProblems, assertAccessible, createInstance, hex, shopifyInstance,
} from './page-driver.mjs';

const skip = skipReason();
const JIRA_HELP_URL = 'https://developer.atlassian.com/cloud/jira/platform/basic-auth-for-rest-apis/';

test('page: finding and confirming on the manage page', { skip: skip || false, timeout: 120_000 }, async (t) => {
  const stack = await startStack(t);
  const api = client(stack.url, stack.adminToken);

  await t.test('find: search and status filter, instance counts and status badges; the documentation link', async () => {
    await api.post('/api/connectors/shopify/instances', shopifyInstance('Alpha finder'));
    const beta = (await api.post('/api/connectors/shopify/instances', shopifyInstance('Beta finder'))).json;
    assert.equal((await api.post(`/api/connectors/shopify/instances/${beta.id}/test`, {})).json.status, 'failed');
    const legacy = await api.post('/api/connectors/salesforce/instances', {
      name: 'Gamma finder', timeZone: 'UTC', dateFormat: 'Y-m-d H:i:s', rateLimit: { amount: 1, unit: 'second' }, poolId: null,
      authMethodId: 'username_password', credentials: { username: 'ops@example.com', password: 'sf-password-value' }, certificate: null,
    });
    assert.equal(legacy.status, 201, legacy.text);
    const page = await signedInPage(stack, { viewport: REVIEW_DESKTOP });
    const badgeOf = (name) => page.locator('article.instance', { has: page.locator('.instance-name', { hasText: name }) }).locator('.badge');
    assert.equal(await badgeOf('Alpha finder').textContent(), 'Not tested yet');
    assert.equal(await badgeOf('Beta finder').textContent(), 'Last test failed');
    assert.equal(await badgeOf('Gamma finder').textContent(), 'No test available');
    const shopify = page.locator('section.connector', { has: page.getByRole('heading', { name: 'Shopify', level: 3 }) });
    assert.match(await shopify.locator('.status-counts').textContent(), /1 last test failed/);
    const docs = shopify.getByRole('link', { name: 'Shopify documentation (opens in a new tab)' });
    assert.equal(await docs.getAttribute('href'), 'https://shopify.dev/docs/api/admin-rest');
    await assertAccessible(page, 'manage page with badges and the finder');
    // a part of an instance name: that instance, under its connector; the count says so
    await page.getByLabel('Find a connector or instance').fill('beta fin');
    assert.equal(await page.locator('article.instance:visible').count(), 1);
    assert.equal(await page.locator('article.instance:visible .instance-name').textContent(), 'Beta finder');
    assert.match(await page.locator('#find-count').textContent(), /^Showing 1 of 6 connectors and 1 of \d+ instances\.$/);
    await page.locator('#status-region').filter({ hasText: /^Showing 1 of 6 connectors/ }).waitFor();
    assert.match(await shopify.locator('.find-shown').textContent(), /^1 of \d+ shown$/);
    await screenshot(page, 'manage-find-desktop', { fullPage: false });
    // a system type: its connectors with all their instances
    await page.getByLabel('Find a connector or instance').fill('ERP');
    const shown = await page.locator('section.connector:visible h3').allTextContents();
    assert.deepEqual(shown.sort(), ['Microsoft Dynamics 365 Business Central', 'Oracle NetSuite']);
    // the status filter
    await page.getByLabel('Find a connector or instance').fill('finder');
    await page.getByLabel('Show').selectOption({ label: 'No test available' });
    assert.deepEqual(await page.locator('article.instance:visible .instance-name').allTextContents(), ['Gamma finder']);
    await page.getByLabel('Show').selectOption({ label: 'Last test failed' });
    assert.deepEqual(await page.locator('article.instance:visible .instance-name').allTextContents(), ['Beta finder']);
    // nothing matches: said, and one button shows everything again
    await page.getByLabel('Find a connector or instance').fill('no such thing');
    await page.getByText('No connector or instance matches.').waitFor();
    await assertAccessible(page, 'manage page, nothing matches');
    await page.getByRole('button', { name: 'Show all' }).click();
    assert.equal(await page.getByLabel('Find a connector or instance').inputValue(), '');
    assert.equal(await page.locator('section.connector:visible').count(), 6);
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('a phone (390×844) gets the compact list: name, badge and method, facts folded', async () => {
    const page = await signedInPage(stack, { viewport: REVIEW_PHONE });
    const card = page.locator('article.instance', { has: page.locator('.instance-name', { hasText: 'Beta finder' }) });
    assert.equal(await card.locator('.badge').textContent(), 'Last test failed');
    assert.equal(await card.locator('.instance-method').textContent(), 'Admin API access token');
    assert.equal(await card.locator('.instance-facts').isVisible(), false);
    const height = (await card.boundingBox()).height;
    await screenshot(page, 'manage-phone');
    await assertAccessible(page, 'manage page (390×844)');
    await card.getByText('Details').click();
    await card.locator('.instance-facts').waitFor();
    assert.ok((await card.boundingBox()).height > height + 100, 'the facts unfold');
    // the page is no wider than the phone
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390);
    await page.getByLabel('Find a connector or instance').fill('finder');
    await screenshot(page, 'manage-find-phone');
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('create, save and delete are confirmed visibly; the new instance has the focus; "Confirm" in any case deletes', async () => {
    const page = await signedInPage(stack, { viewport: REVIEW_DESKTOP });
    await createInstance(page, {
      connectorName: 'Shopify', name: 'Seen created',
      values: { 'credentials.store_name': 'seen', 'credentials.access_token': `shpat_${hex(32)}` },
    });
    const confirmation = page.locator('.confirmation');
    await confirmation.filter({ hasText: 'Instance “Seen created” created.' }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Seen created');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'instance-name');
    // in sight at the top of the window, while the new instance is scrolled into view
    const box = await confirmation.boundingBox();
    assert.ok(box.y >= 0 && box.y < 40, `the confirmation is at the top (y ${box.y})`);
    await assertAccessible(page, 'manage page with a confirmation');
    await screenshot(page, 'manage-created-desktop', { fullPage: false });
    const card = page.locator('article.instance', { has: page.locator('.instance-name', { hasText: 'Seen created' }) });
    await card.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog');
    await fillField(page, 'name', 'Seen saved', 'e');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await confirmation.filter({ hasText: 'Saved “Seen saved”.' }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Seen saved');
    await confirmation.getByRole('button', { name: 'Dismiss: Saved “Seen saved”.' }).click();
    assert.equal(await confirmation.count(), 0);
    const saved = page.locator('article.instance', { has: page.locator('.instance-name', { hasText: 'Seen saved' }) });
    await saved.getByRole('button', { name: 'Delete' }).click();
    const remove = page.getByRole('dialog');
    assert.match(await remove.locator('#confirm-delete-help').textContent(), /The word confirm, in any case/);
    await remove.getByLabel('Type confirm to delete').fill(' Confirm ');
    await remove.getByRole('button', { name: 'Delete instance' }).click();
    await confirmation.filter({ hasText: 'Deleted “Seen saved”.' }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Shopify');
    assert.equal((await api.get('/api/connectors/shopify/instances')).json.data.some((i) => i.name === 'Seen saved'), false);
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('the settings dialog tests the saved connection; the card shows what it recorded', async () => {
    const created = (await api.post('/api/connectors/shopify/instances', shopifyInstance('Dialog test'))).json;
    const page = await signedInPage(stack, { viewport: REVIEW_DESKTOP });
    const card = page.locator(`article[data-instance-id="${created.id}"]`);
    assert.equal(await card.locator('.badge').textContent(), 'Not tested yet');
    await card.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('tab', { name: 'Authentication' }).click();
    const test = dialog.getByRole('button', { name: 'Test connection' });
    assert.equal(await test.getAttribute('aria-describedby'), 'settings-test-note');
    await test.click();
    await dialog.locator('.settings-test .test-result.test-failed').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Test connection');
    await assertAccessible(page, 'settings dialog after a connection test');
    await screenshot(page, 'settings-dialog-test-desktop', { fullPage: false });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await card.locator('.badge', { hasText: 'Last test failed' }).waitFor();
    assert.equal((await api.get(`/api/connectors/shopify/instances/${created.id}`)).json.connection.status, 'failed');
    // a method without a test says so, with no button
    const legacy = page.locator('article.instance', { has: page.locator('.instance-name', { hasText: 'Gamma finder' }) });
    await legacy.getByRole('button', { name: 'Settings' }).click();
    await dialog.getByRole('tab', { name: 'Authentication' }).click();
    await dialog.getByText('No connection test available for this authentication method.').waitFor();
    assert.equal(await dialog.getByRole('button', { name: 'Test connection' }).count(), 0);
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('help: a variable\'s help from the definition under its field, in the wizard and the settings dialog', async () => {
    const page = await signedInPage(stack, { viewport: REVIEW_DESKTOP });
    await page.getByRole('link', { name: 'Add new instance for Jira Cloud' }).click();
    await waitForStep(page, 'Name');
    // the connector's documentation under the wizard's title, on every step
    const docs = page.locator('.wizard').getByRole('link', { name: 'Jira Cloud documentation (opens in a new tab)' });
    assert.equal(await docs.getAttribute('href'), JIRA_HELP_URL);
    assert.equal(await docs.getAttribute('target'), '_blank');
    await fillField(page, 'name', 'Help shown');
    await next(page, 'Settings');
    await next(page, 'Credentials');
    assert.equal(await docs.isVisible(), true);
    const help = (key, prefix = 'w') => page.locator(`${idOf(key, prefix)}-help`).textContent();
    // the definition's help, then its pattern's description
    assert.equal(await help('credentials.site_url'),
      'The address Jira opens at, such as https://your-team.atlassian.net. Format: https://<your-site>.atlassian.net.');
    assert.equal(await help('credentials.password'), 'An API token of that account: id.atlassian.com › Security › Create and manage API tokens.');
    // tied to its input
    assert.match(await page.locator(idOf('credentials.password')).getAttribute('aria-describedby'), /w-credentials-password-help/);
    await assertAccessible(page, 'wizard, Credentials step with help texts');
    await screenshot(page, 'wizard-credentials-help-desktop', { fullPage: false });
    const created = (await api.post('/api/connectors/shopify/instances', shopifyInstance('Help in the dialog'))).json;
    await page.goto('/#/');
    await page.locator(`article[data-instance-id="${created.id}"]`).getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('tab', { name: 'Authentication' }).click();
    assert.match(await help('credentials.access_token', 'e'), /^Shopify admin › Settings › Apps and sales channels › Develop apps/);
    assert.equal(await dialog.getByRole('link', { name: 'Shopify documentation (opens in a new tab)' }).getAttribute('href'), 'https://shopify.dev/docs/api/admin-rest');
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('layout: the rate limit\'s amount and unit on one line, step links on one baseline, a lone instance as wide as its card', async () => {
    const page = await signedInPage(stack, { viewport: REVIEW_DESKTOP });
    // the Jira Cloud card holds one instance (the keyboard test's comes later)
    const lone = (await api.post('/api/connectors/ing-psd2/instances', {
      name: 'Lone instance', timeZone: 'UTC', dateFormat: 'Y-m-d', rateLimit: { amount: 5, unit: 'second' }, poolId: null,
      authMethodId: 'mtls_client_credentials', credentials: { client_id: 'abcdefgh', key_id: 'SN=1,CA=x', environment: 'sandbox' }, certificate: null,
    }));
    const ing = page.locator('section.connector', { has: page.getByRole('heading', { name: 'ING Open Banking (PSD2)' }) });
    if (lone.status === 201) {
      await page.reload();
      const list = await ing.locator('ul.instances').boundingBox();
      const article = await ing.locator('article.instance').boundingBox();
      assert.ok(Math.abs(list.width - article.width) <= 1, `the instance is ${article.width}px wide in a list of ${list.width}px`);
    } else {
      // the method needs a certificate: a connector whose card holds one instance is made below
      const made = await api.post('/api/connectors/dynamics-365/instances', {
        name: 'Lone instance', timeZone: 'UTC', dateFormat: 'Y-m-d', rateLimit: { amount: 5, unit: 'second' }, poolId: null,
        authMethodId: 'client_credentials',
        credentials: { tenant_id: '72f988bf-86f1-41af-91ab-2d7cd011db47', client_id: '72f988bf-86f1-41af-91ab-2d7cd011db47', client_secret: 's3cret' },
        certificate: null,
      });
      assert.equal(made.status, 201, made.text);
      await page.reload();
      const d365 = page.locator('section.connector', { has: page.getByRole('heading', { name: 'Microsoft Dynamics 365 Business Central' }) });
      const list = await d365.locator('ul.instances').boundingBox();
      const article = await d365.locator('article.instance').boundingBox();
      assert.ok(Math.abs(list.width - article.width) <= 1, `the instance is ${article.width}px wide in a list of ${list.width}px`);
    }
    // the wizard's settings step: amount box and unit select at the same height
    await page.getByRole('link', { name: 'Add new instance for Shopify' }).click();
    await waitForStep(page, 'Name');
    await fillField(page, 'name', 'Layout check');
    await next(page, 'Settings');
    const amount = await page.locator(idOf('rateLimit.amount')).boundingBox();
    const unit = await page.locator(idOf('rateLimit.unit')).boundingBox();
    assert.equal(Math.round(amount.y), Math.round(unit.y), 'the Per select is level with the amount box');
    assert.equal(Math.round(amount.height), Math.round(unit.height));
    // with an error under the amount (and the page scrolled to it) the two stay level
    await fillField(page, 'rateLimit.amount', '0');
    await page.locator(`${idOf('rateLimit.amount')}-error`).waitFor();
    const [amountNow, unitNow] = [await page.locator(idOf('rateLimit.amount')).boundingBox(), await page.locator(idOf('rateLimit.unit')).boundingBox()];
    assert.equal(Math.round(amountNow.y), Math.round(unitNow.y));
    // the step list: a link (a button) and plain steps, their text on one baseline
    const baselines = await page.locator('.steps li').evaluateAll((items) => items.map((li) => {
      // the box of the text itself (a button's own box is taller than its text)
      const text = document.createTreeWalker(li, NodeFilter.SHOW_TEXT).nextNode();
      const range = document.createRange();
      range.selectNodeContents(text);
      return Math.round(range.getBoundingClientRect().bottom * 2) / 2;
    }));
    assert.equal(new Set(baselines).size, 1, `text bottoms ${baselines.join(', ')}`);
    await screenshot(page, 'wizard-settings-layout-desktop', { fullPage: false });
    await page.setViewportSize(REVIEW_PHONE);
    const amountPhone = await page.locator(idOf('rateLimit.amount')).boundingBox();
    const unitPhone = await page.locator(idOf('rateLimit.unit')).boundingBox();
    assert.equal(Math.round(amountPhone.y), Math.round(unitPhone.y), 'level on a phone too');
    await screenshot(page, 'wizard-settings-layout-phone');
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('nothing moves once the page is drawn: the gateway figures fill lines already there', async () => {
    for (const name of ['Steady one', 'Steady two', 'Steady three']) {
      const made = await api.post('/api/connectors/jira-cloud/instances', {
        name, timeZone: 'UTC', dateFormat: 'Y-m-d', rateLimit: { amount: 5, unit: 'second' }, poolId: null, authMethodId: 'api_token',
        credentials: { site_url: 'https://acme.atlassian.net', username: 'ops@example.com', password: 'jira-api-token-0123456789' },
        certificate: null,
      });
      assert.equal(made.status, 201, made.text);
    }
    const page = await signedInPage(stack, { viewport: REVIEW_DESKTOP });
    // the cards' gateway figures are held until the page has been drawn
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    const isUsage = (url) => /^\/api\/instances\/[^/]+\/usage$/.test(url.pathname);
    await page.route(isUsage, async (route) => {
      await held;
      await route.continue();
    });
    await page.reload();
    await page.getByRole('heading', { name: 'Connectors', level: 2 }).waitFor();
    const busy = page.locator('dd.usage[aria-busy="true"]');
    await busy.first().waitFor();
    assert.match(await busy.first().textContent(), /… queued/);
    const places = () => page.locator('a[data-connector], h4.instance-name').evaluateAll((nodes) => nodes.map((n) => (
      `${n.dataset.connector ?? n.textContent} at ${Math.round(n.getBoundingClientRect().top + window.scrollY)}`)));
    const before = await places();
    release();
    await page.waitForFunction(() => !document.querySelector('dd.usage[aria-busy]'));
    assert.match(await page.locator('dd.usage').first().textContent(), /\d+ queued/);
    assert.deepEqual(await places(), before, 'the add links and instance names stay where they were drawn');
    await page.unroute(isUsage);
    assertNoProblems(page);
    await page.context().close();
  });

});
