// Every built-in error page (server.error_pages = friendly, no ErrorDocument) as a person sees it
// in Chromium: the words on the page, the one inline stylesheet actually applied under the page's
// Content-Security-Policy with no violation reported, and a screenshot under test-output/.
// A fixture site produces the statuses the demo cannot (416, 429, 500, an anonymous 403).
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Page, Response } from 'playwright-core';
import { makeTree, removeTree } from '../helpers/fixture.js';
import { htpasswdLine } from '../helpers/engine.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { openSession, screenshot, skipReason, visibleText, type BrowserSession } from './browser.js';

const LOCKOUT_S = 120;

async function makeSite(): Promise<string> {
  const realm = (name: string) => `AuthType Basic\nAuthName "${name}"\nAuthUserFile USERS\nRequire valid-user\n`;
  const root = await makeTree({
    'index.html':
      '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Form</title></head><body>' +
      '<form method="post" action="/index.html"><button>Send</button></form></body></html>\n',
    'file.txt': 'twenty bytes of text',
    users: htpasswdLine('s', 'sam', 'sampw') + '\n',
    'staff/index.html': 'staff only\n',
    'staff/.htaccess': realm('Staff'),
    'limited/index.html': 'limited\n',
    'limited/.htaccess': realm('Limited'),
    'closed/index.html': 'closed\n',
    'closed/.htaccess': 'Require all denied\n',
    'broken/index.html': 'broken\n',
    'broken/.htaccess': 'NoSuchDirective on\n',
  });
  // AuthUserFile needs the fixture's absolute path, known only now
  for (const dir of ['staff', 'limited']) {
    const file = path.join(root, dir, '.htaccess');
    await fs.writeFile(file, (await fs.readFile(file, 'utf8')).replace('USERS', path.join(root, 'users')));
  }
  return root;
}

describe('built-in error pages in Chromium', { skip: skipReason() }, () => {
  let root: string;
  let server: TestServer;
  let session: BrowserSession;
  let page: Page;
  before(async () => {
    root = await makeSite();
    server = await startServer(root, {
      set: ['server.error_pages=friendly', 'auth.max_failures=1', `auth.lockout_s=${LOCKOUT_S}`],
    });
    // A headless browser shows a 401's page only once its credential prompt has been answered
    // (unanswered, the navigation fails): sam's wrong password is that answer, for every realm.
    session = await openSession({ httpCredentials: { username: 'sam', password: 'wrong' } });
    page = session.page;
  });
  beforeEach(async () => {
    await page.setExtraHTTPHeaders({});
  });
  after(async () => {
    await session?.close();
    await server?.stop();
    if (root) await removeTree(root);
  });

  /** The page shown is the friendly page for `status`: its title, heading and words, styled, no CSP complaint. */
  async function expectPage(res: Response | null, status: number, heading: string, says: RegExp[]): Promise<void> {
    assert.equal(res?.status(), status);
    assert.match(res?.headers()['content-security-policy'] ?? '', /^default-src 'none'; style-src 'sha256-/);
    assert.match(await page.title(), new RegExp(`^${status} `));
    assert.equal(await page.locator('h1').innerText(), heading);
    const text = await visibleText(page);
    for (const s of says) assert.match(text, s);
    // the inline stylesheet ran (ERROR_CSS sets the body's width): the CSP's hash matches it
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).maxWidth), '960px');
    assert.deepEqual(session.cspViolations, []);
    await screenshot(page, `error-${status}`);
  }

  it('401: asks the person to sign in (or to check the password)', async () => {
    const res = await page.goto(`${server.url}/staff/`);
    assert.equal(res?.headers()['www-authenticate'], 'Basic realm="Staff"');
    await expectPage(res, 401, 'Please sign in', [/only for people who have signed in/, /Sign in with your user name/]);
    assert.equal(await page.getByRole('link', { name: 'Try again' }).count(), 1);
  });

  it('403: says signing in would not help and whom to contact', async () => {
    const res = await page.goto(`${server.url}/closed/`);
    await expectPage(res, 403, 'Not available to you', [
      /it does not matter who you are: signing in would not help/,
      /contact the administrator of this site/,
    ]);
  });

  it('404: suggests checking the address, with a link home', async () => {
    const res = await page.goto(`${server.url}/no-such-page`);
    await expectPage(res, 404, 'Page not found', [/Nothing is at this address/]);
    assert.equal(await page.getByRole('link', { name: 'Go to the home page' }).getAttribute('href'), '/');
  });

  it('405: a form posted to a static file names the method and the ones that work', async () => {
    await page.goto(`${server.url}/index.html`);
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Send' }).click(),
    ]);
    await page.waitForLoadState();
    assert.equal(res.headers()['allow'], 'GET, HEAD, OPTIONS');
    await expectPage(res, 405, 'Method not allowed', [
      /cannot be used with the method POST/,
      /It answers GET, HEAD and OPTIONS/,
    ]);
  });

  it('416: a range past the end of the file', async () => {
    await page.setExtraHTTPHeaders({ Range: 'bytes=5000-' });
    const res = await page.goto(`${server.url}/file.txt`);
    assert.equal(res?.headers()['content-range'], 'bytes */20');
    await expectPage(res, 416, 'Range not satisfiable', [/lies outside the file/]);
  });

  it('429: after a failed sign-in, says how long to wait', async () => {
    const failed = await page.goto(`${server.url}/limited/`);
    assert.equal(failed?.status(), 401);
    const res = await page.goto(`${server.url}/limited/`);
    const wait = Number(res?.headers()['retry-after']);
    assert.ok(wait > 0 && wait <= LOCKOUT_S, `Retry-After ${wait}`);
    await expectPage(res, 429, 'Too many requests', [
      /Too many requests came from you/,
      new RegExp(`Please wait ${wait} seconds?, then try again`),
    ]);
  });

  it('500: says the configuration has an error, and no more', async () => {
    const res = await page.goto(`${server.url}/broken/`);
    await expectPage(res, 500, 'Server error', [
      /The site's configuration has an error/,
      /tell the site's administrator/,
    ]);
    assert.doesNotMatch(await visibleText(page), /NoSuchDirective|\.htaccess/);
  });
});
