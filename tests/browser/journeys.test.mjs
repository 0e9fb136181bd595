// Journeys a person takes, by keyboard, with and without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, EMAIL, PASSWORD, launch, newPage, signIn } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('signing in and out works with JavaScript off', async () => {
  const page = await newPage(browser, { javaScriptEnabled: false });
  await signIn(page);
  assert.equal(new URL(page.url()).pathname, '/admin');
  assert.match(await page.textContent('main'), /Signed in as/);

  await page.click('header button:has-text("Sign out")');
  assert.match(await page.textContent('h1'), /You have signed out/);
  await page.goto(`${BASE}/admin`);
  assert.equal(new URL(page.url()).pathname, '/sign-in');
  await page.context().close();
});

test('a wrong password shows a linked error and keeps the email, with JavaScript off', async () => {
  const page = await newPage(browser, { javaScriptEnabled: false });
  await signIn(page, EMAIL, 'not the password');
  assert.equal(await page.inputValue('#email'), EMAIL);
  assert.equal(await page.inputValue('#password'), '', 'passwords are never sent back');
  const link = page.locator('.error-summary a');
  assert.equal(await link.getAttribute('href'), '#email');
  assert.match(await link.textContent(), /email address or password is not right/);
  assert.equal(await page.getAttribute('#email', 'aria-describedby'), 'email-error');
  await page.context().close();
});

test('the error summary link moves focus to the field in error', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/sign-in`);
  await page.click('button[type=submit]:has-text("Sign in")');
  await page.click('.error-summary a[href="#password"]');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'password', 'focus is on the field, not only the address');
  await page.context().close();
});

test('signing in works by keyboard alone', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/sign-in`);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to main content');
  await page.keyboard.press('Enter');
  // From the top of main, the first field is a tab or two away.
  for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement.id)) !== 'email'; i++) {
    await page.keyboard.press('Tab');
  }
  await page.keyboard.type(EMAIL);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'password');
  await page.keyboard.type(PASSWORD);
  await Promise.all([page.waitForURL(`${BASE}/admin`), page.keyboard.press('Enter')]);
  await page.context().close();
});

test('the show-password button appears once the page is interactive and toggles the field', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/sign-in`);
  const toggle = page.locator('.password-input__toggle');
  await toggle.waitFor({ state: 'visible', timeout: 15000 });
  await page.fill('#password', 'secret words');
  await toggle.click();
  assert.equal(await page.getAttribute('#password', 'type'), 'text');
  assert.match(await toggle.textContent(), /Hide/);
  await toggle.click();
  assert.equal(await page.getAttribute('#password', 'type'), 'password');
  assert.deepEqual(page.jsErrors, [], 'no script errors while hydrating');
  await page.context().close();
});

test('the islands start under the Content-Security-Policy, and a script slipped into a page does not run', async () => {
  const page = await newPage(browser);
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto(`${BASE}/sign-in`);
  assert.match(response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  await page.locator('.password-input__toggle').waitFor({ state: 'visible', timeout: 15000 });
  assert.deepEqual(await page.evaluate(() => window.cspViolations), [], 'the bundle and its starting script are allowed');
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.injected = true';
    document.head.append(s);
  });
  await page.waitForFunction(() => window.cspViolations.length > 0);
  assert.equal(await page.evaluate(() => window.injected), undefined, 'an injected inline script is refused');
  assert.match((await page.evaluate(() => window.cspViolations))[0], /^script-src/);
  await page.context().close();
});

test('without JavaScript the show-password button stays hidden', async () => {
  const page = await newPage(browser, { javaScriptEnabled: false });
  await page.goto(`${BASE}/sign-in`);
  assert.equal(await page.locator('.password-input__toggle').isVisible(), false);
  await page.context().close();
});

test('pages are small: the home page is a few KB of HTML', async () => {
  const page = await newPage(browser, { javaScriptEnabled: false });
  const response = await page.goto(`${BASE}/`);
  const html = await response.body();
  assert.ok(html.length < 20000, `home page HTML is ${html.length} bytes`);
  await page.context().close();
});

/** Presses Tab until the link to `href` has focus, as a keyboard user would, and follows it. */
async function tabToAndFollow(page, href) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.getAttribute('href'))) === href) {
      await Promise.all([page.waitForURL(`${BASE}${href}`), page.keyboard.press('Enter')]);
      return;
    }
  }
  assert.fail(`no link to ${href} within 80 presses of Tab`);
}

test('from the home page, by keyboard alone with JavaScript off, a person reaches every open survey', async () => {
  const page = await newPage(browser, { withoutScripts: true });
  await page.goto(`${BASE}/`);
  await tabToAndFollow(page, '/e/stls-phase-2');
  assert.equal(await page.textContent('h1'), 'Specialist Teaching and Learning Service: Phase 2');
  const surveys = await page.$$eval('main a[href^="/s/"]', (links) => links.map((a) => [a.getAttribute('href'), a.textContent]));
  // The demo's three, and any other survey published in it (the editor's journey adds one).
  for (const href of ['/s/young-people', '/s/parents-carers', '/s/schools']) {
    assert.ok(surveys.some(([h]) => h === href), `${href} is listed`);
  }
  for (const [href, title] of surveys) {
    await page.goto(`${BASE}/e/stls-phase-2`);
    await tabToAndFollow(page, href);
    assert.equal(await page.textContent('h1'), title, 'the survey the link named');
    assert.equal(await page.locator('button:has-text("Start now")').count(), 1);
  }
  await page.context().close();
});

test('a finished engagement stays on the home page, and leads by keyboard to its results', async () => {
  const page = await newPage(browser, { withoutScripts: true });
  await page.goto(`${BASE}/`);
  await tabToAndFollow(page, '/e/stls-phase-1');
  assert.equal(await page.textContent('#stage'), 'Results published');
  assert.equal(await page.locator('main a[href^="/s/"]').count(), 0, 'nothing to start');
  await tabToAndFollow(page, '/e/stls-phase-1/results');
  assert.equal(await page.textContent('h1'), 'What people told us');
  assert.ok(await page.locator('table').count() > 0, 'the figures, in tables');
  await page.context().close();
});
