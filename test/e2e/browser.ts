// Headless Chromium for the end-to-end tests: the system's Debian `chromium` (never a downloaded
// browser), driven by playwright-core, one fresh profile per session so no credential, cache or
// cookie carries over from one test to the next.
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from '../helpers/repo.js';

export const CHROMIUM = process.env['HTSERVE_CHROMIUM'] ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why the browser tests cannot run here, or undefined when they can. */
export function skipReason(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const reason = `${CHROMIUM} not found: install Debian's chromium (apt-get install chromium) to run the browser tests`;
  console.log(`e2e skipped: ${reason}`);
  return reason;
}

export interface BrowserSession {
  page: Page;
  context: BrowserContext;
  /** Console messages and page errors that report a Content-Security-Policy violation. */
  cspViolations: string[];
  close(): Promise<void>;
}

export interface SessionOptions {
  /** Answered to the browser's credential prompt (Basic challenges). */
  httpCredentials?: { username: string; password: string };
}

/** A browser with an empty profile, 900 px wide (the README's screenshots are taken at this size). */
export async function openSession(opts: SessionOptions = {}): Promise<BrowserSession> {
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'htserve-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 900, height: 320 },
    ...(opts.httpCredentials ? { httpCredentials: opts.httpCredentials } : {}),
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  page.on('pageerror', (e) => {
    if (/Content[- ]Security[- ]Policy/i.test(e.message)) cspViolations.push(e.message);
  });
  return {
    page,
    context,
    cspViolations,
    close: async () => {
      await context.close();
      await fs.rm(profile, { recursive: true, force: true });
    },
  };
}

export const OUTPUT_DIR = path.join(REPO_ROOT, 'test-output');

/** A full-page PNG under test-output/ (gitignored), for people to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await fs.mkdir(OUTPUT_DIR, { recursive: true });
  const file = path.join(OUTPUT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The page's text with runs of white space folded, as a person reads it. */
export async function visibleText(page: Page): Promise<string> {
  return (await page.locator('body').innerText()).replace(/\s+/g, ' ').trim();
}
