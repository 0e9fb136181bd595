// Each demo survey walked end to end, as a respondent would: every page and error
// state checked (axe WCAG 2.2 AA, focus, 320 px), with JavaScript on and off, by
// keyboard alone, with save-and-return, change an answer, submit and withdraw.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, checkPage, signIn, storedAnswer } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const SURVEYS = ['young-people', 'parents-carers', 'schools'];

/** Gives the question on the page an answer, the way a person would. */
async function answerQuestion(page) {
  const radio = page.locator('.choices:not(.choices--extra) input[type=radio]');
  const checkbox = page.locator('.choices:not(.choices--extra) input[type=checkbox]');
  if (await radio.count()) {
    await page.click(`label[for="${await radio.first().getAttribute('id')}"]`);
  } else if (await checkbox.count()) {
    await page.click(`label[for="${await checkbox.first().getAttribute('id')}"]`);
  } else if (await page.locator('textarea').count()) {
    await page.fill('textarea', 'More time with the specialist teacher would help.');
  } else if (await page.locator('input[inputmode=numeric]').count()) {
    await page.fill('input[inputmode=numeric]', '12');
  } else {
    await page.fill('main input[type=text]', 'An answer');
  }
}

/**
 * Gives the question on the page a different answer from the one it has: the first option not
 * chosen, or other words. Returns the question's id, what "Check your answers" should show and
 * what should be stored.
 */
async function changeAnswer(page) {
  const radios = page.locator('.choices:not(.choices--extra) input[type=radio]');
  const checkboxes = page.locator('.choices:not(.choices--extra) input[type=checkbox]');
  const options = (await radios.count()) ? radios : checkboxes;
  if (await options.count()) {
    for (let i = 0; i < (await options.count()); i++) {
      const option = options.nth(i);
      if (await option.isChecked()) continue;
      const id = await option.getAttribute('id');
      // Several choices: leave only this one chosen.
      for (let j = 0; j < (await checkboxes.count()); j++) {
        if (await checkboxes.nth(j).isChecked()) await page.click(`label[for="${await checkboxes.nth(j).getAttribute('id')}"]`);
      }
      await page.click(`label[for="${id}"]`);
      const shown = (await page.textContent(`label[for="${id}"]`)).trim().split('\n')[0].trim();
      return { question: await option.getAttribute('name'), shown, stored: await option.getAttribute('value') };
    }
  }
  const field = page.locator('main textarea, main input[type=text], main input[inputmode=numeric]').first();
  const value = (await field.getAttribute('inputmode')) === 'numeric' ? '7' : 'A changed answer';
  await field.fill(value);
  return { question: await field.getAttribute('name'), shown: value, stored: value };
}

/** Clicks and waits for the page it leads to (every button here posts a form). */
async function clickButton(page, name) {
  await Promise.all([page.waitForEvent('load'), page.click(`button:has-text("${name}")`)]);
}

/** Walks one survey to its confirmation page, checking every page and error state. */
async function walk(slug, { withoutScripts = false, javaScriptEnabled = true } = {}) {
  const mode = withoutScripts || !javaScriptEnabled ? 'JavaScript off' : 'JavaScript on';
  const check = javaScriptEnabled;
  const page = await newPage(browser, { withoutScripts, javaScriptEnabled });
  await page.goto(`${BASE}/s/${slug}`);
  if (check) await checkPage(page, `${slug} start (${mode})`);
  await clickButton(page, 'Start now');

  for (let step = 0; step < 20 && new URL(page.url()).pathname.includes('/q/'); step++) {
    const path = new URL(page.url()).pathname;
    assert.match(await page.textContent('.caption-l'), /^Question \d+ of \d+$/);
    if (check) await checkPage(page, `${path} (${mode})`);
    const required = !(await page.locator('textarea').count());
    if (required) {
      // Continue without answering: the page comes back with an error summary.
      await clickButton(page, 'Continue');
      if (await page.locator('.error-summary').count()) {
        assert.match(await page.title(), /^Error: /);
        if (check) await checkPage(page, `${path} with an error (${mode})`);
      }
    }
    await answerQuestion(page);
    await clickButton(page, 'Continue');
  }

  assert.equal(new URL(page.url()).pathname, `/s/${slug}/check`);
  if (check) await checkPage(page, `${slug} check answers (${mode})`);

  // Change the first answer to another, and come straight back to "Check your answers" showing it.
  const firstAnswer = async () => (await page.textContent('.summary-list__value >> nth=0')).trim();
  const before = await firstAnswer();
  await Promise.all([page.waitForEvent('load'), page.click('.summary-list__actions a >> nth=0')]);
  assert.match(page.url(), /change=1/);
  const changed = await changeAnswer(page);
  await clickButton(page, 'Continue');
  assert.equal(new URL(page.url()).pathname, `/s/${slug}/check`);
  const after = await firstAnswer();
  assert.notEqual(after, before, 'the changed answer shows on "Check your answers"');
  assert.ok(after.includes(changed.shown), `"${after}" shows the new answer "${changed.shown}"`);

  await clickButton(page, 'Send my answers');
  assert.equal(new URL(page.url()).pathname, `/s/${slug}/done`);
  if (check) await checkPage(page, `${slug} confirmation (${mode})`);
  const receipt = (await page.textContent('.panel .code')).trim();
  assert.match(receipt, /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}$/);
  assert.equal(storedAnswer(receipt, changed.question), changed.stored, 'the response holds the changed answer');
  return { page, receipt };
}

for (const slug of SURVEYS) {
  test(`the ${slug} survey can be answered, changed and sent with JavaScript on`, async () => {
    const { page } = await walk(slug);
    assert.deepEqual(page.jsErrors, []);
    await page.context().close();
  });

  test(`the ${slug} survey can be answered, changed and sent with JavaScript off`, async () => {
    const { page } = await walk(slug, { withoutScripts: true });
    assert.equal(await page.locator('script').count(), 0);
    await page.context().close();
  });
}

test('a survey works with scripts disabled in the browser itself', async () => {
  const { page } = await walk('schools', { javaScriptEnabled: false });
  await page.context().close();
});

test('a response can be withdrawn with its receipt code', async () => {
  const { page, receipt } = await walk('parents-carers');
  await page.goto(`${BASE}/withdraw`);
  await checkPage(page, 'withdraw');
  await clickButton(page, 'Delete my answers');
  await page.waitForSelector('.error-summary');
  await checkPage(page, 'withdraw with an error');
  await page.fill('#code', receipt.toLowerCase());
  await clickButton(page, 'Delete my answers');
  // Which survey and when, before anything is deleted.
  assert.match(await page.textContent('h1'), /Are you sure you want to delete your answers\?/);
  assert.match(await page.textContent('.summary-list'), /Specialist teaching support: parents and carers/);
  await checkPage(page, 'withdraw: are you sure?');
  await clickButton(page, 'Yes, delete my answers');
  assert.match(await page.textContent('h1'), /Your answers have been deleted/);
  await checkPage(page, 'withdrawn');
  await page.context().close();
});

test('answers saved on one device can be carried on on another', async () => {
  const first = await newPage(browser);
  await first.goto(`${BASE}/s/schools`);
  await clickButton(first, 'Start now');
  await answerQuestion(first);
  await clickButton(first, 'Continue');
  await answerQuestion(first);
  await clickButton(first, 'Save and come back later');
  assert.equal(new URL(first.url()).pathname, '/s/schools/saved');
  await checkPage(first, 'saved');
  const code = (await first.textContent('.code--large')).trim();
  await first.context().close();

  const second = await newPage(browser);
  await second.goto(`${BASE}/resume`);
  await checkPage(second, 'resume');
  await second.fill('#code', 'NOT-A-CODE');
  await clickButton(second, 'Carry on');
  await checkPage(second, 'resume with an error');
  await second.fill('#code', code);
  await clickButton(second, 'Carry on');
  assert.equal(new URL(second.url()).pathname, '/s/schools/q/district');
  await second.context().close();
});

test('a survey can be answered by keyboard alone', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/s/young-people`);
  // Tab to "Start now" and press it.
  for (let i = 0; i < 20 && (await page.evaluate(() => document.activeElement.textContent)) !== 'Start now'; i++) {
    await page.keyboard.press('Tab');
  }
  await Promise.all([page.waitForURL(/\/q\//), page.keyboard.press('Enter')]);

  for (let step = 0; step < 12 && page.url().includes('/q/'); step++) {
    const before = page.url();
    // Tab to the first field of the form.
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press('Tab');
      const tag = await page.evaluate(() => document.activeElement.tagName + ':' + (document.activeElement.type ?? ''));
      if (/^(INPUT|TEXTAREA):(radio|checkbox|text|textarea)$/.test(tag)) break;
    }
    const kind = await page.evaluate(() => document.activeElement.type);
    if (kind === 'radio' || kind === 'checkbox') {
      await page.keyboard.press('Space');
    } else if (kind === 'textarea') {
      await page.keyboard.type('Typed by keyboard only');
    } else {
      await page.keyboard.type('11');
    }
    // On to the Continue button, past any "I'd rather not say" choice.
    for (let i = 0; i < 15 && (await page.evaluate(() => document.activeElement.textContent)) !== 'Continue'; i++) {
      await page.keyboard.press('Tab');
    }
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    assert.notEqual(page.url(), before, `keyboard answer moved on from ${before}`);
  }
  assert.equal(new URL(page.url()).pathname, '/s/young-people/check');
  await page.context().close();
});

test('a school starts with its access code and its answers go on from there', async () => {
  const staff = await newPage(browser);
  await signIn(staff);
  await staff.goto(`${BASE}/admin/surveys/3/codes`);
  const code = (await staff.textContent('td.code >> nth=0')).trim();
  await staff.context().close();

  const page = await newPage(browser, { withoutScripts: true });
  await page.goto(`${BASE}/s/schools`);
  await Promise.all([page.waitForEvent('load'), page.click('a:has-text("Start with your school")')]);
  await checkPage(page, 'school access code');
  await page.fill('#code', code);
  await clickButton(page, 'Start');
  // The survey's start page, naming the school the code belongs to.
  assert.match(await page.textContent('#answering-for'), /You are answering for Ashford Oaks Primary School, Ashford\./);
  await checkPage(page, 'school start page, naming the school');
  await clickButton(page, 'Start now');
  // A primary school in Ashford: its phase and district are not asked.
  assert.equal(new URL(page.url()).pathname, '/s/schools/q/role');
  await answerQuestion(page);
  await clickButton(page, 'Continue');
  assert.equal(new URL(page.url()).pathname, '/s/schools/q/used-service');
  await page.context().close();
});

test('"I don\u2019t understand the question" puts the question another way before going on', async () => {
  const page = await newPage(browser, { withoutScripts: true });
  await page.goto(`${BASE}/s/young-people`);
  await clickButton(page, 'Start now');
  await page.click('label:has-text("I don\u2019t understand the question"), label:has-text("I don\'t understand the question")');
  await clickButton(page, 'Continue');
  assert.equal(new URL(page.url()).pathname, '/s/young-people/q/had-help', 'the same question again');
  assert.match(await page.textContent('.understanding-help'), /The question in other words: Do you get help at school from a special teacher who visits\?/);
  await checkPage(page, 'question with help after "I don\u2019t understand"');
  await clickButton(page, 'Continue');
  assert.equal(new URL(page.url()).pathname, '/s/young-people/q/help-rating', 'Continue again goes on');
  await page.context().close();
});

test('a closed or unknown survey gets a clear page', async () => {
  const page = await newPage(browser);
  const response = await page.goto(`${BASE}/s/no-such-survey`);
  assert.equal(response.status(), 404);
  await checkPage(page, 'unknown survey');
  await page.context().close();
});
