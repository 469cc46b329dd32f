// The request gateway as a user sees it, in Chromium (Debian's, through playwright-core):
// an instance's card on the manage page shows its proxy path and, while requests sent
// through the proxy with a token queue under the instance's rate limit, the figures
// refreshing on their own: requests queued, then drained, the window's starts never above
// the limit, and every request answered.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SCREENSHOTS, launchChromium, signedInPage, skipReason } from './page-harness.mjs';
import { assertAccessible, assertNoProblems } from './page-driver.mjs';
import { VENDOR_TOKEN, sleep, startGatewayStack } from './helpers/gateway-stack.mjs';
import { maxInWindow } from './helpers/schedule-clock.mjs';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';

const skip = skipReason() || false;
let s;
let browser;

before(async () => {
  if (skip) return;
  s = await startGatewayStack();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await s?.stop();
  s?.removeData();
});

test('the card shows requests queue and drain at the instance\'s rate', { skip, timeout: 120_000 }, async () => {
  const id = await s.createInstance('gw-timed', {
    name: 'Card burst', authMethodId: 'header', credentials: { tenant: 'card', access_token: VENDOR_TOKEN },
    rateLimit: { amount: 2, unit: 'second' },
  });
  const page = await signedInPage({ browser, url: s.server.url, adminToken: s.adminToken });
  await page.goto('/');
  const card = page.locator(`article[data-instance-id="${id}"]`);
  const usage = card.locator(`[data-usage="${id}"]`);
  await usage.getByText('0 queued').waitFor();
  assert.match(await usage.textContent(), new RegExp(`/api/instances/${id}/proxy/`));
  await assertAccessible(page, 'manage page with the gateway usage card');

  s.timed.hold(50);
  await s.timed.records();
  const burst = Array.from({ length: 8 }, (_, i) => s.call('GET', s.proxy(id, `orders/${i}`)));
  // the card refreshes by itself: it shows the queue, then the queue drained
  const seen = new Set();
  for (let i = 0; i < 200; i += 1) {
    const m = /(\d+) queued/.exec(await usage.textContent());
    if (m) seen.add(Number(m[1]));
    if (seen.size > 1 && m && m[1] === '0') break;
    await sleep(100);
  }
  const answers = await Promise.all(burst);
  assert.deepEqual(answers.map((a) => a.status), Array(8).fill(200));
  assert.ok([...seen].some((n) => n > 0), `the card showed a queue (${[...seen]})`);
  assert.ok(seen.has(0), 'the card showed the queue drained');
  await usage.getByText('0 queued').waitFor();
  const text = await usage.textContent();
  assert.match(text, /of 2 sent this second/);
  assert.match(text, /0 refused/);
  await assertAccessible(page, 'gateway usage card after the burst', { include: `article[data-instance-id="${id}"]` });

  // what the vendor saw: all 8, at most 2 started per second by the gateway
  const arrivals = (await s.timed.records()).filter((r) => r.tenant === 'card').map((r) => r.at).sort((a, b) => a - b);
  assert.equal(arrivals.length, 8);
  // arrivals lag the starts by a varying few ms: allow 150 ms of that spread in the window
  assert.ok(maxInWindow(arrivals, 1000 - 150) <= 2, `at most 2 per second (${arrivals.map((a) => a - arrivals[0])})`);
  assert.ok(arrivals[7] - arrivals[0] >= 2500, 'eight requests at 2 per second take at least three windows');

  mkdirSync(SCREENSHOTS, { recursive: true });
  await card.screenshot({ path: join(SCREENSHOTS, 'gateway-card.png') });
  assertNoProblems(page);
  await page.context().close();
});
