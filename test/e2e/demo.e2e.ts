// The demo site (www/ with conf/server.ini, as `npm start` serves it) in a real browser: signing
// in through the browser's credential prompt, the site's own 401 and 403 pages, a listing sorted
// by clicking its column headings (and still sorted after a reload), and JSON fetched by the page
// itself. Every test reads what the page shows, not only the status.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../helpers/repo.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { openSession, screenshot, skipReason, visibleText, type BrowserSession } from './browser.js';

const DOCS = path.join(REPO_ROOT, 'www/docs');

/** Names as the /docs/ table shows them, folders first (FoldersFirst), files by size then name. */
function docsBySize(descending: boolean): string[] {
  const entries = readdirSync(DOCS, { withFileTypes: true }).filter((e) => !e.name.startsWith('.'));
  const dirs = entries
    .filter((e) => e.isDirectory())
    .map((e) => `${e.name}/`)
    .sort();
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => ({ name: e.name, size: statSync(path.join(DOCS, e.name)).size }))
    .sort((a, b) => (a.size - b.size || (a.name < b.name ? -1 : 1)) * (descending ? -1 : 1))
    .map((e) => e.name);
  return [...(descending ? dirs.reverse() : dirs), ...files];
}

/** The names in the listing's rows, top to bottom, without "Parent Directory". */
function rowNames(page: Page): Promise<string[]> {
  return page.locator('tbody tr:not(.up) td.n a').allInnerTexts();
}

describe('the demo site in Chromium', { skip: skipReason() }, () => {
  let server: TestServer;
  let session: BrowserSession | undefined;
  before(async () => {
    server = await startServer(path.join(REPO_ROOT, 'www'), { config: path.join(REPO_ROOT, 'conf/server.ini') });
  });
  after(async () => {
    await session?.close();
    await server?.stop();
  });

  async function browse(opts: Parameters<typeof openSession>[0] = {}): Promise<BrowserSession> {
    await session?.close();
    session = await openSession(opts);
    return session;
  }

  it('signs in to the Members realm through the credential prompt and shows the members page', async () => {
    const { page } = await browse({ httpCredentials: { username: 'bob', password: 'builder' } });
    const res = await page.goto(`${server.url}/members/`);
    assert.equal(res?.status(), 200);
    assert.equal(await page.locator('h1').innerText(), "Members' area");
    assert.match(await visibleText(page), /You are signed in\. Admins only\./);
  });

  it('shows the site’s own 401 page for a wrong password', async () => {
    const { page } = await browse({ httpCredentials: { username: 'bob', password: 'not-the-builder' } });
    const res = await page.goto(`${server.url}/members/`);
    assert.equal(res?.status(), 401);
    assert.equal(res?.headers()['www-authenticate'], 'Basic realm="Members"');
    assert.equal(await page.title(), '401 — Please sign in');
    assert.match(await visibleText(page), /This is the sample site's own 401 page, served by ErrorDocument 401/);
    assert.doesNotMatch(await visibleText(page), /Members' area/);
  });

  it('shows the site’s own 403 page to a signed-in user outside the admins group, and the page to alice', async () => {
    const bob = (await browse({ httpCredentials: { username: 'bob', password: 'builder' } })).page;
    const refused = await bob.goto(`${server.url}/members/admins/`);
    assert.equal(refused?.status(), 403);
    assert.equal(await bob.locator('h1').innerText(), 'Not for you');
    assert.match(await visibleText(bob), /This is the sample site's own 403 page, served by ErrorDocument 403/);

    const alice = (await browse({ httpCredentials: { username: 'alice', password: 'wonderland' } })).page;
    const allowed = await alice.goto(`${server.url}/members/admins/`);
    assert.equal(allowed?.status(), 200);
    assert.equal(await alice.locator('h1').innerText(), 'Admins only');
  });

  it('sorts the /docs/ listing by a click on a column heading, and keeps that order on reload', async () => {
    const { page, cspViolations } = await browse();
    await page.goto(`${server.url}/docs/`);
    assert.equal(await page.locator('h1').innerText(), 'Index of /docs');
    // the inline stylesheet the CSP allows by hash is applied (body width from LISTING_CSS)
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).maxWidth), '960px');

    await page.getByRole('link', { name: 'Size' }).click();
    await page.waitForURL(/\?C=S;O=A$/);
    assert.deepEqual(await rowNames(page), docsBySize(false));
    assert.equal(await page.locator('th.s').getAttribute('aria-sort'), 'ascending');

    await page.getByRole('link', { name: 'Size' }).click(); // the current column's link reverses it
    await page.waitForURL(/\?C=S;O=D$/);
    const descending = docsBySize(true);
    assert.deepEqual(await rowNames(page), descending);
    assert.equal(await page.locator('th.s').getAttribute('aria-sort'), 'descending');

    await page.reload();
    assert.match(page.url(), /\?C=S;O=D$/);
    assert.deepEqual(await rowNames(page), descending);
    assert.match(await visibleText(page), /Comma-separated values/); // AddDescription
    await screenshot(page, 'listing');
    assert.deepEqual(cspViolations, []);
  });

  it('fetches the listing as JSON from a page: the same entries in the same order', async () => {
    const { page, cspViolations } = await browse();
    await page.goto(`${server.url}/docs/?C=S;O=A`);
    const shown = await rowNames(page);
    // The listing's own CSP (default-src 'none') forbids it any fetch, and the browser says so:
    // proof that the CSP holds and that a violation would be seen by the tests above.
    const reported = page.waitForEvent('console', {
      predicate: (m) => /Content[- ]Security[- ]Policy/i.test(m.text()),
      timeout: 10000,
    });
    const refused = await page.evaluate(() =>
      fetch('/docs/').then(
        () => 'fetched',
        () => 'refused',
      ),
    );
    assert.equal(refused, 'refused');
    assert.match((await reported).text(), /connect-src|default-src/);
    cspViolations.length = 0;
    // so the page that asks is the home page (a static file, no CSP)
    await page.goto(`${server.url}/`);
    const got = await page.evaluate(async () => {
      const r = await fetch('/docs/?C=S;O=A', { headers: { Accept: 'application/json' } });
      return {
        status: r.status,
        type: r.headers.get('content-type'),
        vary: r.headers.get('vary'),
        body: await r.text(),
      };
    });
    assert.equal(got.status, 200);
    assert.equal(got.type, 'application/json');
    assert.equal(got.vary, 'Accept');
    const entries = JSON.parse(got.body) as Array<Record<string, unknown>>;
    assert.deepEqual(
      entries.map((e) => (e['isDirectory'] ? `${String(e['name'])}/` : e['name'])),
      shown,
    );
    const notes = entries.find((e) => e['name'] === 'notes.txt');
    assert.deepEqual(
      { ...notes, modified: undefined },
      {
        name: 'notes.txt',
        url: '/docs/notes.txt',
        isDirectory: false,
        size: statSync(path.join(DOCS, 'notes.txt')).size,
        modified: undefined,
        type: 'text/plain',
      },
    );
    assert.equal(notes?.['modified'], statSync(path.join(DOCS, 'notes.txt')).mtime.toISOString());
    const folder = entries.find((e) => e['name'] === 'examples');
    assert.deepEqual(folder && [folder['url'], folder['isDirectory'], folder['size'], folder['type']], [
      '/docs/examples/',
      true,
      null,
      null,
    ]);
    assert.deepEqual(cspViolations, []);
  });

  it('fetches JSON errors from the page: the token realm’s 401 and a 405', async () => {
    const { page } = await browse();
    await page.goto(`${server.url}/`);
    const got = await page.evaluate(async () => {
      const ask = async (url: string, method: string) => {
        const r = await fetch(url, { method, headers: { Accept: 'application/json' } });
        return {
          status: r.status,
          type: r.headers.get('content-type'),
          challenge: r.headers.get('www-authenticate'),
          allow: r.headers.get('allow'),
          body: (await r.json()) as Record<string, unknown>,
        };
      };
      return [await ask('/api/report.json', 'GET'), await ask('/index.html', 'POST')];
    });
    const [token, method] = got;
    assert.equal(token?.status, 401);
    assert.equal(token?.type, 'application/json');
    assert.equal(token?.challenge, 'Bearer realm="api"');
    assert.equal(token?.body['error'], 'unauthorized');
    assert.match(String(token?.body['message']), /only for people who have signed in/);
    assert.equal(method?.status, 405);
    assert.equal(method?.allow, 'GET, HEAD, OPTIONS');
    assert.deepEqual(method?.body, {
      error: 'method_not_allowed',
      message: 'This address cannot be used with the method POST. It answers GET, HEAD and OPTIONS.',
    });
  });
});
