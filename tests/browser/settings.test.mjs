// Display settings and read-aloud: each view still passes every check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, checkPage } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function choose(page, names) {
  await page.goto(`${BASE}/settings`);
  for (const name of names) await page.check(`#${name}`);
  await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Save settings")')]);
}

for (const withoutScripts of [false, true]) {
  const mode = withoutScripts ? 'JavaScript off' : 'JavaScript on';
  test(`larger text, high contrast, more spacing and Easy Read pass every check (${mode})`, async () => {
    const page = await newPage(browser, { withoutScripts });
    await page.goto(`${BASE}/settings`);
    await checkPage(page, `settings (${mode})`);
    await choose(page, ['larger_text', 'high_contrast', 'more_spacing', 'easy_read']);
    assert.equal(await page.getAttribute('html', 'class'), 'prefs-larger-text prefs-high-contrast prefs-more-spacing');

    for (const path of ['/', '/s/young-people', '/sign-in', '/no-such-page']) {
      await page.goto(`${BASE}${path}`);
      await checkPage(page, `${path} with every setting (${mode})`);
    }
    await page.goto(`${BASE}/s/young-people`);
    await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Start now")')]);
    assert.match(await page.textContent('h1'), /Do you get help at school/);
    await checkPage(page, `Easy Read question (${mode})`);
    await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Continue")')]);
    await checkPage(page, `Easy Read question with an error (${mode})`);
    await page.context().close();
  });
}

test('the Listen button appears where the browser can speak, and never without JavaScript', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/s/schools`);
  await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Start now")')]);
  const canSpeak = await page.evaluate(() => 'speechSynthesis' in window);
  const listen = page.locator('.read-aloud');
  if (canSpeak) {
    await listen.waitFor({ state: 'visible', timeout: 15000 });
    await listen.click();
    await checkPage(page, 'question with read-aloud');
  } else {
    await page.waitForTimeout(2000);
    assert.equal(await listen.isVisible(), false);
  }
  assert.deepEqual(page.jsErrors, []);
  await page.context().close();

  const noScript = await newPage(browser, { javaScriptEnabled: false });
  await noScript.goto(`${BASE}/s/schools`);
  await Promise.all([noScript.waitForEvent('load'), noScript.click('button:has-text("Start now")')]);
  assert.equal(await noScript.locator('.read-aloud').isVisible(), false);
  await noScript.context().close();
});
