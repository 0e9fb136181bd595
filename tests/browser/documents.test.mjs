// A co-production document: a commissioner writes it in sections with Easy Read and publishes it,
// by keyboard with JavaScript off; a parent then reads it on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, checkPage, signIn } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a commissioner writes a document in sections and publishes it, and everyone reads it', async () => {
  const page = await newPage(browser, { withoutScripts: true });
  await signIn(page);
  await page.goto(`${BASE}/admin/engagements/stls-phase-2`);
  await Promise.all([page.waitForEvent('load'), page.click('a:has-text("Documents for co-production")')]);
  await checkPage(page, 'documents for co-production');
  await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Start the document")')]);
  assert.match(await page.textContent('.error-summary'), /Enter the document's title/);
  await checkPage(page, 'starting a document without a title');
  await page.fill('#title', 'Draft service specification');
  await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Start the document")')]);
  assert.equal(await page.textContent('h1'), 'Draft service specification');

  await Promise.all([page.waitForEvent('load'), page.click('a:has-text("Add a section")')]);
  await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Save the section")')]);
  assert.match(await page.textContent('.error-summary'), /Enter the section's heading/);
  await checkPage(page, 'a section with errors');
  await page.fill('#heading', 'Training for school staff');
  await page.fill('#text', 'Every school can book training in how to teach children with SEND.\n\nTraining is free.');
  await page.fill('#easy-read', 'Teachers can learn how to help you.\nIt is free for schools.');
  await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Save the section")')]);
  assert.match(await page.textContent('.notification'), /The section is saved/);
  await checkPage(page, 'a document being written');

  await Promise.all([page.waitForEvent('load'), page.click('a:has-text("Publish version 1")')]);
  await checkPage(page, 'publish version 1');
  await page.getByRole('button', { name: 'Publish version 1' }).focus();
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  assert.match(await page.textContent('.notification'), /Version 1 is published/);
  await page.context().close();

  const reader = await newPage(browser, { viewport: { width: 320, height: 640 } });
  await reader.goto(`${BASE}/e/stls-phase-2`);
  await Promise.all([reader.waitForEvent('load'), reader.click('a:has-text("Draft service specification")')]);
  assert.match(await reader.textContent('main'), /Version 1, published on /);
  assert.equal(await reader.locator('.easy-read__line', { hasText: 'It is free for schools.' }).count(), 1);
  await checkPage(reader, 'a published document');
  await reader.context().close();
});
