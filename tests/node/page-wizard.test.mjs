// The add-instance wizard in a real browser (Debian's Chromium via playwright-core)
// against the real server: every auth method of the demo catalog, certificates checked in
// the browser, errors, back/next, the pool select, drafts, screenshots, and axe-core on
// each step and state.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { client } from './server-harness.mjs';
import {
  startStack, signedInPage, screenshot, makeCertificate, makeExpiredCertificate, skipReason, PHONE, SCREENSHOTS,
} from './page-harness.mjs';
import {
  createInstance, fillField, next, waitForStep, progress, fieldError, idOf, openAdvanced, assertNoProblems, assertAccessible,
} from './page-driver.mjs';

const hex = (n) => '0123456789abcdef'.repeat(8).slice(0, n);
const PASSPHRASE = 'correct horse battery';

// Valid credentials for every auth method of the demo catalog (web/catalog/*.json).
const METHODS = [
  {
    connectorId: 'shopify', methodId: 'access_token',
    values: { 'credentials.store_name': 'acme-eu', 'credentials.access_token': `shpat_${hex(32)}` },
    secrets: [`shpat_${hex(32)}`],
  },
  {
    connectorId: 'dynamics-365', methodId: 'client_credentials',
    values: {
      'credentials.tenant_id': '0a1b2c3d-0000-4000-8000-00000000abcd',
      'credentials.client_id': '1a1b2c3d-0000-4000-8000-00000000abcd',
      'credentials.client_secret': 'dyn-client-secret-value',
    },
    secrets: ['dyn-client-secret-value'],
  },
  {
    connectorId: 'jira-cloud', methodId: 'api_token',
    values: {
      'credentials.site_url': 'https://acme.atlassian.net',
      'credentials.username': 'ops@example.com',
      'credentials.password': 'jira-api-token-0123456789',
    },
    secrets: ['jira-api-token-0123456789'],
  },
  {
    connectorId: 'netsuite', methodId: 'token_based',
    values: {
      'credentials.account_id': '1234567_SB1', 'credentials.realm': '1234567_SB1',
      'credentials.consumer_key': hex(64), 'credentials.consumer_secret': `${hex(63)}1`,
      'credentials.token_key': `${hex(63)}2`, 'credentials.token_secret': `${hex(63)}3`,
    },
    secrets: [`${hex(63)}1`, `${hex(63)}3`],
  },
  {
    connectorId: 'salesforce', methodId: 'web_server',
    values: {
      'credentials.client_id': 'sf-client-id', 'credentials.client_secret': 'sf-client-secret-value',
      'credentials.login_url': 'https://login.salesforce.com',
    },
    secrets: ['sf-client-secret-value'],
  },
  {
    connectorId: 'salesforce', methodId: 'username_password',
    values: { 'credentials.username': 'ops@example.com', 'credentials.password': 'sf-password-value' },
    secrets: ['sf-password-value'],
  },
  {
    connectorId: 'ing-psd2', methodId: 'mtls_client_credentials',
    values: { 'credentials.client_id': 'ing-client-0001', 'credentials.key_id': 'SN=1A2B3C,CA=Test CA', 'certificate.passphrase': PASSPHRASE },
    secrets: [PASSPHRASE],
    certificate: true,
  },
];

const skip = skipReason();

test('page: the add-instance wizard', { skip: skip || false, timeout: 150_000 }, async (t) => {
  const stack = await startStack(t);
  const apiClient = client(stack.url, stack.adminToken);
  const connectors = (await apiClient.get('/api/connectors')).json.data;

  await t.test('the demo catalog is what this suite covers: every auth method has test values', async () => {
    const offered = [];
    for (const c of connectors) {
      const full = (await apiClient.get(`/api/connectors/${c.id}`)).json;
      for (const m of full.authMethods) offered.push(`${c.id}/${m.id}`);
    }
    assert.deepEqual(offered.sort(), METHODS.map((m) => `${m.connectorId}/${m.methodId}`).sort());
  });

  await t.test('creates an instance with each auth method (one with a certificate and passphrase)', async () => {
    const page = await signedInPage(stack);
    const cert = makeCertificate(t, { passphrase: PASSPHRASE });
    for (const m of METHODS) {
      const name = `E2E ${m.connectorId} ${m.methodId}`;
      const full = (await apiClient.get(`/api/connectors/${m.connectorId}`)).json;
      await createInstance(page, {
        connectorName: full.name, name, method: full.authMethods.length > 1 ? full.authMethods.find((a) => a.id === m.methodId).name : undefined,
        values: m.values,
        certificateFiles: m.certificate ? [cert.certPem, cert.keyPem] : undefined,
        onStep: m.certificate ? async (step) => {
          await screenshot(page, `wizard-${step}-desktop`);
          await assertAccessible(page, `wizard, ${step} step (desktop, with a certificate)`);
        } : undefined,
      });
      const list = (await apiClient.get(`/api/connectors/${m.connectorId}/instances`)).json.data;
      const stored = list.find((i) => i.name === name);
      assert.ok(stored, `${name} was stored`);
      assert.equal(stored.authMethodId, m.methodId);
      for (const [key, info] of Object.entries(stored.secrets)) {
        if (key in m.values || (key === 'certificate.data' && m.certificate)) assert.equal(info.secretSet, true, key);
      }
      if (m.certificate) {
        assert.equal(stored.secrets['certificate.data'].secretSet, true);
        assert.equal(stored.secrets['certificate.passphrase'].secretSet, true);
      }
      // drafts never keep secrets, and a finished wizard leaves no draft
      const storage = await page.evaluate(() => JSON.stringify(localStorage));
      for (const secret of m.secrets) assert.ok(!storage.includes(secret), 'secret in localStorage');
    }
    await screenshot(page, 'manage-desktop');
    await assertAccessible(page, 'manage page (desktop) with an instance of each auth method');
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('field errors show at the field when leaving it, in a summary on next, and clear', async () => {
    const page = await signedInPage(stack);
    await page.getByRole('link', { name: 'Add new instance for Shopify' }).click();
    await waitForStep(page, 'Name');
    // next with an empty name: the summary, the inline error, focus on the field
    await next(page);
    await page.locator('.error-summary').waitFor();
    assert.match(await page.locator('.error-summary').textContent(), /problem/);
    assert.notEqual(await fieldError(page, 'name'), '');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'w-name');
    assert.equal(await page.locator('#w-name').getAttribute('aria-invalid'), 'true');
    await screenshot(page, 'wizard-name-error-desktop');
    await assertAccessible(page, 'wizard, Name step with the error summary');
    await fillField(page, 'name', 'Errors shop');
    assert.equal(await fieldError(page, 'name'), '');
    assert.equal(await page.locator('.error-summary').isVisible(), false, 'the summary goes with the last error');
    assert.equal(await page.locator('#w-name').getAttribute('aria-invalid'), null);
    await next(page, 'Settings');
    await next(page, 'Credentials');
    // a token of the wrong form: the error shows as soon as the field is left
    await fillField(page, 'credentials.access_token', 'not-a-token');
    await page.locator(`${idOf('credentials.access_token')}-error`).waitFor();
    assert.match(await fieldError(page, 'credentials.access_token'), /shpat_/);
    // and said to screen readers through the polite live region
    await page.locator('#status-region').filter({ hasText: /Access token: .*shpat_/ }).waitFor();
    await assertAccessible(page, 'wizard, Credentials step with a field error');
    assert.equal(await page.locator('#status-region').getAttribute('aria-live'), 'polite');
    await fillField(page, 'credentials.access_token', `shpat_${hex(32)}`);
    assert.equal(await fieldError(page, 'credentials.access_token'), '');
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('back and next keep the values; an expired certificate is refused in the browser', async () => {
    const page = await signedInPage(stack);
    const expired = makeExpiredCertificate(t);
    await page.getByRole('link', { name: 'Add new instance for ING Open Banking (PSD2)' }).click();
    await waitForStep(page, 'Name');
    await fillField(page, 'name', 'Back and forth');
    await next(page, 'Settings');
    await fillField(page, 'timeZone', 'Asia/Tokyo');
    await fillField(page, 'rateLimit.amount', '7');
    await fillField(page, 'rateLimit.unit', 'minute');
    await next(page, 'Credentials');
    await page.locator('.wizard-actions button.back').click();
    await waitForStep(page, 'Settings');
    assert.equal(await page.locator(idOf('timeZone')).inputValue(), 'Asia/Tokyo');
    assert.equal(await page.locator(idOf('rateLimit.amount')).inputValue(), '7');
    assert.equal(await page.locator(`${idOf('rateLimit.unit')} option:checked`).textContent(), 'minute');
    await page.locator('.wizard-actions button.back').click();
    await waitForStep(page, 'Name');
    assert.equal(await page.locator(idOf('name')).inputValue(), 'Back and forth');
    await next(page, 'Settings');
    await next(page, 'Credentials');
    await openAdvanced(page);
    await fillField(page, 'credentials.client_id', 'ing-client-0002');
    await fillField(page, 'credentials.key_id', 'SN=01,CA=Test');
    await page.locator(`${idOf('certificate')}-file`).setInputFiles([expired.certPem, expired.keyPem]);
    await page.locator(`${idOf('certificate')}-status`).filter({ hasText: 'Loaded' }).waitFor();
    await next(page);
    await page.locator(`${idOf('certificate')}-error`).waitFor();
    assert.match(await fieldError(page, 'certificate'), /expired/i);
    await assertAccessible(page, 'wizard, Credentials step with an expired certificate');
    assert.match(await progress(page), /Credentials$/);
    await page.locator('.wizard-actions button.back').click();
    await waitForStep(page, 'Settings');
    await next(page, 'Credentials');
    assert.equal(await page.locator(idOf('credentials.client_id')).inputValue(), 'ing-client-0002');
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('the pool select appears only for connectors that take a pool', async () => {
    const created = await apiClient.post('/api/pools', { id: 'ns-pool', name: 'NetSuite pool', limit: 5, timeout: 30 });
    assert.equal(created.status, 201);
    const page = await signedInPage(stack);
    for (const [name, expected] of [['Oracle NetSuite', 1], ['Shopify', 0]]) {
      await page.goto('/#/');
      await page.getByRole('link', { name: `Add new instance for ${name}` }).click();
      await waitForStep(page, 'Name');
      await fillField(page, 'name', `Pool check ${name}`);
      await next(page, 'Settings');
      assert.equal(await page.locator(idOf('poolId')).count(), expected, name);
      if (expected) {
        await fillField(page, 'poolId', 'NetSuite pool (5 concurrent)');
        await screenshot(page, 'wizard-settings-pool-desktop');
        await assertAccessible(page, 'wizard, Settings step with the pool select');
        await page.getByRole('button', { name: 'Clear Connection pool' }).click();
        assert.equal(await page.locator(`${idOf('poolId')} option:checked`).textContent(), 'None');
      }
      await page.locator('.wizard-actions button.cancel').click();
      // a name was entered: Cancel asks first
      await page.getByRole('dialog', { name: 'Discard this instance?' }).getByRole('button', { name: 'Discard' }).click();
      await page.getByRole('heading', { name: 'Connectors', level: 2 }).waitFor();
    }
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('sharing another instance\'s rate limit: offered, hides the own limit, shown on both cards, undone in the settings', async () => {
    const owner = (await apiClient.get('/api/connectors/shopify/instances')).json.data.find((i) => i.name === 'E2E shopify access_token');
    assert.ok(owner, 'the instance made by the first test');
    const page = await signedInPage(stack);
    await page.getByRole('link', { name: 'Add new instance for Shopify' }).click();
    await waitForStep(page, 'Name');
    await fillField(page, 'name', 'Borrowing shop');
    await next(page, 'Settings');
    const select = page.locator(idOf('sharedLimitOf'));
    assert.deepEqual(await select.locator('option').allTextContents(), ['None', owner.name]);
    assert.equal(await page.locator(idOf('rateLimit.amount')).count(), 1);
    await select.focus();
    await select.selectOption({ label: owner.name });
    await page.locator(idOf('rateLimit.amount')).waitFor({ state: 'detached' });
    assert.equal(await page.locator(idOf('rateLimit.unit')).count(), 0);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'w-sharedLimitOf', 'the focus stays on the select');
    await screenshot(page, 'wizard-settings-shared-limit-desktop');
    await assertAccessible(page, 'wizard, Settings step sharing a rate limit');
    await next(page, 'Credentials');
    for (const [key, value] of Object.entries(METHODS[0].values)) await fillField(page, key, value);
    await next(page, 'Review');
    assert.match(await page.locator('.review').textContent(), new RegExp(`Share the rate limit of\\s*${owner.name}`));
    await page.locator('.wizard-actions button.next').click();
    await page.getByRole('heading', { name: 'Connectors', level: 2 }).waitFor();
    const card = page.locator('article.instance', { has: page.locator('.instance-name', { hasText: 'Borrowing shop' }) });
    await card.waitFor();
    const stored = (await apiClient.get('/api/connectors/shopify/instances')).json.data.find((i) => i.name === 'Borrowing shop');
    assert.equal(stored.sharedLimitOf, owner.id);
    assert.equal(stored.rateLimit, null);
    const limitText = async (name) => (await page.locator('article.instance', { has: page.locator('.instance-name', { hasText: name }) })
      .locator('dt', { hasText: 'Rate limit' }).locator('xpath=following-sibling::dd[1]').textContent()).trim();
    assert.match(await limitText('Borrowing shop'), new RegExp(`, shared with ${owner.name}$`));
    assert.match(await limitText(owner.name), /, shared with Borrowing shop$/);
    // the settings dialog: the share is shown; clearing it brings the own limit back, and saving keeps it
    await card.getByRole('button', { name: 'Settings' }).click();
    const dialogSelect = page.locator(idOf('sharedLimitOf', 'e'));
    assert.equal(await dialogSelect.locator('option:checked').textContent(), owner.name);
    assert.equal(await page.locator(idOf('rateLimit.amount', 'e')).count(), 0);
    await dialogSelect.focus();
    await dialogSelect.selectOption({ label: 'None' });
    await page.locator(idOf('rateLimit.amount', 'e')).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'e-sharedLimitOf');
    await fillField(page, 'rateLimit.amount', 7, 'e');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const summary = page.getByRole('dialog').locator('.error-summary');
    await Promise.race([page.getByRole('dialog').waitFor({ state: 'detached' }), summary.waitFor()]);
    assert.equal(await page.getByRole('dialog').count(), 0, `the dialog refused to save: ${await summary.textContent().catch(() => '')}`);
    const saved = (await apiClient.get(`/api/connectors/shopify/instances/${stored.id}`)).json;
    assert.equal(saved.sharedLimitOf, null);
    assert.equal(saved.rateLimit.amount, 7);
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('switching the authentication method and back keeps what was typed for each method', async () => {
    const page = await signedInPage(stack);
    await page.getByRole('link', { name: 'Add new instance for Salesforce' }).click();
    await waitForStep(page, 'Name');
    await fillField(page, 'name', 'Method switch');
    await next(page, 'Settings');
    await next(page, 'Authentication type');
    assert.match(await progress(page), /^Step 3 of 5/);
    await assertAccessible(page, 'wizard, Authentication type step (two methods)');
    const back = () => page.locator('.wizard-actions button.back').click();
    await fillField(page, 'authMethodId', 'User name and password (legacy)');
    await next(page, 'Credentials');
    await fillField(page, 'credentials.username', 'ops@example.com');
    await back();
    await waitForStep(page, 'Authentication type');
    await fillField(page, 'authMethodId', 'Web server flow (authorization code)');
    await next(page, 'Credentials');
    assert.equal(await page.locator(idOf('credentials.username')).count(), 0, 'the other method\'s inputs are not shown');
    await fillField(page, 'credentials.client_id', 'sf-client-id-1');
    await back();
    await waitForStep(page, 'Authentication type');
    await fillField(page, 'authMethodId', 'User name and password (legacy)');
    await next(page, 'Credentials');
    assert.equal(await page.locator(idOf('credentials.username')).inputValue(), 'ops@example.com', 'kept while the other method was chosen');
    await back();
    await waitForStep(page, 'Authentication type');
    await fillField(page, 'authMethodId', 'Web server flow (authorization code)');
    await next(page, 'Credentials');
    assert.equal(await page.locator(idOf('credentials.client_id')).inputValue(), 'sf-client-id-1');
    await page.locator('.wizard-actions button.cancel').click();
    await page.getByRole('dialog', { name: 'Discard this instance?' }).getByRole('button', { name: 'Discard' }).click();
    await page.getByRole('heading', { name: 'Connectors', level: 2 }).waitFor();
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('a draft survives a reload (without its secrets)', async () => {
    const page = await signedInPage(stack);
    await page.getByRole('link', { name: 'Add new instance for Jira Cloud' }).click();
    await waitForStep(page, 'Name');
    await fillField(page, 'name', 'Draft survivor');
    await next(page, 'Settings');
    await fillField(page, 'timeZone', 'America/New_York');
    await next(page, 'Credentials');
    await fillField(page, 'credentials.password', 'draft-secret-0123456789');
    await page.reload();
    await page.getByRole('button', { name: 'Resume draft' }).waitFor();
    await screenshot(page, 'wizard-draft-offer-desktop');
    await assertAccessible(page, 'wizard with the draft offer');
    await page.getByRole('button', { name: 'Resume draft' }).click();
    await waitForStep(page, 'Credentials');
    // the resumed step is the whole step: its connection test is there
    await page.locator('.connection-test').getByRole('button', { name: 'Test connection' }).waitFor({ timeout: 3000 });
    await page.locator('.wizard-actions button.back').click();
    await waitForStep(page, 'Settings');
    assert.equal(await page.locator(idOf('timeZone')).inputValue(), 'America/New_York');
    const storage = await page.evaluate(() => JSON.stringify(localStorage));
    assert.ok(storage.includes('Draft survivor'));
    assert.ok(!storage.includes('draft-secret-0123456789'));
    // the manage page offers it as well
    await page.goto('/#/');
    await page.getByRole('heading', { name: 'Unfinished instances' }).waitFor();
    assert.match(await page.locator('.drafts').textContent(), /Draft survivor/);
    await assertAccessible(page, 'manage page with unfinished instances');
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('drafts: none for a wizard left untouched; a name being typed survives a reload', async () => {
    const page = await signedInPage(stack);
    const drafts = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('.draft.')));
    await page.getByRole('link', { name: 'Add new instance for Shopify' }).click();
    await waitForStep(page, 'Name');
    await page.goBack();
    await page.getByRole('heading', { name: 'Connectors', level: 2 }).waitFor();
    assert.deepEqual(await drafts(), []);
    assert.equal(await page.getByRole('heading', { name: 'Unfinished instances' }).count(), 0);
    // typed, not left: kept once typing pauses, and on a reload
    await page.getByRole('link', { name: 'Add new instance for Jira Cloud' }).click();
    await waitForStep(page, 'Name');
    await page.locator(idOf('name')).pressSequentially('Typed not left');
    await page.waitForFunction(() => Object.values(localStorage).some((v) => v.includes('Typed not left')));
    await page.locator(idOf('name')).pressSequentially(' yet');
    await page.reload();
    await page.getByRole('button', { name: 'Resume draft' }).click();
    await waitForStep(page, 'Name');
    assert.equal(await page.locator(idOf('name')).inputValue(), 'Typed not left yet');
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('every wizard step at 360 px wide (screenshots), usable without horizontal scrolling', async () => {
    const page = await signedInPage(stack, { viewport: PHONE });
    const noOverflow = async (where) => {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= PHONE.width, `${where}: the page is ${width}px wide`);
    };
    await noOverflow('manage');
    await screenshot(page, 'manage-phone');
    await assertAccessible(page, 'manage page (phone)');
    await createInstance(page, {
      connectorName: 'Salesforce', name: 'Phone instance', method: 'Web server flow (authorization code)',
      values: METHODS.find((m) => m.methodId === 'web_server').values,
      onStep: async (step) => {
        await noOverflow(step);
        await screenshot(page, `wizard-${step}-phone`);
        await assertAccessible(page, `wizard, ${step} step (phone)`);
      },
    });
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('the first click after fixing a field acts: nothing moves under the pointer', async () => {
    const taken = await apiClient.post('/api/connectors/shopify/instances', {
      name: 'First click taken', timeZone: 'UTC', dateFormat: 'Y-m-d', rateLimit: { amount: 2, unit: 'second' }, poolId: null,
      authMethodId: 'access_token', credentials: { store_name: 'taken', access_token: `shpat_${hex(32)}` }, certificate: null,
    });
    assert.equal(taken.status, 201);
    const page = await signedInPage(stack);
    /** One click on Next (no retry) moves to `title`. */
    const oneClick = async (title) => {
      await page.locator('.wizard-actions button.next').click();
      await page.locator('#wizard-progress').filter({ hasText: new RegExp(`: ${title}$`) }).waitFor({ timeout: 3000 });
    };
    await page.getByRole('link', { name: 'Add new instance for Shopify' }).click();
    await waitForStep(page, 'Name');
    // a name taken: refused with the summary at the top; fixed, then Next once
    await page.locator(idOf('name')).fill('First click taken');
    await next(page);
    await page.locator('.error-summary').waitFor();
    await page.locator(idOf('name')).fill('First click');
    await oneClick('Settings');
    // an error shown on leaving the rate limit, fixed, then Next once
    await fillField(page, 'rateLimit.amount', '0');
    await page.locator(`${idOf('rateLimit.amount')}-error`).waitFor();
    await page.locator(idOf('rateLimit.amount')).fill('4');
    await oneClick('Credentials');
    await fillField(page, 'credentials.store_name', 'first-click');
    await fillField(page, 'credentials.access_token', 'not-a-token');
    await page.locator(`${idOf('credentials.access_token')}-error`).waitFor();
    await page.locator(idOf('credentials.access_token')).fill(`shpat_${hex(32)}`);
    await oneClick('Review');
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('an error shown on leaving a field stays until that field is fixed', async () => {
    const page = await signedInPage(stack);
    await page.getByRole('link', { name: 'Add new instance for Jira Cloud' }).click();
    await waitForStep(page, 'Name');
    await fillField(page, 'name', 'Errors stay');
    await next(page, 'Settings');
    await next(page, 'Credentials');
    await fillField(page, 'credentials.site_url', 'http://example.com');
    await fillField(page, 'credentials.username', 'not an e-mail');
    await fillField(page, 'credentials.password', 'short');
    assert.notEqual(await fieldError(page, 'credentials.site_url'), '', 'site URL');
    assert.notEqual(await fieldError(page, 'credentials.username'), '', 'e-mail');
    assert.notEqual(await fieldError(page, 'credentials.password'), '', 'token');
    assert.equal(await page.locator(idOf('credentials.site_url')).getAttribute('aria-invalid'), 'true');
    // fixing one field takes its error away, and only its own
    await fillField(page, 'credentials.username', 'ops@example.com');
    assert.equal(await fieldError(page, 'credentials.username'), '');
    assert.notEqual(await fieldError(page, 'credentials.site_url'), '');
    // still wrong after a change: the error stays (with what is wrong now)
    await fillField(page, 'credentials.site_url', 'https://not-atlassian.example.com');
    assert.notEqual(await fieldError(page, 'credentials.site_url'), '');
    await fillField(page, 'credentials.site_url', 'https://acme.atlassian.net');
    assert.equal(await fieldError(page, 'credentials.site_url'), '');
    assert.notEqual(await fieldError(page, 'credentials.password'), '');
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('server errors land at their field (a name taken meanwhile)', async () => {
    const page = await signedInPage(stack);
    await page.getByRole('link', { name: 'Add new instance for Shopify' }).click();
    await waitForStep(page, 'Name');
    await fillField(page, 'name', 'Raced name');
    await next(page, 'Settings');
    await next(page, 'Credentials');
    await fillField(page, 'credentials.store_name', 'raced');
    await fillField(page, 'credentials.access_token', `shpat_${hex(32)}`);
    await next(page, 'Review');
    // the review masks secrets
    const review = await page.locator('.review').textContent();
    assert.ok(!review.includes(hex(32)), 'the token is not shown on the review');
    assert.match(review, /Access token\s*••••••••/);
    // another client takes the name before this page submits
    const other = await apiClient.post('/api/connectors/shopify/instances', {
      name: 'Raced name', timeZone: 'UTC', dateFormat: 'Y-m-d', rateLimit: { amount: 2, unit: 'second' }, poolId: null,
      authMethodId: 'access_token', credentials: { store_name: 'other', access_token: `shpat_${hex(32)}` }, certificate: null,
    });
    assert.equal(other.status, 201);
    await page.locator('.wizard-actions button.next').click();
    await waitForStep(page, 'Name');
    await page.locator(`${idOf('name')}-error`).waitFor();
    assert.match(await fieldError(page, 'name'), /taken/);
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('date format: a preset fills the pattern, a custom pattern previews live', async () => {
    const page = await signedInPage(stack);
    await page.getByRole('link', { name: 'Add new instance for Shopify' }).click();
    await waitForStep(page, 'Name');
    await fillField(page, 'name', 'Formats');
    await next(page, 'Settings');
    const pattern = page.locator(idOf('dateFormat'));
    const preview = page.locator(`${idOf('dateFormat')}-preview`);
    await page.locator(`${idOf('dateFormat')}-preset`).selectOption({ index: 0 });
    const preset = await pattern.inputValue();
    assert.notEqual(preset, '');
    await pattern.fill('d.m.Y');
    assert.match(await preview.textContent(), /^\d{2}\.\d{2}\.\d{4}$/);
    assert.equal(await page.locator(`${idOf('dateFormat')}-preset option:checked`).textContent(), 'Custom pattern…');
    await pattern.fill('Y-m-d H:i:s');
    assert.match(await preview.textContent(), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    await pattern.press('Tab');
    await next(page, 'Credentials');
    await page.locator('.wizard-actions button.back').click();
    await waitForStep(page, 'Settings');
    assert.equal(await pattern.inputValue(), 'Y-m-d H:i:s');
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('an emptied date format or time zone is an error; the review shows what is stored', async () => {
    const page = await signedInPage(stack);
    await page.getByRole('link', { name: 'Add new instance for Shopify' }).click();
    await waitForStep(page, 'Name');
    await fillField(page, 'name', 'Empty format');
    await next(page, 'Settings');
    await fillField(page, 'dateFormat', '');
    assert.match(await fieldError(page, 'dateFormat'), /required/);
    // Tab with the zone list open leaves the field (the list is not a stop of its own)
    await page.locator(idOf('timeZone')).fill('');
    await page.locator(idOf('timeZone')).press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'w-dateFormat-preset');
    assert.match(await fieldError(page, 'timeZone'), /required/);
    await next(page);
    await page.locator('.error-summary').waitFor();
    assert.match(await progress(page), /Settings$/);
    await assertAccessible(page, 'wizard, Settings step with the error summary');
    assert.match(await fieldError(page, 'dateFormat'), /required/);
    await fillField(page, 'dateFormat', 'd.m.Y H:i');
    await fillField(page, 'timeZone', 'Europe/Vienna');
    await next(page, 'Credentials');
    await fillField(page, 'credentials.store_name', 'empty-format');
    await fillField(page, 'credentials.access_token', `shpat_${hex(32)}`);
    await next(page, 'Review');
    const shown = async (label) => (await page.locator('.review dt', { hasText: new RegExp(`^${label}$`) })
      .locator('xpath=following-sibling::dd[1]').textContent()).trim();
    assert.equal(await shown('Date format'), 'd.m.Y H:i');
    assert.equal(await shown('Time zone'), 'Europe/Vienna');
    await page.locator('.wizard-actions button.next').click();
    await page.locator('.instance-name', { hasText: 'Empty format' }).waitFor();
    const stored = (await apiClient.get('/api/connectors/shopify/instances')).json.data.find((i) => i.name === 'Empty format');
    assert.equal(stored.dateFormat, 'd.m.Y H:i');
    assert.equal(stored.timeZone, 'Europe/Vienna');
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('a method with no connection test says so, in the wizard and on its card, and records nothing', async () => {
    const full = (await apiClient.get('/api/connectors/salesforce')).json;
    const legacy = full.authMethods.find((m) => m.id === 'username_password');
    assert.equal(legacy.check, undefined, 'the method defines no check request');
    const page = await signedInPage(stack);
    await page.getByRole('link', { name: 'Add new instance for Salesforce' }).click();
    await waitForStep(page, 'Name');
    await fillField(page, 'name', 'No check');
    await next(page, 'Settings');
    await next(page, 'Authentication type');
    await fillField(page, 'authMethodId', legacy.name);
    await next(page, 'Credentials');
    const panel = page.locator('.connection-test');
    await panel.filter({ hasText: 'No connection test available' }).waitFor();
    await assertAccessible(page, 'wizard, Credentials step of a method with no connection test');
    assert.equal(await panel.getByRole('button', { name: 'Test connection' }).count(), 0);
    await fillField(page, 'credentials.username', 'ops@example.com');
    await fillField(page, 'credentials.password', 'sf-password-value');
    await next(page, 'Review');
    await page.locator('.wizard-actions button.next').click();
    const card = page.locator('article.instance', { has: page.locator('.instance-name', { hasText: 'No check' }) });
    await card.waitFor();
    assert.match(await card.locator('.test-result').textContent(), /No connection test available/);
    assert.equal(await card.getByRole('button', { name: 'Test connection' }).count(), 0);
    const stored = (await apiClient.get('/api/connectors/salesforce/instances')).json.data.find((i) => i.name === 'No check');
    assert.equal(stored.connection.status, 'untested');
    // a method with a check keeps its test on the card (the list's summaries do not say)
    const jira = page.locator('article.instance', { has: page.locator('.instance-name', { hasText: 'E2E jira-cloud api_token' }) });
    assert.equal(await jira.getByRole('button', { name: 'Test connection' }).count(), 1);
    assert.doesNotMatch(await jira.locator('.test-result').textContent(), /No connection test/);
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('Test connection keeps the focus on its button and announces the result', async () => {
    const page = await signedInPage(stack);
    await page.getByRole('link', { name: 'Add new instance for Shopify' }).click();
    await waitForStep(page, 'Name');
    await fillField(page, 'name', 'Focus kept');
    await next(page, 'Settings');
    await next(page, 'Credentials');
    await fillField(page, 'credentials.store_name', 'focus-kept');
    await fillField(page, 'credentials.access_token', `shpat_${hex(32)}`);
    const button = page.locator('.connection-test').getByRole('button', { name: 'Test connection' });
    await button.click();
    // the store cannot be reached from the test machine: a failed result
    await page.locator('.connection-result.failed').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Test connection');
    await page.locator('#status-region').filter({ hasText: /Connection test failed/ }).waitFor();
    await assertAccessible(page, 'wizard, Credentials step with a failed connection test');
    // by keyboard too
    await button.focus();
    await page.keyboard.press('Enter');
    await page.locator('.connection-result.failed').waitFor();
    await page.waitForFunction(() => !document.querySelector('.connection-test button').matches('[aria-disabled=true]'));
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Test connection');
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('a connection test with an empty field names the field by its label', async () => {
    const page = await signedInPage(stack);
    await page.getByRole('link', { name: 'Add new instance for Jira Cloud' }).click();
    await waitForStep(page, 'Name');
    await fillField(page, 'name', 'Empty site');
    await next(page, 'Settings');
    await next(page, 'Credentials');
    await fillField(page, 'credentials.username', 'ops@example.com');
    await fillField(page, 'credentials.password', 'jira-api-token-0123456789');
    await page.locator('.connection-test').getByRole('button', { name: 'Test connection' }).click();
    const line = page.locator('.connection-result.failed');
    await line.waitFor();
    const text = await line.textContent();
    assert.doesNotMatch(text, /site_url/);
    assert.match(text, /Site URL/);
    const atField = await fieldError(page, 'credentials.site_url');
    assert.doesNotMatch(atField, /site_url/);
    assert.match(atField, /Site URL/);
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('certificates: pasted PEM and an uploaded PKCS#12 file are read by the module', async () => {
    const cert = makeCertificate(t, { passphrase: PASSPHRASE, cn: 'p12.example' });
    const page = await signedInPage(stack);
    await page.getByRole('link', { name: 'Add new instance for ING Open Banking (PSD2)' }).click();
    await waitForStep(page, 'Name');
    await fillField(page, 'name', 'PKCS#12 upload');
    await next(page, 'Settings');
    await next(page, 'Credentials');
    await openAdvanced(page);
    await fillField(page, 'credentials.client_id', 'ing-client-0003');
    await fillField(page, 'credentials.key_id', 'SN=0F,CA=Test');
    const status = page.locator(`${idOf('certificate')}-status`);
    const pem = `${readFileSync(cert.certPem, 'utf8')}${readFileSync(cert.keyPem, 'utf8')}`;
    await page.locator(idOf('certificate')).fill(pem);
    await page.locator(idOf('certificate')).press('Tab');
    await status.filter({ hasText: 'Pasted text' }).waitFor();
    // the key is encrypted: the module reads it once the passphrase is there
    await fillField(page, 'certificate.passphrase', PASSPHRASE);
    await status.filter({ hasText: 'p12.example' }).waitFor();
    assert.match(await status.textContent(), /p12\.example, valid until .*\(PEM, private key encrypted\)/);
    await page.locator(`${idOf('certificate')}-file`).setInputFiles(cert.p12);
    await status.filter({ hasText: 'Loaded client.p12' }).waitFor();
    assert.equal(await page.locator(idOf('certificate')).inputValue(), '', 'the binary file is not shown as text');
    assert.match(await status.textContent(), /PKCS#12/);
    await assertAccessible(page, 'wizard, Credentials step with a PKCS#12 file loaded');
    await next(page, 'Review');
    await page.locator('.wizard-actions button.next').click();
    await page.locator('.instance-name', { hasText: 'PKCS#12 upload' }).waitFor();
    const stored = (await apiClient.get('/api/connectors/ing-psd2/instances')).json.data.find((i) => i.name === 'PKCS#12 upload');
    assert.equal(stored.secrets['certificate.data'].secretSet, true);
    assertNoProblems(page);
    await page.context().close();
  });

  // the screenshots are for people to look at; make sure they were written
  assert.ok(readFileSync(join(SCREENSHOTS, 'wizard-review-desktop.png')).length > 1000);
});
