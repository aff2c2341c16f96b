// What the browser test checks on a built site, as functions the test (and its own negative test) calls:
// serve a folder on 127.0.0.1, open every page in Debian's chromium (Playwright, no browser download),
// and report each problem a reader would meet: a console error, a file fetched from the web, a figure
// that did not load, a link to a page, file or #anchor that is not there, and what axe-core finds a
// serious or critical barrier to a reader with a screen reader, a keyboard or low vision.
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';

/** axe-core's script, injected into each page (from site/node_modules: nothing from the web). */
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** The impacts the browser test fails on (axe-core's scale: minor, moderate, serious, critical). */
export const BLOCKING_IMPACTS = ['serious', 'critical'];

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.gif': 'image/gif', '.ico': 'image/x-icon',
  '.json': 'application/json', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.txt': 'text/plain',
  '.ipynb': 'application/json', '.inv': 'application/octet-stream',
};

/** Serve the folder `root` on 127.0.0.1 (a free port); resolves to {url, close}. */
export function serve(folder) {
  const root = path.resolve(folder);
  const server = http.createServer((request, response) => {
    const urlPath = decodeURIComponent(new URL(request.url, 'http://127.0.0.1').pathname);
    let file = path.join(root, urlPath);
    if (!file.startsWith(root)) file = path.join(root, '404');
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}/`;
      resolve({ url, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

/** Debian's chromium, headless, with nothing that calls home. CHROMIUM names another binary. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Open one page; resolves to its ids, links, figures and problems (console errors, files from the web). */
export async function visit(context, url) {
  const page = await context.newPage();
  const problems = [];
  const where = url;
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push({ kind: 'console', page: where, detail: message.text() });
  });
  page.on('pageerror', (error) => problems.push({ kind: 'console', page: where, detail: String(error) }));
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.request().isNavigationRequest()) problems.push({ kind: 'missing', page: where, detail: `${response.status()} ${response.url()}` });
  });
  await page.route('**/*', (route) => {
    const requested = new URL(route.request().url());
    if (requested.hostname === '127.0.0.1' || requested.protocol === 'data:') return route.continue();
    problems.push({ kind: 'web', page: where, detail: `fetches ${requested.href} from the web` });
    return route.abort();
  });
  const status = (await page.goto(url, { waitUntil: 'load' }))?.status() ?? 0;
  // Figures: make lazy ones load now, then wait for every picture to finish, loaded or broken.
  await page.evaluate(async () => {
    const images = [...document.images];
    for (const image of images) image.loading = 'eager';
    await Promise.all(images.map((image) => (image.complete ? null
      : new Promise((done) => { image.addEventListener('load', done); image.addEventListener('error', done); }))));
  });
  const found = await page.evaluate(() => ({
    ids: [...document.querySelectorAll('[id]')].map((element) => element.id),
    links: [...document.querySelectorAll('a[href]')].map((a) => ({ href: a.href, text: a.textContent.trim(), switch: a.classList.contains('edition-switch') })),
    figures: [...document.images].map((image) => ({ src: image.currentSrc || image.src, width: image.naturalWidth, alt: image.getAttribute('alt'), output: Boolean(image.closest('.cell_output')) })),
  }));
  for (const figure of found.figures) {
    if (!(figure.width > 0)) problems.push({ kind: 'figure', page: where, detail: `figure did not load: ${figure.src}` });
  }
  if (status === 200) problems.push(...(await accessibilityProblems(page)).map((detail) => ({ kind: 'accessibility', page: where, detail })));
  await page.close();
  return { url, status, ...found, problems };
}

/** axe-core's serious and critical violations on an open page, one line each: rule, what it asks, where. */
export async function accessibilityProblems(page) {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations
    .map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, targets: violation.nodes.map((node) => node.target.join(' ')) }))));
  return violations.filter((violation) => BLOCKING_IMPACTS.includes(violation.impact)).map((violation) => {
    const where = violation.targets.slice(0, 3).join(', ') + (violation.targets.length > 3 ? `, and ${violation.targets.length - 3} more` : '');
    return `${violation.impact} ${violation.id}: ${violation.help} (${where})`;
  });
}

/** Every page reachable from `starts` on the same server: {pages: Map(url -> visit), problems}. */
export async function crawl(browser, starts) {
  const context = await browser.newContext();
  const origin = new URL(starts[0]).origin;
  const pages = new Map();
  const problems = [];
  const queue = [...starts];
  const files = new Map();
  while (queue.length) {
    const url = queue.shift();
    if (pages.has(url)) continue;
    const result = await visit(context, url);
    pages.set(url, result);
    problems.push(...result.problems);
    for (const link of result.links) {
      const target = new URL(link.href);
      if (target.origin !== origin) continue;
      target.hash = '';
      if (target.pathname.endsWith('.html') || target.pathname.endsWith('/')) {
        if (!pages.has(target.href) && !queue.includes(target.href)) queue.push(target.href);
      } else if (!files.has(target.href)) {
        files.set(target.href, url);
      }
    }
  }
  await context.close();
  for (const [file, from] of files) {
    const response = await fetch(file);
    if (!response.ok) problems.push({ kind: 'link', page: from, detail: `dead link to ${file} (${response.status})` });
  }
  // Links to pages: the page exists (a 404 page is a page too) and so does the #anchor.
  for (const [url, result] of pages) {
    for (const link of result.links) {
      const target = new URL(link.href);
      if (target.origin !== origin) continue;
      const anchor = decodeURIComponent(target.hash.slice(1));
      target.hash = '';
      const landed = pages.get(target.href);
      if (!landed) continue; // a file, fetched above
      if (landed.status !== 200) {
        problems.push({ kind: 'link', page: url, detail: `dead link to ${target.href} (${landed.status})` });
      } else if (anchor && !landed.ids.includes(anchor)) {
        problems.push({ kind: 'link', page: url, detail: `dead link to #${anchor} in ${target.href}` });
      }
    }
  }
  return { pages, problems };
}

/** Is the page at `url` readable at phone width? Resolves to the problems (none: readable).
 *  With `screenshot`, also saves the first screen and the screen with the menu open (`-menu.png`). */
export async function phoneProblems(browser, url, screenshot) {
  const phone = { width: 390, height: 844 };
  const context = await browser.newContext({ viewport: phone, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  // The phone's width, not window.innerWidth: a phone's browser zooms out to fit a page wider than the screen.
  const problems = await page.evaluate((width) => {
    const found = [];
    if (document.documentElement.scrollWidth > width + 1) {
      found.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px wide in a ${width} px screen`);
    }
    const texts = document.querySelectorAll('article p, article li, article h1, article h2, article h3');
    if (texts.length === 0) found.push('no paragraph, item or heading in the article: is this a page of the course?');
    // Text in a box of its own that scrolls sideways (a wide table, code) may be wider than the screen.
    const inScrollBox = (element) => {
      for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
        if (['auto', 'scroll'].includes(getComputedStyle(box).overflowX) && box.clientWidth <= width) return true;
      }
      return false;
    };
    for (const element of texts) {
      if (inScrollBox(element)) continue;
      const box = element.getBoundingClientRect();
      if (box.width > 0 && (box.left < -1 || box.right > width + 1)) {
        found.push(`text runs off the screen (${Math.round(box.left)}..${Math.round(box.right)} px): "${element.textContent.trim().slice(0, 60)}"`);
      }
      const size = parseFloat(getComputedStyle(element).fontSize);
      if (element.tagName === 'P' && size < 14) found.push(`text too small to read (${size} px): "${element.textContent.trim().slice(0, 60)}"`);
    }
    return found.slice(0, 20);
  }, phone.width);
  if (screenshot) await page.screenshot({ path: screenshot });
  // The menu button opens the course's navigation.
  const menu = page.locator('.bd-header-article .primary-toggle').first();
  const next = page.locator('#pst-primary-sidebar-modal .bd-docs-nav a').last();
  try {
    await menu.click({ timeout: 5000 });
    await next.waitFor({ state: 'visible', timeout: 5000 });
    if (screenshot) await page.screenshot({ path: screenshot.replace(/\.png$/, '-menu.png') });
  } catch {
    problems.push('the menu button does not open the navigation (no visible link to the course\'s pages)');
  }
  await context.close();
  return problems;
}

/** The pages the site's search lists for `words` (Sphinx's own search, run in the browser). */
export async function search(browser, siteUrl, words) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${siteUrl}search.html?q=${encodeURIComponent(words)}`, { waitUntil: 'load' });
  const results = page.locator('ul.search li a');
  await results.first().waitFor({ timeout: 15000 }).catch(() => {});
  const found = await results.evaluateAll((links) => links.map((link) => link.href));
  await context.close();
  return found;
}

/** Screenshot of the top of `url`, and of its first figure, at desktop width. */
export async function desktopScreenshots(browser, url, top, figure) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await page.screenshot({ path: top });
  const firstFigure = page.locator('article div.cell_output img').first();
  if (figure && await firstFigure.count()) {
    await firstFigure.scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -120));
    await page.screenshot({ path: figure });
  }
  await context.close();
}
