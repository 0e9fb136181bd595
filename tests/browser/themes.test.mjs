// An analyst finds themes in what people wrote and reviews them with JavaScript off, through
// every form and error state; each page checked (axe WCAG 2.2 AA, focus, 320 px).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, checkPage, signIn } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function follow(page, selector) {
  await Promise.all([page.waitForEvent('load'), page.click(selector)]);
}

test('an analyst finds, renames and reviews themes without JavaScript', async () => {
  const page = await newPage(browser, { withoutScripts: true });
  await signIn(page);
  await page.goto(`${BASE}/admin/engagements/stls-phase-2`);
  await follow(page, 'a:has-text("Themes in what people wrote")');
  await checkPage(page, 'themes index');

  // "Find themes", or "Find themes again" when an earlier run found them.
  await Promise.all([
    page.waitForEvent('load'),
    page.getByRole('button', { name: /^Find themes( again)? in Every written answer/ }).click(),
  ]);
  assert.equal(new URL(page.url()).pathname, '/admin/engagements/stls-phase-2/themes/all');
  assert.ok(await page.isVisible('caption:has-text("Answers in each theme, from each group")'));
  assert.ok(await page.locator('blockquote.quote').count() >= 3, 'quotes for the themes');
  await checkPage(page, 'theme set');

  // One area of need, chosen without JavaScript: the form keeps the choice.
  await page.selectOption('#need', 'physical-and-sensory');
  await follow(page, 'button:text-is("Show themes")');
  assert.equal(new URL(page.url()).search, '?need=physical-and-sensory');
  assert.match(await page.textContent('main'), /Showing answers about Physical and sensory\./);
  assert.equal(await page.inputValue('#need'), 'physical-and-sensory');
  await checkPage(page, 'theme set for one area of need');
  await page.goto(`${BASE}/admin/engagements/stls-phase-2/themes/all`);

  await follow(page, 'table.table--crosstab tbody tr:first-child th a');
  await checkPage(page, 'one theme');
  await page.fill('#label', '');
  await follow(page, 'button:text-is("Save")');
  await page.waitForSelector('.error-summary');
  assert.match(await page.title(), /^Error: /);
  await checkPage(page, 'one theme, with an error');
  await page.fill('#label', 'Visits and follow-up');
  await page.check('#reviewed');
  await follow(page, 'button:text-is("Save")');
  assert.equal(await page.textContent('h1'), 'Visits and follow-up');

  // Nothing selected is an error; then move the first answer to Other and look there.
  await follow(page, 'button:text-is("Move selected answers")');
  await page.waitForSelector('.error-summary');
  await checkPage(page, 'one theme, no answer selected');
  await page.check('#answers');
  await page.selectOption('#to', 'other');
  await follow(page, 'button:text-is("Move selected answers")');
  await page.goto(`${BASE}/admin/engagements/stls-phase-2/themes/all/other`);
  assert.match(await page.textContent('main'), /placed by an analyst/);
  await checkPage(page, 'answers in no theme');

  await page.goto(`${BASE}/admin/engagements/stls-phase-2/themes/all`);
  await page.fill('#themes', 'lots');
  await follow(page, 'button:text-is("Find themes again")');
  await page.waitForSelector('.error-summary');
  await checkPage(page, 'theme set, with an error');
  assert.match(await page.textContent('main'), /edited theme/);
  await page.context().close();
});

test('a viewer reads themes as quotes by group, and a filter on a small group says why it is not applied', async () => {
  const admin = await newPage(browser, { withoutScripts: true });
  await signIn(admin);
  const email = `viewer-${Date.now()}@example.org`;
  await admin.goto(`${BASE}/admin/users/new`);
  await admin.fill('#display-name', 'Vic Viewer');
  await admin.fill('#email', email);
  await admin.check('#role-viewer');
  await follow(admin, 'button:has-text("Add account")');
  const link = (await admin.textContent('code.break-anywhere')).trim();
  await admin.context().close();

  const page = await newPage(browser, { withoutScripts: true });
  await page.goto(`${BASE}${new URL(link).pathname}`);
  await page.fill('#password', 'a viewer pass phrase');
  await page.fill('#confirm', 'a viewer pass phrase');
  await follow(page, 'button:has-text("Set password")');
  await signIn(page, email, 'a viewer pass phrase');
  assert.equal(new URL(page.url()).pathname, '/admin');

  await page.goto(`${BASE}/admin/engagements/stls-phase-2/themes/all`);
  assert.ok(await page.isVisible('caption:has-text("Answers in each theme, from each group")'));
  assert.equal(await page.locator('form[method="post"]').count(), 1, 'no forms to change the themes, only signing out');
  assert.equal(await page.locator('form[method="get"]').count(), 1, 'and choosing an area of need');
  await checkPage(page, 'theme set, for a viewer');
  await follow(page, 'table.table--crosstab tbody tr:first-child th a');
  assert.ok(await page.isVisible('h2:has-text("What people said")'));
  assert.equal(await page.locator('input[type=checkbox]').count(), 0, 'no list of every answer to move');
  assert.ok(await page.locator('blockquote.quote').count() >= 1, 'quotes');
  await checkPage(page, 'one theme, for a viewer');

  // Some group in the demo is too small to show on its own: its filter is refused, with a reason.
  await page.goto(`${BASE}/admin/surveys/2/results`);
  const choices = await page.$$eval('#filter option', (os) => os.map((o) => o.value).filter(Boolean));
  let refused = null;
  for (const choice of choices) {
    await page.goto(`${BASE}/admin/surveys/2/results?filter=${encodeURIComponent(choice)}`);
    if (await page.isVisible('.notification:has-text("are not shown on their own")')) {
      refused = choice;
      break;
    }
  }
  assert.ok(refused, 'a filter on a small group is refused');
  assert.equal(await page.inputValue('#filter'), '', 'the form shows everyone again');
  await checkPage(page, 'survey results with a refused filter, for a viewer');
  await page.context().close();
});

test('theme pages pass every check with JavaScript on, and print without their forms', async () => {
  const page = await newPage(browser);
  await signIn(page);
  await page.goto(`${BASE}/admin/engagements/stls-phase-2/themes/all`);
  await checkPage(page, 'theme set (scripts on)');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('form >> nth=0'), false, 'forms are left out of the report');
  assert.ok(await page.isVisible('table.table--crosstab'), 'the table prints');
  assert.ok(await page.isVisible('blockquote.quote >> nth=0'), 'quotes print');
  await page.emulateMedia({ media: 'screen' });
  await follow(page, 'table.table--crosstab tbody tr:first-child th a');
  await checkPage(page, 'one theme (scripts on)');
  assert.deepEqual(page.jsErrors, [], 'no script errors');
  await page.context().close();
});

test('a survey report prints the themes in its written answers, with quotes', async () => {
  const page = await newPage(browser, { withoutScripts: true });
  await signIn(page);
  await page.goto(`${BASE}/admin/engagements/stls-phase-2/themes`);
  await Promise.all([
    page.waitForEvent('load'),
    page.getByRole('button', { name: /^Find themes( again)? in Parents and carers/ }).first().click(),
  ]);
  await page.goto(`${BASE}/admin/surveys/2/results`);
  assert.ok(await page.isVisible('h2:has-text("Themes in the written answers")'));
  assert.ok(await page.locator('.result--written blockquote.quote').count() >= 3, 'quotes for the themes');
  await checkPage(page, 'survey report with themes');
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.isVisible('.result--written table >> nth=0'), 'theme tables print');
  assert.ok(await page.isVisible('.result--written blockquote.quote >> nth=0'), 'quotes print');
  assert.equal(await page.isVisible('.result--written a >> nth=0'), false, 'links to review them are left out');
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 10_000, 'it prints to PDF');
  await page.context().close();
});
