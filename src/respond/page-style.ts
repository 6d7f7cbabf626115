// The stylesheets of the pages htserve generates in friendly mode (error pages, fancy listings),
// inline so a page makes no other request, and allowed by hash alone: the Content-Security-Policy
// permits that exact text and nothing else (no scripts, no images, no other styles, no style
// attributes). Change a text and its hash follows.
import { createHash } from 'node:crypto';

const BASE_CSS =
  ':root{color-scheme:light dark}' +
  'body{font:1rem/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem}' +
  'h1{font-size:1.4rem;overflow-wrap:anywhere}.note{font-size:.85rem;opacity:.75}';

/** Error pages: the base alone. */
export const ERROR_CSS = BASE_CSS;

/** Listings: the base, the table, and type badges drawn from each row's class (text, so no font or image is fetched). */
export const LISTING_CSS =
  BASE_CSS +
  'table{border-collapse:collapse;width:100%}' +
  'th,td{padding:.3rem .5rem;text-align:left;vertical-align:top}' +
  'th{border-bottom:2px solid;white-space:nowrap}' +
  'tbody tr:nth-child(even){background:rgba(128,128,128,.12)}' +
  'td.n{overflow-wrap:anywhere}' +
  'td.n::before{display:inline-block;min-width:2.6em;margin-right:.4em;font:.7rem/1.6 monospace;text-align:center;' +
  'border:1px solid;border-radius:.3em;opacity:.7;content:"FILE"}' +
  'tr.up td.n::before{content:"UP"}tr.dir td.n::before{content:"DIR"}tr.text td.n::before{content:"TXT"}' +
  'tr.image td.n::before{content:"IMG"}tr.audio td.n::before{content:"AUD"}tr.video td.n::before{content:"VID"}' +
  'tr.archive td.n::before{content:"ZIP"}tr.pdf td.n::before{content:"PDF"}' +
  '.m,.s{white-space:nowrap}.s{text-align:right}' +
  'th[aria-sort=ascending] a::after{content:" \\25B2"}th[aria-sort=descending] a::after{content:" \\25BC"}' +
  '@media (max-width:40rem){body{padding:.5rem}.d{display:none}.m{font-size:.8rem}}';

/** `'sha256-…'`: the CSP source that allows exactly this stylesheet. */
export function styleSource(css: string): string {
  return `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;
}

/** Headers for a generated page whose only style is `<style>css</style>`: no MIME sniffing, nothing else allowed. */
function styledHeaders(css: string): Readonly<Record<string, string>> {
  return Object.freeze({
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': `default-src 'none'; style-src ${styleSource(css)}`,
  });
}

export const ERROR_STYLE_ELEMENT = `<style>${ERROR_CSS}</style>`;
export const ERROR_PAGE_HEADERS = styledHeaders(ERROR_CSS);
export const LISTING_STYLE_ELEMENT = `<style>${LISTING_CSS}</style>`;
export const LISTING_PAGE_HEADERS = styledHeaders(LISTING_CSS);
