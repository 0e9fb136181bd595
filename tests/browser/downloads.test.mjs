// Every export downloaded as a person downloads it: a click in the browser, which asks for
// gzip like every browser does, with JavaScript on and off. Each file is then opened with a
// real reader (Python's csv module, openpyxl for the workbook, poppler for the PDF) and
// checked against the database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BASE, launch, newPage, signIn } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const folder = mkdtempSync(path.join(tmpdir(), 'chorus-downloads-'));

/** Clicks a link and saves what the browser downloads. */
async function download(page, link, name) {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.equal(await file.failure(), null, `${name}: the browser finished the download`);
  const saved = path.join(folder, name);
  await file.saveAs(saved);
  return { saved, suggested: file.suggestedFilename() };
}

/** Opens a downloaded file with a real reader and checks it against the database. */
function read(kind, file, slug) {
  const out = execFileSync('python3', [path.join(import.meta.dirname, 'read_download.py'), kind, file, slug], { encoding: 'utf8' });
  return JSON.parse(out);
}

/** The address of each survey's results, as the engagement page links them. */
async function resultsPages(page) {
  await page.goto(`${BASE}/admin/engagements/stls-phase-2`);
  const hrefs = await page.locator('a[href^="/admin/surveys/"][href$="/results"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.length >= 3, 'the engagement links to each survey\u2019s results');
  return hrefs;
}

test('themes are found before the workbooks are downloaded, so that their theme sheets have rows', async () => {
  const page = await newPage(browser);
  await signIn(page);
  await page.goto(`${BASE}/admin/engagements/stls-phase-2/themes`);
  await Promise.all([
    page.waitForURL(/\/themes\/all$/),
    page.getByRole('button', { name: /^Find themes( again)? in Every written answer/ }).click(),
  ]);
  // And in one question's answers, which is where the report takes each group's themes from.
  await page.goto(`${BASE}/admin/engagements/stls-phase-2/themes`);
  await Promise.all([
    page.waitForURL(/\/themes\/(?!all$)[^/]+$/),
    page.getByRole('button', { name: /^Find themes( again)? in / }).nth(1).click(),
  ]);
  await page.context().close();
});

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'JavaScript on' : 'JavaScript off';

  test(`each survey's CSV files download whole through the browser and match the database (${mode})`, async () => {
    const page = await newPage(browser, { javaScriptEnabled, acceptDownloads: true });
    await signIn(page);
    for (const href of await resultsPages(page)) {
      await page.goto(`${BASE}${href}`);
      const id = href.split('/')[3];
      for (const [kind, text] of [['responses.csv', /^Responses as CSV/], ['answers.csv', /^Answers as CSV/]]) {
        const { saved, suggested } = await download(page, page.getByRole('link', { name: text }), `${id}-${javaScriptEnabled}-${kind}`);
        assert.match(suggested, new RegExp(`${kind.replace('.', '\\.')}$`));
        const found = read(kind, saved, id);
        assert.ok(found.rows > 0, `survey ${id} ${kind}: rows to read`);
      }
    }
    await page.context().close();
  });

  test(`the engagement's workbook downloads whole through the browser and every sheet matches the database (${mode})`, async () => {
    const page = await newPage(browser, { javaScriptEnabled, acceptDownloads: true });
    await signIn(page);
    await page.goto(`${BASE}/admin/engagements/stls-phase-2`);
    const { saved, suggested } = await download(page, page.getByRole('link', { name: /spreadsheet \(XLSX\)/ }), `workbook-${javaScriptEnabled}.xlsx`);
    assert.equal(suggested, 'stls-phase-2.xlsx');
    const found = read('workbook', saved, 'stls-phase-2');
    assert.ok(found.theme_sets >= 1, 'the themes found above are in the workbook');
    assert.ok(found.sheets['Coded answers'] > 0, 'coded answers to read');
    await page.context().close();
  });
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'JavaScript on' : 'JavaScript off';

  test(`the report downloads as a workbook, as it stands and as issued, and reads as the database has it (${mode})`, async () => {
    const page = await newPage(browser, { javaScriptEnabled, acceptDownloads: true });
    await signIn(page);
    await page.goto(`${BASE}/admin/engagements/stls-phase-2/report`);
    const now = await download(page, page.getByRole('link', { name: /^Download the report as it stands now/ }), `report-${javaScriptEnabled}.xlsx`);
    assert.equal(now.suggested, 'stls-phase-2-report.xlsx');
    const found = read('report', now.saved, 'stls-phase-2');
    assert.ok(found.sheets.Figures > 0 && found.sheets.Themes > 0, 'figures and themes to read');

    await page.fill('#audience', `Schools forum (${mode})`);
    await Promise.all([page.waitForURL(/\/reports\/\d+$/), page.getByRole('button', { name: 'Issue this report' }).click()]);
    const number = new URL(page.url()).pathname.split('/').pop();
    const issued = await download(page, page.getByRole('link', { name: `Download report ${number} as a spreadsheet (XLSX)` }), `report-${number}.xlsx`);
    assert.equal(issued.suggested, `stls-phase-2-report-${number}.xlsx`);
    assert.deepEqual(read('report', issued.saved, 'stls-phase-2').sheets, found.sheets, 'issued as it stood');
    await page.context().close();
  });
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'JavaScript on' : 'JavaScript off';

  test(`a document downloads as a tagged PDF to print, on a phone, with every section's words (${mode})`, async () => {
    const page = await newPage(browser, { javaScriptEnabled, acceptDownloads: true, viewport: { width: 320, height: 640 } });
    await page.goto(`${BASE}/e/stls-phase-2/documents/service-specification`);
    const link = page.getByRole('link', { name: /^Download version \d+ to print \(PDF, A4\)$/ });
    const { saved, suggested } = await download(page, link, `specification-${javaScriptEnabled}.pdf`);
    assert.match(suggested, /^service-specification-version-\d+\.pdf$/);
    const found = read('pdf', saved, 'stls-phase-2/service-specification');
    assert.equal(suggested, `service-specification-version-${found.version}.pdf`);
    assert.ok(found.pages >= 2 && found.sections >= 6, `${found.pages} pages, ${found.sections} sections`);
    await page.context().close();
  });
}
