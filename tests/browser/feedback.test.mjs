// Having a say on a document: a young person on a phone, with JavaScript off and only a
// keyboard, opens a section in Easy Read, reacts with a face and comments; a commissioner replies;
// the young person reads the reply at their own link. A comment that may disclose harm reaches the
// safeguarding team and nobody else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, checkPage, signIn } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Presses Enter on what has focus and waits for the next page. */
async function enter(page) {
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
}

/** Tabs forward until the element matching `selector` has focus. */
async function tabTo(page, selector, limit = 80) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

test('a young person has a say on a section by keyboard without JavaScript, and reads the reply at their own link', async () => {
  const comment = `I want my teacher to stay the same all year (${Date.now()}).`;
  const phone = { viewport: { width: 320, height: 640 } };
  const young = await newPage(browser, { withoutScripts: true, ...phone });
  await young.goto(`${BASE}/settings`);
  await tabTo(young, '#easy_read');
  await young.keyboard.press('Space');
  await tabTo(young, 'button[type=submit]');
  await enter(young);

  await young.goto(`${BASE}/e/stls-phase-2/documents/service-specification`);
  await tabTo(young, 'a[href$="/sections/district-teams"]');
  await enter(young);
  assert.equal(await young.textContent('h1'), 'District teams');
  // Easy Read first, the full text a click away.
  const order = await young.evaluate(() => {
    const easy = document.querySelector('main .easy-read');
    const full = document.querySelector('main details');
    return easy && full && (easy.compareDocumentPosition(full) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
  });
  assert.ok(order, 'Easy Read comes before the full section');
  await checkPage(young, 'a section in Easy Read, on a phone (JavaScript off)');

  await tabTo(young, 'button[type=submit]');
  await young.keyboard.press('Enter');
  await young.waitForSelector('.error-summary');
  assert.match(await young.title(), /^Error: /);
  await checkPage(young, 'a section sent with nothing chosen (JavaScript off)');

  await tabTo(young, '#reaction');
  await young.keyboard.press('Space');
  assert.ok(await young.isChecked('#reaction'), 'the first face is chosen by keyboard');
  await tabTo(young, '#comment');
  await young.keyboard.type(comment);
  await tabTo(young, '#audience');
  await young.keyboard.press('Space');
  await tabTo(young, 'button[type=submit]');
  await enter(young);
  assert.equal(await young.textContent('h1'), 'Thank you');
  assert.match(await young.textContent('main'), /No reply yet/);
  const ownLink = new URL(young.url());
  ownLink.search = '';
  assert.match(await young.textContent('main'), new RegExp(ownLink.pathname));
  await checkPage(young, 'thank you, with your own link (JavaScript off)');
  await young.context().close();

  // A commissioner replies (here the test's administrator), with JavaScript on, at desktop size.
  const staff = await newPage(browser);
  await signIn(staff);
  await staff.goto(`${BASE}/admin/engagements/stls-phase-2/documents`);
  await Promise.all([staff.waitForEvent('load'), staff.click('a:has-text("STLS service specification (draft)")')]);
  await Promise.all([staff.waitForEvent('load'), staff.click('a[href$="/sections/district-teams/feedback"]')]);
  assert.match(await staff.textContent('h1'), /District teams/);
  await checkPage(staff, 'what people said about a section');
  const item = staff.locator('li.comment', { hasText: comment });
  await item.locator('summary').click();
  await Promise.all([staff.waitForEvent('load'), item.locator('button:has-text("Save the reply")').click()]);
  assert.match(await staff.textContent('.error-summary'), /Choose what the council did/);
  await checkPage(staff, 'a reply with errors');
  const again = staff.locator('li.comment', { hasText: comment });
  await again.locator('input[value=changed]').check();
  await again.locator('textarea').fill('Your teacher will stay the same all year wherever we can.');
  await Promise.all([staff.waitForEvent('load'), again.locator('button:has-text("Save the reply")').click()]);
  assert.match(await staff.textContent('.notification'), /The reply is saved/);
  await checkPage(staff, 'a reply saved');
  await staff.goto(staff.url().split('?')[0].replace('/district-teams/', '/training-for-school-staff/'));
  assert.match(await staff.textContent('main'), /Themes in the comments/);
  await staff.locator('summary:has-text("Reply to all")').first().click();
  await checkPage(staff, 'comments in themes, with a reply form open');
  await staff.context().close();

  const later = await newPage(browser, { withoutScripts: true, ...phone });
  await later.goto(ownLink.toString());
  assert.match(await later.textContent('main'), /Changed\. Your teacher will stay the same all year/);
  await checkPage(later, 'your own page with the reply (JavaScript off)');
  await later.goto(`${BASE}/e/stls-phase-2/documents/service-specification/sections/district-teams`);
  assert.match(await later.textContent('main'), /Your teacher will stay the same all year/);
  await later.context().close();
});

test('a comment that may disclose harm goes to the safeguarding team only', async () => {
  const said = `someone is hurting me and I do not feel safe (${Date.now()})`;
  const page = await newPage(browser);
  await page.goto(`${BASE}/e/stls-phase-2/documents/service-specification/sections/outreach`);
  await checkPage(page, 'a section with read-aloud (JavaScript on)');
  await page.fill('#comment', said);
  await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Send")')]);
  assert.equal(await page.textContent('h1'), 'Thank you');
  await page.context().close();

  const lead = await newPage(browser);
  await signIn(lead);
  await lead.goto(`${BASE}/admin/safeguarding`);
  await Promise.all([lead.waitForEvent('load'), lead.click('a:has-text("A comment on STLS service specification (draft)") >> nth=0')]);
  assert.match(await lead.textContent('main'), new RegExp(said.replace(/[()]/g, '\\$&')));
  await checkPage(lead, 'a flagged comment for the safeguarding team');
  await lead.check('#outcome-reviewed_no_concern');
  await Promise.all([lead.waitForEvent('load'), lead.click('button:has-text("Record it")')]);
  assert.match(await lead.textContent('main'), /Dealt with/);
  await lead.goto(`${BASE}/e/stls-phase-2/documents/service-specification/sections/outreach`);
  assert.doesNotMatch(await lead.textContent('main'), /someone is hurting me/);
  await lead.context().close();
});

test('a parent joins the co-production group on a phone, finds what they said on their own page, and leaves', async () => {
  const page = await newPage(browser, { withoutScripts: true, viewport: { width: 320, height: 640 } });
  await page.goto(`${BASE}/e/stls-phase-2`);
  await Promise.all([page.waitForEvent('load'), page.click('a:has-text("Join the co-production group")')]);
  await checkPage(page, 'joining the co-production group (JavaScript off)');
  await page.fill('#name', 'Jo');
  await page.fill('#contact', 'jo@example.org');
  await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Join the group")')]);
  assert.match(await page.textContent('.error-summary'), /Choose who you are/);
  assert.match(await page.textContent('.error-summary'), /Tick the box/);
  await checkPage(page, 'joining with errors (JavaScript off)');
  await page.check('#audience-parents_carers');
  await page.check('#consent');
  await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Join the group")')]);
  assert.equal(await page.textContent('h1'), 'You have joined the group');
  await checkPage(page, 'a member\'s own page (JavaScript off)');
  const own = page.url().replace('?joined=1', '');

  await page.goto(`${BASE}/e/stls-phase-2/documents/service-specification/sections/training-for-school-staff`);
  assert.match(await page.textContent('main'), /You are having your say as Jo/);
  await checkPage(page, 'a section, as a member of the group (JavaScript off)');
  await page.check('#reaction-against');
  await page.fill('#comment', 'Parents should be able to come to the training too.');
  await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Send")')]);
  await page.goto(own);
  assert.match(await page.textContent('main'), /Parents should be able to come to the training too\./);

  const staff = await newPage(browser);
  await signIn(staff);
  await staff.goto(`${BASE}/admin/engagements/stls-phase-2`);
  await Promise.all([staff.waitForEvent('load'), staff.click('a:has-text("Co-production group")')]);
  assert.match(await staff.textContent('main'), /jo@example\.org/);
  await checkPage(staff, 'the co-production group, for commissioners');
  await staff.context().close();

  await Promise.all([page.waitForEvent('load'), page.click('a:has-text("Leave the group")')]);
  await checkPage(page, 'leaving the group (JavaScript off)');
  await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Leave the group")')]);
  assert.equal(await page.textContent('h1'), 'You have left the group');
  await checkPage(page, 'after leaving the group (JavaScript off)');
  await page.context().close();
});
