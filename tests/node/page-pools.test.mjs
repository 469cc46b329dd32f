// The connection pools view in a real browser against the real server: reached from the
// manage page, create / edit / delete by keyboard alone, deletion refused with the
// instances named while a pool is in use, the errors of the module's validatePool at their
// fields, "Create a connection pool" offered by the wizard of a connector with a
// concurrency limit, axe-core on every view and screenshots at 1280×800 and 390×844.
import test from 'node:test';
import assert from 'node:assert/strict';
import { client } from './server-harness.mjs';
import { startStack, signedInPage, screenshot, skipReason, REVIEW_DESKTOP, REVIEW_PHONE } from './page-harness.mjs';
import {
  fillField, next, waitForStep, idOf, fieldError, assertNoProblems, assertAccessible, tabTo, focusedId, hex,
} from './page-driver.mjs';

function netsuiteInstance(name, poolId) {
  return {
    name, timeZone: 'UTC', dateFormat: 'Y-m-d H:i:s', rateLimit: { amount: 5, unit: 'second' }, poolId,
    authMethodId: 'token_based',
    credentials: { account_id: '42', realm: '42', consumer_key: hex(64), consumer_secret: hex(64), token_key: hex(64), token_secret: hex(64) },
    certificate: null,
  };
}

const skip = skipReason();

test('page: connection pools', { skip: skip || false, timeout: 120_000 }, async (t) => {
  const stack = await startStack(t);
  const api = client(stack.url, stack.adminToken);
  const poolNamed = async (name) => (await api.get('/api/pools')).json.data.find((p) => p.name === name);

  // first: the catalog has no pool yet
  await t.test('the wizard of a connector with a concurrency limit offers "Create a connection pool"; back in it the pool can be chosen', async () => {
    const page = await signedInPage(stack, { viewport: REVIEW_DESKTOP });
    // Shopify has no concurrency limit: no offer
    await page.getByRole('link', { name: 'Add new instance for Shopify' }).click();
    await waitForStep(page, 'Name');
    await fillField(page, 'name', 'No pool offer');
    await next(page, 'Settings');
    assert.equal(await page.locator('.pool-offer').count(), 0);
    await page.goto('/#/');
    await page.getByRole('link', { name: 'Add new instance for Oracle NetSuite' }).click();
    await waitForStep(page, 'Name');
    await fillField(page, 'name', 'NS pooled');
    await next(page, 'Settings');
    assert.equal(await page.locator(idOf('poolId')).count(), 0, 'no pool to choose yet');
    const offer = page.getByRole('link', { name: 'Create a connection pool' });
    await offer.waitFor();
    await assertAccessible(page, 'wizard, Settings step with the pool offer');
    await screenshot(page, 'wizard-pool-offer-desktop');
    await offer.click();
    // the pools view with the new pool form open
    const dialog = page.getByRole('dialog', { name: 'New connection pool' });
    await dialog.waitFor();
    assert.equal(await focusedId(page), 'p-name');
    await fillField(page, 'name', 'NetSuite pool', 'p');
    await fillField(page, 'limit', '2', 'p');
    await dialog.getByRole('button', { name: 'Create pool' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.confirmation').filter({ hasText: 'Pool “NetSuite pool” created.' }).waitFor();
    // back to the wizard, where the draft kept the name and the pool can be chosen now
    await page.getByRole('link', { name: 'Back to the new Oracle NetSuite instance' }).click();
    await waitForStep(page, 'Settings');
    await fillField(page, 'poolId', 'NetSuite pool (2 concurrent)');
    assert.equal(await page.locator('.pool-offer').count(), 0);
    await next(page, 'Credentials');
    for (const [key, value] of Object.entries({
      'credentials.account_id': '7', 'credentials.realm': '7', 'credentials.consumer_key': hex(64), 'credentials.consumer_secret': hex(64),
      'credentials.token_key': hex(64), 'credentials.token_secret': hex(64),
    })) await fillField(page, key, value);
    await next(page, 'Review');
    await page.locator('.wizard-actions button.next').click();
    await page.locator('.instance-name', { hasText: 'NS pooled' }).waitFor();
    const stored = (await api.get('/api/connectors/netsuite/instances')).json.data.find((i) => i.name === 'NS pooled');
    assert.equal(stored.poolId, (await poolNamed('NetSuite pool')).id);
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('keyboard only: from the manage page, create, edit and delete a pool; axe-core on each view', async () => {
    const page = await signedInPage(stack, { viewport: REVIEW_DESKTOP });
    const press = (key) => page.keyboard.press(key);
    await tabTo(page, '#pools-link');
    await press('Enter');
    await page.getByRole('heading', { name: 'Connection pools', level: 2 }).waitFor();
    await assertAccessible(page, 'pools view');
    // create: the module's rules at the fields (a limit of 0), fixed, then Enter saves
    await tabTo(page, 'button.primary');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'New pool');
    await press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New connection pool' });
    await dialog.waitFor();
    assert.equal(await focusedId(page), 'p-name');
    await page.keyboard.type('Keyboard pool');
    await press('Tab');
    assert.equal(await focusedId(page), 'p-limit');
    await page.keyboard.type('0');
    await press('Tab');
    assert.equal(await fieldError(page, 'limit', 'p'), 'Error: The limit must be at least 1.');
    await assertAccessible(page, 'new pool form with an error');
    await screenshot(page, 'pool-form-error-desktop', { fullPage: false });
    await press('Shift+Tab');
    assert.equal(await focusedId(page), 'p-limit');
    await press('ControlOrMeta+a');
    await page.keyboard.type('4');
    await press('Tab');
    assert.equal(await fieldError(page, 'limit', 'p'), '');
    assert.equal(await focusedId(page), 'p-timeout');
    await page.keyboard.type('30');
    await press('Enter');
    await dialog.waitFor({ state: 'detached' });
    const created = await poolNamed('Keyboard pool');
    assert.deepEqual({ limit: created.limit, timeout: created.timeout }, { limit: 4, timeout: 30 });
    // the new pool has the focus (once the list is drawn again), and a visible confirmation says what happened
    await page.waitForFunction((id) => document.activeElement?.id === id, `pool-${created.id}`, { timeout: 5000 }).catch(() => {});
    assert.equal(await focusedId(page), `pool-${created.id}`);
    assert.equal(await page.locator('.confirmation p').textContent(), '✓ Pool “Keyboard pool” created.');
    await assertAccessible(page, 'pools view with a confirmation');
    await screenshot(page, 'pools-desktop');
    // edit: a limit of 6 and no timeout
    const card = page.locator(`article[data-pool-id="${created.id}"]`);
    await tabTo(page, `article[data-pool-id="${created.id}"] button:not(.danger)`);
    await press('Enter');
    const edit = page.getByRole('dialog', { name: 'Edit Keyboard pool' });
    await edit.waitFor();
    await assertAccessible(page, 'edit pool form');
    await tabTo(page, '#p-limit');
    await press('ControlOrMeta+a');
    await page.keyboard.type('6');
    await press('Tab');
    await press('ControlOrMeta+a');
    await press('Backspace');
    await press('Enter');
    await edit.waitFor({ state: 'detached' });
    assert.deepEqual(await poolNamed('Keyboard pool').then((p) => [p.limit, p.timeout]), [6, null]);
    await card.locator('dd', { hasText: 'None: requests wait as long as it takes' }).waitFor();
    // delete: asked once, then gone
    await tabTo(page, `article[data-pool-id="${created.id}"] button.danger`);
    await press('Enter');
    const remove = page.getByRole('dialog', { name: 'Delete Keyboard pool?' });
    await remove.waitFor();
    await assertAccessible(page, 'delete pool dialog');
    await tabTo(page, 'dialog button[type=submit]');
    await press('Enter');
    await remove.waitFor({ state: 'detached' });
    await card.waitFor({ state: 'detached' });
    assert.equal((await api.get(`/api/pools/${created.id}`)).status, 404);
    assert.equal(await page.locator('.confirmation p').textContent(), '✓ Pool “Keyboard pool” deleted.');
    assert.equal(await focusedId(page), 'pools-title');
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('a pool in use is not deleted: the dialog names its instances; the server\'s refusal shows too', async () => {
    const pool = (await api.post('/api/pools', { name: 'Busy pool', limit: 3, timeout: null })).json;
    const made = await api.post('/api/connectors/netsuite/instances', netsuiteInstance('Uses the busy pool', pool.id));
    assert.equal(made.status, 201, made.text);
    const page = await signedInPage(stack, { viewport: REVIEW_PHONE });
    await page.goto('/#/pools');
    const card = page.locator(`article[data-pool-id="${pool.id}"]`);
    await card.waitFor();
    assert.match(await card.textContent(), /Used by1 instanceUses the busy pool \(Oracle NetSuite\)/);
    await assertAccessible(page, 'pools view (phone)');
    await screenshot(page, 'pools-phone');
    await card.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Busy pool cannot be deleted' });
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /Busy pool is used by 1 instance\. Move it to another pool \(or to none\) in its settings first:Uses the busy pool \(Oracle NetSuite\)/);
    assert.equal(await dialog.getByRole('button', { name: 'Delete pool' }).count(), 0);
    await assertAccessible(page, 'pool in use dialog (phone)');
    await screenshot(page, 'pool-in-use-phone', { fullPage: false });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // an instance that joins after the page was drawn: the server refuses, the dialog says so
    const quiet = (await api.post('/api/pools', { name: 'Quiet pool', limit: 1, timeout: 5 })).json;
    await page.reload();
    const quietCard = page.locator(`article[data-pool-id="${quiet.id}"]`);
    await quietCard.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete Quiet pool?' });
    await confirm.waitFor();
    assert.equal((await api.post('/api/connectors/netsuite/instances', netsuiteInstance('Joins late', quiet.id))).status, 201);
    await confirm.getByRole('button', { name: 'Delete pool' }).click();
    await confirm.locator('#pool-delete-error').filter({ hasText: 'Could not delete: The pool is used by 1 instance' }).waitFor();
    assert.equal((await api.get(`/api/pools/${quiet.id}`)).status, 200);
    // the phone's new pool form
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'New pool' }).click();
    await page.getByRole('dialog', { name: 'New connection pool' }).waitFor();
    await assertAccessible(page, 'new pool form (phone)');
    await screenshot(page, 'pool-form-phone', { fullPage: false });
    // an instance named in the list leads to it on the manage page
    await page.keyboard.press('Escape');
    await card.getByRole('link', { name: 'Uses the busy pool' }).click();
    await page.getByRole('heading', { name: 'Connectors', level: 2 }).waitFor();
    await page.waitForFunction((id) => document.activeElement?.id === `instance-${id}`, made.json.id);
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('a save the server refuses (the pool was deleted meanwhile) is shown in the form', async () => {
    const pool = (await api.post('/api/pools', { name: 'Vanishing pool', limit: 2, timeout: null })).json;
    const page = await signedInPage(stack, { viewport: REVIEW_DESKTOP });
    await page.goto('/#/pools');
    await page.locator(`article[data-pool-id="${pool.id}"]`).getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Vanishing pool' });
    await dialog.waitFor();
    assert.equal((await api.delete(`/api/pools/${pool.id}`)).status, 204);
    await fillField(page, 'limit', '3', 'p');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.locator('.error-summary').filter({ hasText: 'Could not save: No such pool.' }).waitFor();
    await assertAccessible(page, 'pool form with a request error');
    assertNoProblems(page);
    await page.context().close();
  });
});
