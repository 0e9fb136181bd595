// Every page and state, with JavaScript on and off: axe-core WCAG 2.2 AA, visible
// keyboard focus, and no horizontal scroll at 320 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, checkPage, signIn } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PUBLIC_PAGES = [
  ['home', '/'],
  ['accessibility statement', '/accessibility'],
  ['privacy', '/privacy'],
  ['sign in', '/sign-in'],
  ['signed out', '/sign-out'],
  ['school access code', '/code'],
  ['not found', '/no-such-page'],
  ['open engagement', '/e/stls-phase-2'],
  ['engagement with published results', '/e/stls-phase-1'],
  ['published results', '/e/stls-phase-1/results'],
  ['published results in Easy Read', '/e/stls-phase-1/results/easy-read'],
  ['closed survey', '/s/phase-1-families'],
  ['a published document', '/e/stls-phase-2/documents/service-specification'],
  ['a section of a document, to have a say on', '/e/stls-phase-2/documents/service-specification/sections/district-teams'],
  ['asking to hear when results are published', '/e/stls-phase-2/updates'],
  ['joining the co-production group', '/e/stls-phase-2/group'],
];

for (const withoutScripts of [false, true]) {
  const mode = withoutScripts ? 'JavaScript off' : 'JavaScript on';

  for (const [name, path] of PUBLIC_PAGES) {
    test(`${name} page passes every check (${mode})`, async () => {
      const page = await newPage(browser, { withoutScripts });
      const response = await page.goto(`${BASE}${path}`);
      assert.equal(response.status(), path === '/no-such-page' ? 404 : 200);
      if (withoutScripts) assert.equal(await page.locator('script').count(), 0);
      await checkPage(page, `${name} (${mode})`);
      assert.deepEqual(page.jsErrors, [], 'no script errors or missing resources');
      await page.context().close();
    });
  }

  test(`sign-in error states pass every check (${mode})`, async () => {
    const page = await newPage(browser, { withoutScripts });
    await page.goto(`${BASE}/sign-in`);
    await page.click('button[type=submit]:has-text("Sign in")');
    await page.waitForSelector('.error-summary');
    assert.match(await page.title(), /^Error: /);
    await checkPage(page, `sign in, empty (${mode})`);

    await page.fill('#email', 'nobody@example.org');
    await page.fill('#password', 'wrong password');
    await page.click('button[type=submit]:has-text("Sign in")');
    await page.waitForSelector('.error-summary');
    await checkPage(page, `sign in, wrong password (${mode})`);

    // Too many wrong passwords for one address: signing in with it pauses, with a clear message.
    const paused = `paused-${withoutScripts ? 'off' : 'on'}@example.org`;
    for (let i = 0; i < 6; i++) {
      await page.fill('#email', paused);
      await page.fill('#password', 'wrong password');
      await page.click('button[type=submit]:has-text("Sign in")');
      await page.waitForSelector('.error-summary');
    }
    assert.match(await page.textContent('.error-summary'), /too many attempts to sign in with this email address/);
    await checkPage(page, `sign in, paused after too many attempts (${mode})`);
    await page.context().close();
  });

  test(`adding a staff account and choosing its password pass every check (${mode})`, async () => {
    const page = await newPage(browser, { withoutScripts });
    await signIn(page);
    await page.goto(`${BASE}/admin/users/new`);
    await checkPage(page, `add a staff account (${mode})`);
    await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Add account")')]);
    await page.waitForSelector('.error-summary');
    await checkPage(page, `add a staff account with errors (${mode})`);
    const email = `new-${withoutScripts ? 'off' : 'on'}-${Date.now()}@example.org`;
    await page.fill('#display-name', 'Nia New');
    await page.fill('#email', email);
    await page.check('#role-analyst');
    await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Add account")')]);
    assert.match(await page.textContent('h1'), /Nia New/);
    const link = (await page.textContent('code.break-anywhere')).trim();
    assert.match(link, /\/set-password\//);
    await checkPage(page, `a new staff account with its link (${mode})`);
    await page.context().close();

    // The new member of staff opens the link in their own browser.
    const theirs = await newPage(browser, { withoutScripts });
    await theirs.goto(`${BASE}${new URL(link).pathname}`);
    await checkPage(theirs, `choose a password (${mode})`);
    await theirs.fill('#password', 'a long enough phrase');
    await theirs.fill('#confirm', 'not the same phrase');
    await Promise.all([theirs.waitForEvent('load'), theirs.click('button:has-text("Set password")')]);
    await theirs.waitForSelector('.error-summary');
    await checkPage(theirs, `choose a password with errors (${mode})`);
    await theirs.fill('#password', 'a long enough phrase');
    await theirs.fill('#confirm', 'a long enough phrase');
    await Promise.all([theirs.waitForEvent('load'), theirs.click('button:has-text("Set password")')]);
    assert.match(await theirs.textContent('h1'), /Your password is set/);
    await checkPage(theirs, `password set (${mode})`);
    await signIn(theirs, email, 'a long enough phrase');
    assert.equal(new URL(theirs.url()).pathname, '/admin');
    await theirs.context().close();
  });

  test(`staff pages pass every check when signed in (${mode})`, async () => {
    const page = await newPage(browser, { withoutScripts });
    await signIn(page);
    assert.equal(new URL(page.url()).pathname, '/admin');
    const staffPages = [
      ['staff area', '/admin'],
      ['staff accounts', '/admin/users'],
      ['engagement', '/admin/engagements/stls-phase-2'],
      ['engagement after a change', '/admin/engagements/stls-phase-2?done=published'],
      ['survey preview, start page', '/admin/surveys/1/preview'],
      ['survey preview', '/admin/surveys/1/preview/had-help'],
      ['survey preview, faces', '/admin/surveys/1/preview/help-rating'],
      ['survey preview, a page with an error', '/admin/surveys/1/preview/had-help/continue'],
      ['survey preview, the end', '/admin/surveys/1/preview-end'],
      ['are you sure you want to close the engagement?', '/admin/engagements/stls-phase-2/state?to=closed'],
      ['are you sure you want to publish?', '/admin/surveys/1/publish'],
      ['schools', '/admin/schools'],
      ['new engagement', '/admin/engagements/new'],
      ['change engagement', '/admin/engagements/stls-phase-2/edit'],
      ['access codes', '/admin/surveys/3/codes'],
      ['letters with access codes', '/admin/surveys/3/codes/letters'],
      ['survey results', '/admin/surveys/2/results'],
      ['survey results, one district', '/admin/surveys/2/results?filter=district::thanet'],
      ['survey results to print and share', '/admin/surveys/2/results?counts=shared&by=district'],
      ['survey results, schools', '/admin/surveys/3/results'],
      ['outcomes', '/admin/engagements/stls-phase-2/outcomes'],
      ['the outcomes framework', '/admin/outcomes'],
      ['the outcomes framework after a change', '/admin/outcomes?done=added'],
      ['new outcome', '/admin/outcomes/new'],
      ['change an outcome', '/admin/outcomes/1'],
      ['a KPI across two waves', '/admin/kpis/1'],
      ['change a KPI', '/admin/kpis/1/edit'],
      ['new KPI', '/admin/outcomes/1/kpis/new'],
      ['area boards', '/admin/area-boards'],
      ['equality evidence', '/admin/engagements/stls-phase-1/equality'],
      ['response rates', '/admin/engagements/stls-phase-2/reach'],
      ['children with SEND', '/admin/population'],
      ['equality population', '/admin/equality-population'],
      ['outcomes for one area of need', '/admin/engagements/stls-phase-2/outcomes?need=cognition-and-learning'],
      ['equality evidence, none asked', '/admin/engagements/stls-phase-2/equality'],
      ['who has answered', '/admin/engagements/stls-phase-2/responses'],
      ['themes', '/admin/engagements/stls-phase-2/themes'],
      ['survey results by district', '/admin/surveys/2/results?by=district&filter=used-stls::yes'],
      ['safeguarding queue', '/admin/safeguarding'],
      ['safeguarding actions kept apart', '/admin/safeguarding/kept-apart'],
      ['survey editor', '/admin/surveys/1'],
      ['survey details', '/admin/surveys/1/settings'],
      ['when the answers are deleted', '/admin/engagements/stls-phase-1/retention'],
      ['schools: who has answered', '/admin/engagements/stls-phase-2/schools'],
      ['letters for the schools still to hear from', '/admin/surveys/3/codes/letters?waiting=1'],
      ['new survey', '/admin/engagements/stls-phase-2/surveys/new'],
      ['change a question with a picture', '/admin/surveys/1/questions/help-rating'],
      ['new question', '/admin/surveys/2/questions/new'],
      ['new route', '/admin/surveys/2/pages/used-stls/routes'],
      ['you said, we did', '/admin/engagements/stls-phase-1/you-said'],
      ['new "you said, we did" entry', '/admin/engagements/stls-phase-2/you-said/new'],
      ['change a "you said, we did" entry', '/admin/you-said/1/edit'],
      ['results for everyone', '/admin/engagements/stls-phase-2/public-results'],
      ['report for decision-makers', '/admin/engagements/stls-phase-2/report'],
      ['results for everyone, preview', '/admin/engagements/stls-phase-2/public-results/preview'],
      ['results for everyone, Easy Read preview', '/admin/engagements/stls-phase-2/public-results/preview/easy-read'],
      ['audit log', '/admin/audit'],
      ['sign out', '/sign-out'],
    ];
    for (const [name, path] of staffPages) {
      const response = await page.goto(`${BASE}${path}`);
      assert.equal(response.status(), path.endsWith('/continue') ? 422 : 200, name);
      await checkPage(page, `${name} (${mode})`);
    }
    await page.goto(`${BASE}/admin/engagements/new`);
    await page.fill('#closes-day', '31');
    await page.fill('#closes-month', '2');
    await page.fill('#closes-year', '2027');
    await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Save")')]);
    await page.waitForSelector('.error-summary');
    await checkPage(page, `new engagement with errors (${mode})`);
    await page.goto(`${BASE}/admin/outcomes/new`);
    await page.check('#group-new');
    await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Save outcome")')]);
    await page.waitForSelector('.error-summary');
    await checkPage(page, `new outcome with errors (${mode})`);
    await page.goto(`${BASE}/admin/outcomes/1/kpis/new`);
    await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Save KPI")')]);
    await page.waitForSelector('.error-summary');
    await checkPage(page, `new KPI with errors (${mode})`);
    await page.goto(`${BASE}/admin/population`);
    await page.fill('#population', 'Atlantis,Cognition and learning,3');
    await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Upload numbers")')]);
    await page.waitForSelector('.error-summary');
    await checkPage(page, `children with SEND upload with an error (${mode})`);
    await page.goto(`${BASE}/admin/equality-population`);
    await page.fill('#population', 'Shoe size,Large,3');
    await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Upload numbers")')]);
    await page.waitForSelector('.error-summary');
    await checkPage(page, `equality population upload with an error (${mode})`);
    await page.goto(`${BASE}/admin/schools`);
    await page.fill('#csv', 'A School,Atlantis,Primary');
    await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Add schools")')]);
    await page.waitForSelector('.error-summary');
    await checkPage(page, `schools import with an error (${mode})`);
    await page.goto(`${BASE}/admin/engagements/stls-phase-2/you-said/new`);
    await page.fill('#said', 'Something people said.');
    await page.check('#status-not_doing');
    await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Save as a draft")')]);
    await page.waitForSelector('.error-summary');
    assert.equal(await page.inputValue('#said'), 'Something people said.', 'what was typed is kept');
    await checkPage(page, `"you said, we did" entry with errors (${mode})`);
    assert.deepEqual(page.jsErrors, [], 'no script errors');
    await page.context().close();
  });

  test(`a school access code error passes every check (${mode})`, async () => {
    const page = await newPage(browser, { withoutScripts });
    await page.goto(`${BASE}/code`);
    await page.fill('#code', 'not a code');
    await Promise.all([page.waitForEvent('load'), page.click('button:has-text("Start")')]);
    await page.waitForSelector('.error-summary');
    await checkPage(page, `school code with an error (${mode})`);
    await page.context().close();
  });
}
