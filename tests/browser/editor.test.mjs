// A commissioner builds a survey with JavaScript off, through every form and error
// state, publishes it, and a respondent opens it: each page checked (axe WCAG 2.2
// AA, focus, 320 px).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, checkPage, signIn } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Clicks and waits for the page it leads to. */
async function follow(page, selector) {
  await Promise.all([page.waitForEvent('load'), page.click(selector)]);
}

test('a commissioner builds, routes and publishes a survey without JavaScript', async () => {
  const page = await newPage(browser, { withoutScripts: true });
  await signIn(page);
  const title = `Therapy teams ${Date.now()}`;

  await page.goto(`${BASE}/admin/engagements/stls-phase-2`);
  await follow(page, 'a:has-text("Add a survey")');
  await page.fill('#title', title);
  await page.fill('#privacy', '');
  await follow(page, 'button:has-text("Save")');
  assert.match(await page.title(), /^Error: /);
  await checkPage(page, 'new survey, with errors');
  assert.equal(await page.inputValue('#title'), title, 'what was typed is kept');
  await page.check('#audience'); // young people, the first choice
  await page.fill('#intro', 'Tell us about the therapists who help you.');
  await page.fill('#minutes', '4');
  await page.fill('#privacy', 'We do not ask your name.\nWe keep your answers safe.');
  await page.check('#safeguarding-notice');
  await follow(page, 'button:has-text("Save")');
  assert.match(new URL(page.url()).pathname, /^\/admin\/surveys\/\d+$/);
  const editor = new URL(page.url()).pathname;
  await checkPage(page, 'survey editor, empty');

  // A faces question, after a mistake.
  await follow(page, 'a:has-text("Add a question")');
  await page.check('#kind-rating');
  await page.fill('#text', 'How much do the therapists help you?');
  await page.check('#scale-style-faces');
  await page.fill('#scale-labels', 'Not at all');
  await page.check('input[name=symbol][value="/assets/symbols/talk.svg"]');
  await follow(page, 'button:has-text("Save question")');
  await page.waitForSelector('.error-summary');
  await checkPage(page, 'new question, with errors');
  await page.fill('#scale-labels', 'Not at all\nA little\nA lot');
  await page.fill('#alt', 'Two speech bubbles');
  await page.fill('#easy-read', 'Do the therapists help you?');
  await follow(page, 'button:has-text("Save question")');
  assert.equal(new URL(page.url()).pathname, editor, await page.textContent('main'));

  // A yes / no question, then a standard question in one click.
  await follow(page, 'a:has-text("Add a question")');
  await page.check('#kind-yes_no');
  await page.fill('#text', 'Do you see a therapist at school?');
  await follow(page, 'button:has-text("Save question")');
  await follow(page, 'button:has-text("Add: How did you answer?")');
  assert.match(await page.textContent('.notification'), /standard question is added/);

  // Routes go forwards only; the form offers nothing else.
  await follow(page, 'li.editor-page:nth-child(1) a:has-text("Add a route")');
  await checkPage(page, 'new route');
  const targets = await page.locator('#goto option').allTextContents();
  assert.ok(targets.every((t) => !t.startsWith('Page 1')), 'no route back to its own page');
  await follow(page, 'button:has-text("Add the route")');
  await page.waitForSelector('.error-summary');
  await checkPage(page, 'new route, with errors');
  await page.check('input[value$="::1"]');
  await page.selectOption('#goto', 'end');
  await follow(page, 'button:has-text("Add the route")');
  assert.match(await page.textContent('main'), /If the answer is “Not at all”, go to the end/);

  // Pages move up and down (page 1's route goes to the end, so both orders are sound).
  await follow(page, 'li.editor-page:nth-child(2) button:has-text("Move up")');
  await checkPage(page, 'survey editor, after a change');
  await follow(page, 'li.editor-page:nth-child(1) button:has-text("Move down")');

  await follow(page, 'a:has-text("Publish")');
  assert.match(await page.textContent('h1'), /^Publish version 1 of/);
  await checkPage(page, 'are you sure you want to publish?');
  await follow(page, 'button:has-text("Yes, publish version 1")');
  const slug = await page.getAttribute(`tr:has-text("${title}") a:has-text("Open link")`, 'href');
  const respondent = await newPage(browser, { withoutScripts: true });
  await respondent.goto(`${BASE}${slug}`);
  assert.match(await respondent.textContent('main'), /someone may contact your school|not safe/i);
  await follow(respondent, 'button:has-text("Start")');
  await checkPage(respondent, 'a question made in the editor, faces and symbol');
  assert.equal(await respondent.getAttribute('.question-image img, img.question-image', 'alt'), 'Two speech bubbles');

  // The respondent answers every page ("A lot" on the faces, so the route to the end is not
  // taken) and sends the response.
  for (let step = 0; step < 6 && new URL(respondent.url()).pathname.includes('/q/'); step++) {
    const options = respondent.locator('.choices:not(.choices--extra) input[type=radio]');
    const last = options.nth((await options.count()) - 1);
    const id = await last.getAttribute('id');
    await respondent.click(`label[for="${id}"]`);
    await follow(respondent, 'button:has-text("Continue")');
  }
  assert.equal(new URL(respondent.url()).pathname, `${slug}/check`, 'every page answered');
  await follow(respondent, 'button:has-text("Send my answers")');
  assert.equal(new URL(respondent.url()).pathname, `${slug}/done`);
  await respondent.context().close();

  // The commissioner reads it back in the survey's results.
  await page.goto(`${BASE}${editor}/results`);
  const faces = page.locator('section.result').filter({ hasText: 'How much do the therapists help you?' }).first();
  assert.equal((await faces.locator('tr:has(th:text-is("A lot")) td').first().textContent()).trim(), '1', 'the answer sent is counted');
  assert.equal((await faces.locator('tr:has(th:text-is("Not at all")) td').first().textContent()).trim(), '0');
  await page.context().close();
});

test('a safeguarding lead reads a flagged answer and records what they did', async () => {
  const page = await newPage(browser, { withoutScripts: true });
  await signIn(page);
  await page.goto(`${BASE}/admin/safeguarding`);
  const first = page.locator('main ul.list a').first();
  assert.ok(await first.count(), 'the made-up responses include a flagged answer');
  await Promise.all([page.waitForEvent('load'), first.click()]);
  await checkPage(page, 'safeguarding item');
  await follow(page, 'button:has-text("Record it")');
  await page.waitForSelector('.error-summary');
  await checkPage(page, 'safeguarding item, with errors');
  await page.check('#outcome-note');
  await page.fill('#note', 'Spoke to the school; the DSL will follow up.');
  await follow(page, 'button:has-text("Record it")');
  assert.match(await page.textContent('main'), /Spoke to the school; the DSL will follow up\./);
  await page.context().close();
});

test('a results page prints as a report: charts and tables, without forms or links', async () => {
  const page = await newPage(browser);
  await signIn(page);
  await page.goto(`${BASE}/admin/surveys/2/results?by=district`);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('.filter-form'), false, 'the filter form is left out');
  assert.equal(await page.isVisible('.header'), false, 'the header is left out');
  assert.ok(await page.isVisible('svg.chart >> nth=0'), 'charts print');
  assert.ok(await page.isVisible('table.table--crosstab >> nth=0'), 'tables print');
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 10_000, 'it prints to PDF');
  await page.context().close();
});
