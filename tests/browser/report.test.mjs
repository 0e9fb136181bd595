// The report for decision-makers: read, issued to a committee and opened again, with JavaScript off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, checkPage, signIn } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a commissioner issues the report and it opens again as issued', async () => {
  const page = await newPage(browser, { withoutScripts: true });
  await signIn(page);
  await page.goto(`${BASE}/admin/engagements/stls-phase-2`);
  await Promise.all([page.waitForEvent('load'), page.click('a:has-text("Report for decision-makers")')]);
  assert.match(await page.textContent('h1'), /^Report: /);
  await checkPage(page, 'the report as it stands');
  await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Issue this report")')]);
  await page.waitForSelector('.error-summary');
  await checkPage(page, 'issuing a report without saying who it is for');
  await page.fill('#audience', 'Cabinet Committee, 14 January 2027');
  await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Issue this report")')]);
  assert.match(new URL(page.url()).pathname, /^\/admin\/engagements\/stls-phase-2\/reports\/\d+$/);
  assert.match(await page.textContent('main'), /issued on .* for Cabinet Committee, 14 January 2027/);
  const first = await page.textContent('main');
  await checkPage(page, 'an issued report');
  await page.reload();
  assert.equal(await page.textContent('main'), first, 'the same report, word for word');
  await page.context().close();
});
