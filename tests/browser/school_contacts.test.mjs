// A school's member of staff: an administrator links their account to their school, and they
// sign in to that school's access codes and how many answered, with JavaScript off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, checkPage, signIn } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a school contact is linked to their school and sees its codes and nothing of others', async () => {
  const admin = await newPage(browser, { withoutScripts: true });
  await signIn(admin);
  await admin.goto(`${BASE}/admin/users/new`);
  const email = `senco-${Date.now()}@example.org`;
  await admin.fill('#display-name', 'Sam Senco');
  await admin.fill('#email', email);
  await admin.check('#role-school_contact');
  await Promise.all([admin.waitForEvent('load'), admin.click('button:has-text("Add account")')]);
  const link = (await admin.textContent('code.break-anywhere')).trim();
  assert.match(await admin.textContent('main'), /Schools they speak for/);
  await admin.selectOption('#school-id', { label: 'Oakfield Special School, Maidstone' });
  await Promise.all([admin.waitForEvent('load'), admin.click('button:has-text("Add this school")')]);
  assert.match(await admin.textContent('.notification'), /schools they speak for are saved/);
  assert.match(await admin.textContent('main ul.list'), /Oakfield Special School, Maidstone/);
  await checkPage(admin, 'a school contact linked to a school');
  await admin.context().close();

  const senco = await newPage(browser, { withoutScripts: true });
  await senco.goto(`${BASE}${new URL(link).pathname}`);
  await senco.fill('#password', 'our school answers too');
  await senco.fill('#confirm', 'our school answers too');
  await Promise.all([senco.waitForEvent('load'), senco.click('button:has-text("Set password")')]);
  await signIn(senco, email, 'our school answers too');
  const main = await senco.textContent('main');
  assert.match(main, /Your schools/);
  assert.match(main, /Oakfield Special School, Maidstone/);
  assert.equal(await senco.locator('main .code').count(), 1, 'its one access code');
  assert.doesNotMatch(main, /Canterbury Academy|Ashford Oaks/, 'nothing of other schools');
  assert.equal(await senco.locator('main a[href^="/admin/engagements"]').count(), 0);
  await checkPage(senco, "a school contact's home");
  await senco.context().close();
});
