// Shared by the browser tests: one headless Chromium, and the checks every page must pass.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';

export const BASE = process.env.CHORUS_BASE_URL ?? 'http://127.0.0.1:3000';
export const EMAIL = process.env.CHORUS_TEST_EMAIL;
export const PASSWORD = process.env.CHORUS_TEST_PASSWORD;
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/**
 * A fresh browser context with its own cookies. `javaScriptEnabled: false` turns
 * scripts off entirely (Playwright can then fill and click, but axe cannot run);
 * `withoutScripts: true` instead strips every script from the pages Chorus sends, so
 * axe can check exactly what a visitor without JavaScript gets.
 */
export async function newPage(browser, { withoutScripts = false, ...options } = {}) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, ...options });
  if (withoutScripts) {
    await context.route('**/*', async (route) => {
      if (route.request().resourceType() !== 'document') return route.continue();
      const response = await route.fetch({ maxRedirects: 0 });
      const body = (await response.text())
        .replace(/<script\b[\s\S]*?<\/script>/gi, '')
        .replace(/<link rel="(modulepreload|preload)"[^>]*>/gi, '');
      return route.fulfill({ response, body });
    });
  }
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A page's own 4xx (a form with errors is a 422) is reported by the browser as a
  // failed load; what matters is that every script, style and image it needs loads.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.request().resourceType() !== 'document' && r.status() >= 400) errors.push(`${r.status()} for ${r.url()}`);
  });
  page.jsErrors = errors;
  return page;
}

/**
 * Zero axe-core violations against WCAG 2.2 AA. What axe could not decide by itself ("incomplete":
 * contrast over a background image, say) is listed in the test output, so that a person looks.
 */
export async function expectNoAxeViolations(page, label) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const found = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
  );
  assert.deepEqual(found, [], `${label}: axe found violations`);
  assert.ok(results.passes.length > 0, `${label}: axe ran no checks`);
  for (const i of results.incomplete) {
    const at = i.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ');
    const more = i.nodes.length > 3 ? ` and ${i.nodes.length - 3} more` : '';
    console.log(`# ${label}: axe could not decide ${i.id} (${i.help}) at ${at}${more}`);
  }
}

/**
 * Axe again once the page's islands have hydrated: the bundle is fetched and run after `load`,
 * and what it changes must pass too. Pages without a script have nothing to wait for.
 */
export async function expectNoAxeViolationsAfterHydration(page, label) {
  const scripted = await page.evaluate(() => !!document.querySelector('script[type=module]') && !!document.querySelector('leptos-island'));
  if (!scripted) return false;
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('.wasm')));
  await page.waitForTimeout(200);
  await expectNoAxeViolations(page, `${label}, after hydration`);
  return true;
}

/** Nothing wider than a 320 px screen (WCAG 1.4.10 reflow). */
export async function expectNoHorizontalScrollAt320(page, label) {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  await page.setViewportSize(before);
  assert.ok(scrollWidth <= clientWidth, `${label}: page is ${scrollWidth}px wide at 320px`);
}

/**
 * Tabs through the page: every stop must show a visible focus indicator and be on
 * screen, and the keyboard must reach every link, button and field.
 */
export async function expectVisibleKeyboardFocus(page, label) {
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  // A group of radios is one tab stop: arrow keys move within it. Each stop is
  // numbered, so that look-alike controls (a "Delete" on every row) count apart.
  const focusable = await page.evaluate(() => {
    const radioGroups = new Map();
    let stops = 0;
    for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])')) {
      const style = getComputedStyle(el);
      if (el.disabled || el.closest('[hidden]') || style.visibility === 'hidden' || style.display === 'none') continue;
      // Inside a closed <details> (other than its summary), a field is reached by opening it first.
      if (el.closest('details:not([open])') && !el.closest('summary')) continue;
      if (el.type === 'radio' && radioGroups.has(el.name)) {
        el.dataset.focusStop = radioGroups.get(el.name);
        continue;
      }
      el.dataset.focusStop = String(stops);
      if (el.type === 'radio') radioGroups.set(el.name, String(stops));
      stops += 1;
    }
    return stops;
  });
  const seen = new Set();
  for (let i = 0; i < focusable + 2; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const rect = el.getBoundingClientRect();
      const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
        && !/rgba\(0, 0, 0, 0\)|transparent/.test(style.outlineColor);
      const shadow = style.boxShadow && style.boxShadow !== 'none';
      const yellow = style.backgroundColor === 'rgb(255, 221, 0)' || style.borderColor === 'rgb(255, 221, 0)';
      return {
        id: el.dataset.focusStop ?? el.outerHTML.slice(0, 80),
        html: el.outerHTML.slice(0, 80),
        indicated: outline || shadow || yellow,
        onScreen: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.right > 0
          && rect.top < window.innerHeight && rect.left < window.innerWidth,
      };
    });
    if (!info) continue;
    assert.ok(info.indicated, `${label}: no visible focus indicator on ${info.html}`);
    assert.ok(info.onScreen, `${label}: focused element is off screen: ${info.html}`);
    seen.add(info.id);
  }
  assert.ok(seen.size >= focusable, `${label}: keyboard reached ${seen.size} of ${focusable} focusable elements`);
  await page.evaluate(() => document.activeElement?.blur());
}

/** Every check a page must pass. */
export async function checkPage(page, label) {
  await expectNoAxeViolations(page, label);
  await expectNoAxeViolationsAfterHydration(page, label);
  await expectNoHorizontalScrollAt320(page, label);
  await expectVisibleKeyboardFocus(page, label);
}

export async function signIn(page, email = EMAIL, password = PASSWORD) {
  await page.goto(`${BASE}/sign-in`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForEvent('load'), page.click('button[type=submit]:has-text("Sign in")')]);
}

/**
 * What the server stored for one question of the response with this receipt code, read from its
 * SQLite database (DATABASE_URL) with Python's sqlite3: the choice's value, or the text written.
 */
export function storedAnswer(receipt, questionId) {
  const script = `
import base64, hashlib, os, sqlite3, sys
path = os.environ["DATABASE_URL"].removeprefix("sqlite://").split("?")[0]
db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
rows = db.execute("""select coalesce(a.choice, a.text_value, cast(a.number_value as text)) from answers a
    join responses r on r.id = a.response_id where r.receipt_code_hash = ? and a.question_id = ?""",
    (base64.urlsafe_b64encode(hashlib.sha256(sys.argv[1].encode()).digest()).rstrip(b"=").decode(), sys.argv[2])).fetchall()
print("\\n".join(r[0] or "" for r in rows))`;
  return execFileSync('python3', ['-c', script, receipt, questionId], { encoding: 'utf8' }).trim();
}
