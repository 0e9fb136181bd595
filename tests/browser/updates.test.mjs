// Hearing when results are published: a parent leaves an email address on its own page, makes
// a mistake first, and later stops the emails from their link; an administrator sees who is
// waiting and downloads the addresses. With JavaScript on and off, by keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, checkPage, signIn } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const withoutScripts of [true, false]) {
  const mode = withoutScripts ? 'JavaScript off' : 'JavaScript on';
  const address = `parent-${withoutScripts ? 'off' : 'on'}@example.org`;

  test(`a parent asks to hear when results are published, then stops the emails (${mode})`, async () => {
    const page = await newPage(browser, { withoutScripts });
    await page.goto(`${BASE}/e/stls-phase-2`);
    await page.getByRole('link', { name: /^Get an email when the council publishes/ }).focus();
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    assert.equal(await page.textContent('h1'), 'Hear when the council publishes what it heard');
    await checkPage(page, `updates sign-up (${mode})`);

    await page.fill('#email', 'parent at example');
    await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Email me when it is published")')]);
    assert.match(await page.textContent('.error-summary'), /Enter an email address in the correct format/);
    assert.equal(await page.inputValue('#email'), 'parent at example', 'what they typed is kept');
    assert.match(await page.title(), /^Error: /);
    await checkPage(page, `updates sign-up with an error (${mode})`);

    await page.fill('#email', address);
    await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Email me when it is published")')]);
    assert.equal(await page.textContent('h1'), 'You will hear when it is published');
    await checkPage(page, `signed up for updates (${mode})`);

    // The administrator's download holds the person's own link to stop.
    const admin = await newPage(browser, { withoutScripts });
    await signIn(admin);
    await admin.goto(`${BASE}/admin/engagements/stls-phase-2/updates`);
    assert.match(await admin.textContent('main'), /No mail server is set/);
    await checkPage(admin, `people waiting to hear (${mode})`);
    const csv = await (await admin.request.get(`${BASE}/admin/engagements/stls-phase-2/updates.csv`)).text();
    const row = csv.split('\r\n').find((line) => line.startsWith(`${address},`));
    assert.ok(row, `${address} is in the download`);
    const stop = new URL(row.split(',')[1]).pathname;
    await admin.context().close();

    await page.goto(`${BASE}${stop}`);
    assert.match(await page.textContent('h1'), /^Stop emails about /);
    await checkPage(page, `stop the emails (${mode})`);
    await page.getByRole('button', { name: 'Stop the emails' }).focus();
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    assert.equal(await page.textContent('h1'), 'Your emails have stopped');
    await checkPage(page, `emails stopped (${mode})`);
    await page.goto(`${BASE}${stop}`);
    assert.equal(await page.textContent('h1'), 'This link to stop emails does not work');
    await checkPage(page, `a used stop link (${mode})`);
    await page.context().close();
  });
}
