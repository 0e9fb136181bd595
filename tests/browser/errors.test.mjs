// The pages people get when something is wrong with what their browser sent: each reached the way
// a browser reaches it (a real navigation or a real form post), with its status, and checked like
// every other page (axe WCAG 2.2 AA, 320 px, keyboard focus).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, launch, newPage, checkPage, signIn } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/**
 * Posts a form built in the page, as a browser would send it, and returns the status of the
 * page it leads to.
 */
async function post(page, action, fields, enctype = 'application/x-www-form-urlencoded') {
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.evaluate(({ action, fields, enctype }) => {
      const form = document.createElement('form');
      Object.assign(form, { method: 'post', action, enctype });
      for (const [name, value] of Object.entries(fields)) {
        const input = document.createElement('textarea');
        Object.assign(input, { name, value });
        form.append(input);
      }
      document.body.append(form);
      form.submit();
    }, { action, fields, enctype }),
  ]);
  return response.status();
}

test('a page asked for with the wrong method (405) passes every check', async () => {
  const page = await newPage(browser);
  const response = await page.goto(`${BASE}/admin/engagements`);
  assert.equal(response.status(), 405);
  await checkPage(page, '405 page');
  await page.context().close();
});

test('a form from another site, or without its token (403), passes every check', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/sign-in`);
  assert.equal(await post(page, '/sign-in', { email: 'someone@example.org', password: 'guess' }), 403);
  await checkPage(page, '403 page');
  await page.context().close();
});

test('a form sent in a way Chorus does not read (415) passes every check', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/sign-in`);
  assert.equal(await post(page, '/sign-in', { email: 'someone@example.org' }, 'text/plain'), 415);
  await checkPage(page, '415 page');
  await page.context().close();
});

test('a form too large to take (413) passes every check', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/sign-in`);
  assert.equal(await post(page, '/sign-in', { email: 'x'.repeat(300 * 1024) }), 413);
  await checkPage(page, '413 page');
  await page.context().close();
});

test('publishing a draft someone else changed meanwhile (409) passes every check', async () => {
  const page = await newPage(browser);
  await signIn(page);
  await page.goto(`${BASE}/admin/engagements/stls-phase-2`);
  const href = await page.getAttribute('a[href*="/publish?revision="], a[href^="/admin/surveys/"][href$="/preview"]', 'href');
  const id = href.match(/\/admin\/surveys\/(\d+)/)[1];
  await page.goto(`${BASE}/admin/surveys/${id}`);
  const token = await page.getAttribute('input[name=csrf_token]', 'value');
  assert.equal(await post(page, `/admin/surveys/${id}/publish`, { csrf_token: token, revision: 'an older draft' }), 409);
  assert.match(await page.textContent('h1'), /changed before it was published/);
  await checkPage(page, '409 page');
  await page.context().close();
});

/** A free port on loopback. */
function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

test('a failure inside the server (500) passes every check', async () => {
  // A second server of its own, on a database that then loses the table the home page reads:
  // the same failure a lost or damaged database gives, without touching the shared one.
  assert.ok(process.env.CHORUS_BIN, 'CHORUS_BIN names the server binary (the test script sets it)');
  const dir = mkdtempSync(join(tmpdir(), 'chorus-500-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.env.CHORUS_BIN, [], {
    env: { ...process.env, DATABASE_URL: `sqlite://${dir}/chorus.db`, CHORUS_DATA_DIR: dir, LEPTOS_SITE_ADDR: `127.0.0.1:${port}` },
    stdio: 'ignore',
  });
  try {
    let up = false;
    for (let i = 0; i < 100 && !up; i++) {
      up = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
      if (!up) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(up, 'the second server started');
    execFileSync('python3', ['-c', 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute("alter table engagements rename to lost")', `${dir}/chorus.db`]);

    const page = await newPage(browser);
    const response = await page.goto(`${base}/`);
    assert.equal(response.status(), 500);
    assert.equal(await page.textContent('h1'), 'Sorry, there is a problem with the service');
    await checkPage(page, '500 page');
    await page.context().close();
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
});
