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
  await Promise.all([reader.waitForEvent('load'), reader.click('a:has-text("Draft service specification") >> nth=-1')]);
  assert.match(await reader.textContent('main'), /Version 1, published on /);
  assert.equal(await reader.locator('.easy-read__line', { hasText: 'It is free for schools.' }).count(), 1);
  await checkPage(reader, 'a published document');

  // A workshop, then the final version, signed off: comments close and the page says how it was co-produced.
  const staff = await newPage(browser, { withoutScripts: true });
  await signIn(staff);
  const documentUrl = `${BASE}${new URL(reader.url()).pathname}`;
  await staff.goto(`${BASE}/admin/engagements/stls-phase-2/documents`);
  await Promise.all([staff.waitForEvent('load'), staff.click('a:has-text("Draft service specification") >> nth=-1')]);
  await Promise.all([staff.waitForEvent('load'), staff.click('a:has-text("Record a workshop")')]);
  await Promise.all([staff.waitForEvent('load'), staff.click('button:has-text("Save the workshop")')]);
  assert.match(await staff.textContent('.error-summary'), /Say what the workshop was/);
  await checkPage(staff, 'a workshop with errors');
  await staff.fill('#title', 'Training workshop with SENCOs');
  await staff.fill('#held-day', '4');
  await staff.fill('#held-month', '3');
  await staff.fill('#held-year', '2027');
  await staff.fill('#schools', '14');
  await staff.check('#sections');
  await staff.fill('#agreed', 'Teaching assistants are invited to every session.');
  await Promise.all([staff.waitForEvent('load'), staff.click('button:has-text("Save the workshop")')]);
  assert.match(await staff.textContent('.notification'), /The workshop is recorded/);
  const edit = staff.url().split('?')[0];
  await Promise.all([staff.waitForEvent('load'), staff.click('a:has-text("Change"):has-text("Training for school staff")')]);
  await staff.fill('#text', 'Every school can book training in how to teach children with SEND, for teachers and teaching assistants.\n\nTraining is free.');
  assert.match(await staff.textContent('main'), /What changed since version 1/);
  await staff.fill('#why', 'Schools at the workshop asked for teaching assistants to be trained too.');
  await staff.check('#outcomes');
  const outcome = (await staff.locator('label[for="outcomes"]').textContent()).trim();
  await checkPage(staff, 'changing a published section, saying why');
  await Promise.all([staff.waitForEvent('load'), staff.click('button:has-text("Save the section")')]);
  await Promise.all([staff.waitForEvent('load'), staff.click('a:has-text("Publish version 2")')]);
  await staff.check('#stage-final');
  await staff.fill('#note', 'Teaching assistants added, as agreed at the workshop.');
  await Promise.all([staff.waitForEvent('load'), staff.click('button:has-text("Publish version 2")')]);
  await Promise.all([staff.waitForEvent('load'), staff.click('a:has-text("Record an approval")')]);
  await checkPage(staff, 'recording an approval');
  await staff.fill('#body', 'SEN management team');
  await staff.fill('#approved-day', '20');
  await staff.fill('#approved-month', '3');
  await staff.fill('#approved-year', '2027');
  await Promise.all([staff.waitForEvent('load'), staff.click('button:has-text("Save the approval")')]);
  assert.equal(staff.url().split('?')[0], edit);
  assert.match(await staff.textContent('main'), /Sign-off of version 2, the final version/);
  await checkPage(staff, 'a signed-off document, for staff');
  await staff.context().close();

  await reader.goto(documentUrl);
  assert.match(await reader.textContent('main'), /The final version \(version 2\)/);
  assert.match(await reader.textContent('main'), /SEN management team, 20 March 2027/);
  assert.match(await reader.textContent('main'), /How this was co-produced/);
  assert.match(await reader.textContent('main'), /Training workshop with SENCOs, 4 March 2027: 14 school staff/);
  assert.equal(await reader.locator('a:has-text("Have your say on this section")').count(), 0);
  assert.match(await reader.textContent('main'), /Why it changed\s*Schools at the workshop asked for teaching assistants to be trained too\./);
  assert.equal(await reader.locator('h3:has-text("Outcomes it works towards") + ul li').first().textContent(), outcome);
  await reader.click('summary:has-text("What changed since version 1")');
  assert.equal(await reader.textContent('ins.diff-added'), '[added] SEND, for teachers and teaching assistants. [end]');
  await checkPage(reader, 'a final, signed-off document, with what changed open');
  await Promise.all([reader.waitForEvent('load'), reader.click('a:has-text("Read it in Easy Read")')]);
  assert.match(await reader.textContent('main'), /This is the final plan/);
  await checkPage(reader, 'a document in Easy Read');
  await reader.context().close();
});
