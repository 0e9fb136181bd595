// "You said, we did", as a commissioner writes and publishes it and as everyone then reads it,
// by keyboard and mouse with JavaScript off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, checkPage, signIn } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a commissioner writes an entry, publishes it, and it shows on the public page', async () => {
  const page = await newPage(browser, { withoutScripts: true });
  await signIn(page);
  await page.goto(`${BASE}/admin/engagements/stls-phase-2`);
  await Promise.all([page.waitForEvent('load'), page.click('a:has-text("You said, we did")')]);
  await Promise.all([page.waitForEvent('load'), page.click('a:has-text("Add an entry")')]);
  await page.fill('#said', 'Schools said the specialist teachers are hard to reach by phone.');
  await page.fill('#did', 'Giving each district team a named duty teacher every school day.');
  await page.check('#status-in_progress');
  await page.fill('#owner', 'STLS district managers');
  await page.fill('#easy-read', 'Schools could not reach us.\nNow a teacher answers every day.');
  await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Save as a draft")')]);
  assert.match(await page.textContent('.notification'), /saved as a draft/);

  const before = await (await page.request.get(`${BASE}/e/stls-phase-2`)).text();
  assert.ok(!before.includes('hard to reach by phone'), 'a draft is not public');
  await Promise.all([page.waitForEvent('load'), page.click('a:has-text("Publish 1 change")')]);
  assert.match(await page.textContent('main'), /hard to reach by phone/);
  await checkPage(page, 'publish "you said, we did"');
  await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Yes, publish them")')]);
  assert.match(await page.textContent('.notification'), /published/);

  const reader = await newPage(browser, { withoutScripts: true });
  await reader.goto(`${BASE}/e/stls-phase-2`);
  const section = reader.locator('main');
  assert.match(await section.textContent(), /You said: Schools said the specialist teachers are hard to reach by phone\./);
  assert.match(await section.textContent(), /What we are doing: Giving each district team a named duty teacher every school day\./);
  assert.match(await section.textContent(), /In progress Updated \d+ \w+ \d{4}\. Answerable: STLS district managers\./);
  assert.equal(await reader.locator('.easy-read__line', { hasText: 'Now a teacher answers every day.' }).count(), 1);
  await checkPage(reader, 'engagement page with "you said, we did"');
  await reader.context().close();
  await page.context().close();
});

test('a closed engagement shows what changed, with its earlier updates a click away', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/e/stls-phase-1`);
  const earlier = page.locator('details:has-text("Earlier updates")');
  assert.equal(await earlier.count(), 1);
  assert.equal(await earlier.locator('li').isVisible(), false, 'closed at first');
  await earlier.locator('summary').focus();
  await page.keyboard.press('Enter');
  assert.match(await earlier.locator('li').textContent(), /\(Planned\): Every request for help will get a reply within ten school days\./);
  await checkPage(page, 'closed engagement with an earlier update open');
  await page.context().close();
});
