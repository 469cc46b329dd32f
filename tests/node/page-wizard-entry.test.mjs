// Entering values in the add-instance wizard and moving through it, in a real browser
// (Debian's Chromium via playwright-core) against the real server: the time zone box,
// client certificates (passphrase, expiry, damaged files, no key on screen, subject and
// expiry on Review, the card and the settings dialog), the OAuth callback URL, Cancel after
// input, and the browser's Back and Forward over the steps. axe-core on every view shown;
// screenshots at 1280×800 and 390×844.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { client } from './server-harness.mjs';
import { startStack, signedInPage, screenshot, makeCertificate, makeExpiredCertificate, skipReason } from './page-harness.mjs';
import { fillField, next, waitForStep, progress, fieldError, idOf, openAdvanced, assertNoProblems, assertAccessible } from './page-driver.mjs';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const PASSPHRASE = 'correct horse battery';
const ING = 'ING Open Banking (PSD2)';

const skip = skipReason();

/** Opens the wizard of `connectorName` and fills the name; answers on the Name step. */
async function openWizard(page, connectorName, name) {
  await page.getByRole('link', { name: `Add new instance for ${connectorName}` }).click();
  await waitForStep(page, 'Name');
  if (name) await fillField(page, 'name', name);
}

/** From the Name step of the ING wizard to its Credentials step, with the client id and key id. */
async function toIngCredentials(page, name) {
  await openWizard(page, ING, name);
  await next(page, 'Settings');
  await next(page, 'Credentials');
  await openAdvanced(page);
  await fillField(page, 'credentials.client_id', 'ing-client-0100');
  await fillField(page, 'credentials.key_id', 'SN=0A,CA=Test');
}

const certificateStatus = (page) => page.locator(`${idOf('certificate')}-status`);

test('page: entering values in the wizard and moving through it', { skip: skip || false, timeout: 240_000 }, async (t) => {
  const stack = await startStack(t);
  const apiClient = client(stack.url, stack.adminToken);
  const storedIng = async (name) => (await apiClient.get('/api/connectors/ing-psd2/instances')).json.data.find((i) => i.name === name);

  await t.test('time zone: Tab and Enter take the only suggestion, Enter never submits while choosing', async () => {
    const page = await signedInPage(stack, { viewport: DESKTOP });
    await openWizard(page, 'Shopify', 'Zone picking');
    await next(page, 'Settings');
    const zone = page.locator(idOf('timeZone'));
    // "Berlin" and Tab: the one zone it names, not the raw text
    await zone.fill('Berlin');
    await zone.press('Tab');
    assert.equal(await zone.inputValue(), 'Europe/Berlin');
    assert.equal(await fieldError(page, 'timeZone'), '');
    // "kolkata" and Enter: chosen, and the step stays
    await zone.fill('kolkata');
    await zone.press('Enter');
    assert.equal(await zone.inputValue(), 'Asia/Kolkata');
    assert.match(await progress(page), /Settings$/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'w-timeZone');
    // several matches and none highlighted: Enter neither submits nor picks
    await zone.fill('america');
    await zone.press('Enter');
    assert.match(await progress(page), /Settings$/);
    assert.equal(await zone.inputValue(), 'america');
    // the highlighted one is taken by Tab
    await zone.press('ArrowDown');
    await zone.press('ArrowDown');
    const highlighted = await page.locator('#w-timeZone-list [aria-selected=true] .zone-name').textContent();
    await zone.press('Tab');
    assert.equal(await zone.inputValue(), highlighted);
    // a typed zone that is also in other zones' names is that zone (UTC, not the first match)
    await zone.fill('UTC');
    await zone.press('Enter');
    assert.equal(await zone.inputValue(), 'UTC');
    await screenshot(page, 'entry-timezone-desktop');
    await assertAccessible(page, 'wizard, Settings step after choosing zones');
    // Enter on a closed list goes on
    await zone.press('Enter');
    await waitForStep(page, 'Credentials');
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('time zone: a near miss offers the closest zone; another name says what it stands for', async () => {
    const page = await signedInPage(stack, { viewport: PHONE });
    await openWizard(page, 'Shopify', 'Zone near miss');
    await next(page, 'Settings');
    const zone = page.locator(idOf('timeZone'));
    await zone.fill('Europe/Berlni');
    await zone.press('Escape');
    await zone.press('Tab');
    await page.locator(`${idOf('timeZone')}-error`).waitFor();
    const suggestion = page.locator(`${idOf('timeZone')}-suggestion`);
    await suggestion.waitFor();
    assert.equal((await suggestion.textContent()).trim(), 'Did you mean Europe/Berlin?');
    await screenshot(page, 'entry-timezone-suggestion-phone');
    await assertAccessible(page, 'wizard, Settings step with a zone suggestion (phone)');
    await suggestion.getByRole('button', { name: 'Europe/Berlin' }).click();
    assert.equal(await zone.inputValue(), 'Europe/Berlin');
    assert.equal(await fieldError(page, 'timeZone'), '');
    assert.equal(await suggestion.isVisible(), false);
    // a city typed with a slip
    await zone.fill('Kolkatta');
    await zone.press('Escape');
    await zone.press('Tab');
    await suggestion.filter({ hasText: 'Did you mean Asia/Kolkata?' }).waitFor();
    // a legacy name: the zone it stands for, and the line says so
    await zone.fill('US/Eastern');
    await zone.press('Tab');
    assert.equal(await zone.inputValue(), 'America/New_York');
    assert.match(await page.locator(`${idOf('timeZone')}-now`).textContent(), /^US\/Eastern is another name for America\/New_York\. Now UTC/);
    assert.equal(await fieldError(page, 'timeZone'), '');
    await screenshot(page, 'entry-timezone-alias-phone');
    await next(page, 'Credentials');
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('certificates: a PKCS#12 needs its passphrase, the right one, before Review', async () => {
    const cert = makeCertificate(t, { passphrase: PASSPHRASE, cn: 'p12-check.example' });
    const page = await signedInPage(stack, { viewport: DESKTOP });
    await toIngCredentials(page, 'PKCS#12 passphrase');
    await page.locator(`${idOf('certificate')}-file`).setInputFiles(cert.p12);
    await certificateStatus(page).filter({ hasText: 'Loaded client.p12' }).waitFor();
    // no passphrase: refused on Next, at the passphrase
    await next(page);
    await page.locator(`${idOf('certificate.passphrase')}-error`).waitFor();
    assert.match(await fieldError(page, 'certificate.passphrase'), /passphrase is required/i);
    assert.match(await progress(page), /Credentials$/);
    // a wrong one: said when the field is left, and Next is refused
    await fillField(page, 'certificate.passphrase', 'not the passphrase');
    assert.match(await fieldError(page, 'certificate.passphrase'), /incorrect/i);
    await next(page);
    assert.match(await progress(page), /Credentials$/);
    await screenshot(page, 'entry-certificate-wrong-passphrase-desktop');
    await assertAccessible(page, 'wizard, Credentials step with a wrong PKCS#12 passphrase');
    // the right one: the status names the subject and the expiry, Review does too
    await fillField(page, 'certificate.passphrase', PASSPHRASE);
    assert.equal(await fieldError(page, 'certificate.passphrase'), '');
    await certificateStatus(page).filter({ hasText: 'p12-check.example' }).waitFor();
    assert.match(await certificateStatus(page).textContent(), /p12-check\.example, valid until .*\(PKCS#12\)/);
    await next(page, 'Review');
    const reviewCertificate = page.locator('.review-items dd').filter({ hasText: 'p12-check.example' });
    assert.match(await reviewCertificate.textContent(), /^p12-check\.example, valid until \w+/);
    await screenshot(page, 'entry-certificate-review-desktop');
    await assertAccessible(page, 'wizard, Review with a certificate');
    await page.locator('.wizard-actions button.next').click();
    await page.locator('.instance-name', { hasText: 'PKCS#12 passphrase' }).waitFor();
    const stored = await storedIng('PKCS#12 passphrase');
    assert.equal(stored.certificate.certificates[0].subject, 'p12-check.example');
    // the card and the settings dialog show the subject and the expiry
    const card = page.locator('article.instance', { has: page.locator('.instance-name', { hasText: 'PKCS#12 passphrase' }) });
    assert.match(await card.locator('dd', { hasText: 'p12-check.example' }).textContent(), /^p12-check\.example, valid until /);
    await screenshot(page, 'entry-certificate-card-desktop');
    await card.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    await dialog.getByRole('tab', { name: 'Authentication' }).click();
    const kept = dialog.locator(`${idOf('certificate', 'e')}-status`);
    await openAdvanced(page, dialog);
    assert.match(await kept.textContent(), /A certificate is set and kept\. p12-check\.example, valid until /);
    await screenshot(page, 'entry-certificate-settings-desktop', { fullPage: false });
    await assertAccessible(page, 'settings dialog with a stored certificate');
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('certificates: an expired PKCS#12 is refused; a damaged file is said in words', async () => {
    const expired = makeExpiredCertificate(t);
    const p12 = join(expired.dir, 'expired.p12');
    execFileSync('openssl', ['pkcs12', '-export', '-in', expired.certPem, '-inkey', expired.keyPem, '-out', p12, '-passout', `pass:${PASSPHRASE}`],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    const page = await signedInPage(stack, { viewport: PHONE });
    await toIngCredentials(page, 'Expired PKCS#12');
    await page.locator(`${idOf('certificate')}-file`).setInputFiles(p12);
    await certificateStatus(page).filter({ hasText: 'Loaded expired.p12' }).waitFor();
    await fillField(page, 'certificate.passphrase', PASSPHRASE);
    await next(page);
    await page.locator(`${idOf('certificate')}-error`).waitFor();
    assert.match(await fieldError(page, 'certificate'), /expired/);
    assert.match(await progress(page), /Credentials$/);
    // bytes that are no certificate at all
    const junk = join(expired.dir, 'junk.p12');
    writeFileSync(junk, Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37 + 11) % 256)));
    await page.locator(`${idOf('certificate')}-file`).setInputFiles(junk);
    await certificateStatus(page).filter({ hasText: 'Loaded junk.p12' }).waitFor();
    await page.locator(`${idOf('certificate')}-error`).filter({ hasText: 'PKCS#12' }).waitFor();
    const said = await fieldError(page, 'certificate');
    assert.match(said, /cannot be read as a \.p12\/\.pfx \(PKCS#12\) file/);
    assert.doesNotMatch(said, /tag|0x/);
    await screenshot(page, 'entry-certificate-damaged-phone');
    await assertAccessible(page, 'wizard, Credentials step with a damaged certificate file (phone)');
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('certificates: a private key is never shown; a key the browser cannot check is checked when saved', async () => {
    const cert = makeCertificate(t, { passphrase: PASSPHRASE, cn: 'pem-hidden.example' });
    const pem = `${readFileSync(cert.certPem, 'utf8')}${readFileSync(cert.keyPem, 'utf8')}`;
    const page = await signedInPage(stack, { viewport: DESKTOP });
    await toIngCredentials(page, 'PEM never shown');
    const box = page.locator(idOf('certificate'));
    // pasted: taken at once, never in the box
    await box.focus();
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, pem);
    await certificateStatus(page).filter({ hasText: 'Pasted text' }).waitFor();
    assert.equal(await box.inputValue(), '');
    // uploaded: the box stays empty
    await page.locator(`${idOf('certificate')}-file`).setInputFiles([cert.keyPem, cert.certPem]);
    await certificateStatus(page).filter({ hasText: 'Loaded client.key, client.crt' }).waitFor();
    assert.equal(await box.inputValue(), '');
    // typed (or filled) and left: taken, and the box is emptied
    await box.fill(pem);
    await box.press('Tab');
    await certificateStatus(page).filter({ hasText: 'Pasted text' }).waitFor();
    assert.equal(await box.inputValue(), '');
    const text = await page.locator('main').innerText();
    assert.ok(!text.includes('PRIVATE KEY'), 'a private key is on the screen');
    // the key uses DES-EDE3 (what `openssl req` writes here): the browser says it cannot check
    await fillField(page, 'certificate.passphrase', 'not the passphrase');
    await certificateStatus(page).filter({ hasText: 'pem-hidden.example' }).waitFor();
    assert.match(await certificateStatus(page).textContent(), /the server checks it when the instance is saved/);
    await screenshot(page, 'entry-certificate-pem-desktop');
    await assertAccessible(page, 'wizard, Credentials step with a pasted PEM');
    await next(page, 'Review');
    await page.locator('.wizard-actions button.next').click();
    // the server refuses it at the passphrase, on the Credentials step; nothing is stored
    await waitForStep(page, 'Credentials');
    await page.locator(`${idOf('certificate.passphrase')}-error`).waitFor();
    assert.match(await fieldError(page, 'certificate.passphrase'), /incorrect/i);
    assert.equal(await storedIng('PEM never shown'), undefined);
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('Salesforce: the callback URL is the server\'s, read-only, with a copy button', async () => {
    const page = await signedInPage(stack, { viewport: DESKTOP });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.url });
    await openWizard(page, 'Salesforce', 'Callback shown');
    await next(page, 'Settings');
    await next(page, 'Authentication type');
    await fillField(page, 'authMethodId', 'Web server flow (authorization code)');
    await next(page, 'Credentials');
    assert.equal(await page.locator(idOf('credentials.redirect_uri')).count(), 0, 'no input that does nothing');
    const url = page.getByLabel('Callback URL', { exact: true });
    await page.waitForFunction(() => document.getElementById('callback-url').value !== '');
    assert.equal(await url.inputValue(), `${stack.url}/oauth/callback`);
    assert.equal(await url.getAttribute('readonly'), '');
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.locator('#status-region').filter({ hasText: 'Callback URL copied.' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${stack.url}/oauth/callback`);
    await screenshot(page, 'entry-callback-url-desktop');
    await assertAccessible(page, 'wizard, Salesforce Credentials step with the callback URL');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'entry-callback-url-phone');
    // and Connect sends that URL
    await fillField(page, 'credentials.client_id', 'sf-client-id');
    await fillField(page, 'credentials.client_secret', 'sf-client-secret-value');
    const started = await apiClient.post('/api/oauth/start', {
      connectorId: 'salesforce', authMethodId: 'web_server',
      credentials: { client_id: 'sf-client-id', client_secret: 'sf-client-secret-value', login_url: 'https://login.salesforce.com' },
    });
    assert.equal(new URL(started.json.authorizeUrl).searchParams.get('redirect_uri'), `${stack.url}/oauth/callback`);
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('Cancel asks first once something was entered; not before', async () => {
    const page = await signedInPage(stack, { viewport: DESKTOP });
    // nothing entered: Cancel goes at once
    await openWizard(page, 'Shopify');
    await page.locator('.wizard-actions button.cancel').click();
    await page.getByRole('heading', { name: 'Connectors', level: 2 }).waitFor();
    // a name entered: Cancel asks
    await openWizard(page, 'Shopify', 'Almost cancelled');
    await next(page, 'Settings');
    await page.locator('.wizard-actions button.cancel').click();
    const dialog = page.getByRole('dialog', { name: 'Discard this instance?' });
    await dialog.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Keep editing');
    await screenshot(page, 'entry-cancel-confirm-desktop', { fullPage: false });
    await assertAccessible(page, 'the confirmation of Cancel');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    assert.match(await progress(page), /Settings$/);
    assert.equal(await page.evaluate(() => Object.keys(localStorage).some((k) => k.includes('shopify'))), true, 'the draft stays');
    // Escape keeps editing too; Discard ends it and the draft goes
    await page.locator('.wizard-actions button.cancel').click();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.match(await progress(page), /Settings$/);
    await page.setViewportSize(PHONE);
    await page.locator('.wizard-actions button.cancel').click();
    await dialog.waitFor();
    await screenshot(page, 'entry-cancel-confirm-phone', { fullPage: false });
    await dialog.getByRole('button', { name: 'Discard' }).click();
    await page.getByRole('heading', { name: 'Connectors', level: 2 }).waitFor();
    assert.equal(await page.locator('.drafts, .draft').filter({ hasText: 'Almost cancelled' }).count(), 0);
    assert.equal(await page.evaluate(() => Object.keys(localStorage).some((k) => k.includes('shopify'))), false, 'the draft is gone');
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('date format: errors and warnings in plain words, without PHP function names', async () => {
    const page = await signedInPage(stack, { viewport: DESKTOP });
    await openWizard(page, 'Shopify', 'Format words');
    await next(page, 'Settings');
    const jargon = /createFromFormat|date\(\)|DateTime|`/;
    // a character that cannot be read back: a warning (writing works), with what to use
    await fillField(page, 'dateFormat', 'c');
    const warning = page.locator(`${idOf('dateFormat')}-warning`);
    await warning.filter({ hasText: 'ISO 8601' }).waitFor();
    const unreadable = await warning.textContent();
    assert.match(unreadable, /cannot be read back \(use Y-m-d\\TH:i:sP instead\)/);
    assert.doesNotMatch(unreadable, jargon);
    // a format that loses parts of the date: a warning, in words
    await fillField(page, 'dateFormat', 'd/m H:i');
    await warning.filter({ hasText: 'leave out' }).waitFor();
    const said = await warning.textContent();
    assert.match(said, /leave out the year and second: when such a date is read back, they are taken from the moment it is read/);
    assert.doesNotMatch(said, jargon);
    await screenshot(page, 'entry-date-format-warning-desktop');
    await assertAccessible(page, 'wizard, Settings step with a date format warning');
    assertNoProblems(page);
    await page.context().close();
  });

  await t.test('the browser\'s Back goes to the previous step, Forward returns', async () => {
    const page = await signedInPage(stack, { viewport: DESKTOP });
    await openWizard(page, 'Shopify', 'History steps');
    await next(page, 'Settings');
    await fillField(page, 'rateLimit.amount', '3');
    await next(page, 'Credentials');
    // Shopify has one auth method: its step is not shown, so not in the history either
    await page.goBack();
    await waitForStep(page, 'Settings');
    assert.equal(await page.locator(idOf('rateLimit.amount')).inputValue(), '3');
    await assertAccessible(page, 'wizard, Settings step reached with Back');
    await page.goForward();
    await waitForStep(page, 'Credentials');
    // the wizard's own Back is a step of the history too
    await page.locator('.wizard-actions button.back').click();
    await waitForStep(page, 'Settings');
    await page.goBack();
    await waitForStep(page, 'Credentials');
    // Back from the first step leaves the wizard; its draft stays
    await page.goBack(); await waitForStep(page, 'Settings');
    await page.goBack(); await waitForStep(page, 'Name');
    assert.equal(await page.locator(idOf('name')).inputValue(), 'History steps');
    await page.goBack();
    await page.getByRole('heading', { name: 'Connectors', level: 2 }).waitFor();
    assertNoProblems(page);
    await page.context().close();
  });
});
