// Drives the page the way a person does (clicks, typing, Tab), for the browser suites.
// Inputs are found by the ids the page derives from field paths (w-<path> in the wizard,
// e-<path> in the settings dialog); assertAccessible (axe-core's label rule) checks that each has one.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// axe-core's browser build, injected into the page by page.evaluate (the DevTools protocol
// is not bound by the page's Content-Security-Policy, a <script> tag would be)
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** WCAG 2.0 and 2.1, levels A and AA, and Deque's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** `n` hexadecimal digits (credentials with a hex pattern). */
export const hex = (n) => '0123456789abcdef'.repeat(8).slice(0, n);

/** A valid Shopify instance (the API's body) named `name`. */
export function shopifyInstance(name, token = `shpat_${hex(32)}`) {
  return {
    name, timeZone: 'Europe/Berlin', dateFormat: 'Y-m-d H:i:s', rateLimit: { amount: 2, unit: 'second' }, poolId: null,
    authMethodId: 'access_token', credentials: { store_name: 'acme', access_token: token }, certificate: null,
  };
}

export const idOf = (key, prefix = 'w') => `#${prefix}-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** The progress line: "Step 2 of 5: Settings". */
export async function progress(page) {
  return (await page.locator('#wizard-progress').textContent()).trim();
}

export async function waitForStep(page, title) {
  try {
    await page.locator('#wizard-progress').filter({ hasText: new RegExp(`: ${title}$`) }).waitFor();
  } catch (e) {
    // what the page shows instead: the failure says where the flow went
    const shown = await page.evaluate(() => ({
      url: location.href,
      main: (document.getElementById('main')?.innerText ?? '').slice(0, 800),
      alerts: document.getElementById('alert-region')?.textContent ?? '',
    })).catch((cause) => ({ unreadable: cause.message }));
    e.message += `\nwaiting for the step "${title}", the page showed: ${JSON.stringify(shown)}`
      + `\nproblems: ${JSON.stringify(page.problems ?? [])}`
      + `\nlast API calls: ${(page.apiCalls ?? []).slice(-8).map((c) => `${c.what} ${c.status}`).join('; ')}`;
    throw e;
  }
}

/** Types or chooses a value the way a person would, then leaves the field with Tab. */
export async function fillField(page, key, value, prefix = 'w') {
  const id = idOf(key, prefix);
  if (key === 'authMethodId') {
    await page.locator(`[data-field="authMethodId"] label`, { hasText: value }).first().click();
    return;
  }
  const input = page.locator(id);
  const tag = await input.evaluate((n) => n.tagName.toLowerCase());
  const type = await input.evaluate((n) => n.type || '');
  if (tag === 'select') {
    await input.selectOption({ label: value });
  } else if (type === 'checkbox') {
    if (value) await input.check(); else await input.uncheck();
  } else {
    await input.fill(String(value));
    await input.press('Tab');
    // a field may have more controls (show/hide, preset): Tab on until focus leaves it
    for (let i = 0; i < 4 && await input.evaluate((n) => n.closest('[data-field]').contains(document.activeElement)); i += 1) {
      await page.keyboard.press('Tab');
    }
  }
}

/** Clicks Next (or the review's create button) and waits for the step `title`. */
export async function next(page, title) {
  await page.locator('.wizard-actions button.next').click();
  if (title) await waitForStep(page, title);
}

/**
 * Runs the whole wizard for one instance from the manage page.
 * @param {object} o
 * @param {string} o.connectorName  the card's heading
 * @param {string} o.name
 * @param {string} [o.method]  the auth method's label, when the connector offers several (required then)
 * @param {object} o.values   field path -> value for the credentials step
 * @param {object} [o.settings]  field path -> value for the settings step
 * @param {string[]} [o.certificateFiles]  files for the certificate upload
 * @param {(step: string) => Promise<void>} [o.onStep]  called on each step (screenshots)
 */
export async function createInstance(page, o) {
  await page.getByRole('link', { name: `Add new instance for ${o.connectorName}` }).click();
  await waitForStep(page, 'Name');
  if (o.onStep) await o.onStep('name');
  await fillField(page, 'name', o.name);
  await next(page, 'Settings');
  for (const [key, value] of Object.entries(o.settings || {})) await fillField(page, key, value);
  if (o.onStep) await o.onStep('settings');
  // a connector with one auth method has no step to choose it
  if (o.method) {
    await next(page, 'Authentication type');
    await fillField(page, 'authMethodId', o.method);
    if (o.onStep) await o.onStep('auth-type');
  }
  await next(page, 'Credentials');
  await openAdvanced(page);
  for (const [key, value] of Object.entries(o.values)) await fillField(page, key, value);
  if (o.certificateFiles) {
    await page.locator(`${idOf('certificate')}-file`).setInputFiles(o.certificateFiles);
    await page.locator(`${idOf('certificate')}-status`).filter({ hasText: 'Loaded' }).waitFor();
  }
  if (o.onStep) await o.onStep('credentials');
  await next(page, 'Review');
  if (o.onStep) await o.onStep('review');
  await page.locator('.wizard-actions button.next').click();
  await page.getByRole('heading', { name: 'Connectors', level: 2 }).waitFor();
  await page.locator('.instance-name', { hasText: o.name }).first().waitFor();
}

/** Presses Tab (at most 40 times) until the focused element matches `selector`. */
export async function tabTo(page, selector) {
  for (let i = 0; i < 40; i += 1) {
    if (await page.evaluate((sel) => document.activeElement?.matches(sel), selector)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`${selector} is not reachable with Tab`);
}

/** The id of the focused element. */
export async function focusedId(page) {
  return page.evaluate(() => document.activeElement && document.activeElement.id);
}

/** Opens the "Advanced settings" fold of the step, if it has one. */
export async function openAdvanced(page, scope = page) {
  const details = scope.locator('details.advanced');
  if (await details.count() && !(await details.evaluate((d) => d.open))) await details.locator('summary').click();
}

/** The inline error text of a field ("" when none is shown). */
export async function fieldError(page, key, prefix = 'w') {
  const error = page.locator(`${idOf(key, prefix)}-error`);
  return (await error.isVisible()) ? (await error.textContent()).trim() : '';
}

/** Asserts that no console error, page error or CSP violation happened on the page. */
export function assertNoProblems(page) {
  assert.deepEqual(page.problems, [], 'the page logged errors');
}

/**
 * Runs axe-core on the page as it is now (WCAG 2.1 A and AA rules and best practices) and
 * fails with one line per violation: rule, impact, the selectors of the elements and axe's
 * summary of what is wrong. `label` names the view in the message.
 * @param {import('playwright-core').Page} page
 * @param {string} label
 * @param {{include?: string}} [options]  only this part of the page (a CSS selector)
 */
export async function assertAccessible(page, label, { include } = {}) {
  // a navigation or reload drops the script: inject it again then
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async ([tags, scope]) => {
    const result = await window.axe.run(scope ? { include: [scope] } : document, {
      runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.map((t) => [].concat(t).join(' >> ')).join(' '), summary: n.failureSummary })),
    }));
  }, [AXE_TAGS, include || null]);
  const lines = violations.flatMap((v) => v.nodes.map((n) => `  ${v.id} (${v.impact}) ${n.target}: ${v.help}; ${n.summary.replace(/\s+/g, ' ')}`));
  assert.deepEqual(lines, [], `axe-core: ${label}: ${lines.length} violation(s)\n${lines.join('\n')}`);
}
