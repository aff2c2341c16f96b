// The course's website in a real browser: node --test site/test_site.mjs, after bash site/build.sh.
// Debian's chromium (CHROMIUM names another), driven by playwright-core, over a server on 127.0.0.1.
// Screenshots of the 06 page go to site/_build/screenshots/ (SITE_SCREENSHOTS names another folder).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { crawl, desktopScreenshots, launch, phoneProblems, search, serve } from './check_site.mjs';

const SITE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(SITE);
const HTML = path.join(SITE, '_build', 'html');
const SCREENSHOTS = process.env.SITE_SCREENSHOTS ?? path.join(SITE, '_build', 'screenshots');
const ZH = 'zh-CN';

/** The course's GitHub home, as the badges must open it: course.json at the top level, else the package's. */
function courseHome() {
  for (const file of [path.join(ROOT, 'course.json'), path.join(ROOT, 'fmnist_helpers', 'course.json')]) {
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
  }
  throw new Error('No course.json: the badges cannot be checked.');
}

const list = (problems) => problems.map((problem) => `${problem.page}: ${problem.detail}`).join('\n');

describe('the course website', () => {
  let browser;
  let server;
  let site;
  const hasChinese = fs.existsSync(path.join(HTML, ZH, 'index.html'));

  before(async () => {
    assert.ok(fs.existsSync(path.join(HTML, 'index.html')), `No site in ${HTML}: run bash site/build.sh first.`);
    browser = await launch();
    server = await serve(HTML);
    const starts = [server.url + 'index.html'].concat(hasChinese ? [`${server.url}${ZH}/index.html`] : []);
    site = await crawl(browser, starts);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const pageName = (url) => new URL(url).pathname.replace(/^\//, '');
  const notebookPages = () => [...site.pages.keys()].filter((url) => /(^|\/)notebooks\/\d\d_[^/]+\.html$/.test(pageName(url)));

  test('has a landing page, one page per notebook, the teacher\'s guide and the API reference', () => {
    const names = [...site.pages.keys()].map(pageName);
    const notebooks = fs.readdirSync(path.join(ROOT, 'notebooks')).filter((name) => name.endsWith('.ipynb'));
    for (const notebook of notebooks) assert.ok(names.includes(`notebooks/${notebook.replace('.ipynb', '.html')}`), `no page for ${notebook}`);
    assert.ok(names.includes('docs/teaching.html'), 'no page for docs/teaching.md');
    if (fs.existsSync(path.join(ROOT, 'docs', 'benchmarks.md'))) assert.ok(names.includes('docs/benchmarks.html'), 'no page for docs/benchmarks.md');
    assert.ok(names.includes('api.html'), 'no page for the API reference (site/prepare.py api_page)');
    if (hasChinese) {
      const links = site.pages.get(`${server.url}${ZH}/index.html`).links.map((link) => pageName(new URL(link.href, server.url).href));
      assert.ok(links.includes('api.html'), 'the 中文 landing page does not link to the API reference');
    }
  });

  test('every page loads with no console error and nothing from the web', () => {
    const problems = site.problems.filter((problem) => ['console', 'web', 'missing'].includes(problem.kind));
    assert.deepEqual(problems, [], list(problems));
  });

  test('every figure has loaded', () => {
    const figures = [...site.pages.values()].flatMap((page) => page.figures);
    assert.ok(figures.length > 20, `only ${figures.length} figures on the whole site`);
    const problems = site.problems.filter((problem) => problem.kind === 'figure');
    assert.deepEqual(problems, [], list(problems));
  });

  test('every page of both editions passes axe-core with no serious or critical violation', () => {
    const checked = [...site.pages.values()].filter((page) => page.status === 200).length;
    assert.ok(checked >= (hasChinese ? 20 : 10), `axe-core checked only ${checked} pages`);
    const problems = site.problems.filter((problem) => problem.kind === 'accessibility');
    assert.deepEqual(problems, [], list(problems));
  });

  test('every figure the helpers draw shows its description as alt text, in both editions', () => {
    let described = 0;
    for (const url of notebookPages()) {
      const name = pageName(url);
      const notebook = (name.startsWith(`${ZH}/`) ? `notebooks/${ZH}/` : 'notebooks/') + path.basename(name, '.html') + '.ipynb';
      const cells = JSON.parse(fs.readFileSync(path.join(ROOT, notebook), 'utf8')).cells;
      const text = (source) => (Array.isArray(source) ? source.join('') : source);
      const drawn = cells.filter((cell) => cell.cell_type === 'code' && /\bfh\.(plots\.)?plot_\w+\(/.test(text(cell.source)))
        .flatMap((cell) => cell.outputs.filter((output) => output.data?.['image/png']));
      const alts = site.pages.get(url).figures.filter((figure) => figure.output).map((figure) => figure.alt);
      for (const output of drawn) {
        const alt = output.metadata?.['image/png']?.alt;
        assert.ok(alt, `${notebook} shows a figure of fh.plot_... with no alt text in its output: re-run the notebook`);
        assert.ok(alts.includes(alt.split(/\s+/).join(' ')), `${name} shows no figure with the alt text "${alt}"`);
        described += 1;
      }
    }
    assert.ok(described > 20, `only ${described} figures drawn by the helpers on the whole site`);
  });

  test('every internal link resolves, #anchors included', () => {
    const problems = site.problems.filter((problem) => problem.kind === 'link');
    assert.deepEqual(problems, [], list(problems));
  });

  test('every notebook page has a Colab badge that opens its own notebook in course.json\'s repository', () => {
    const { repo, branch } = courseHome();
    assert.ok(notebookPages().length >= 9);
    for (const url of notebookPages()) {
      const name = pageName(url);
      const notebook = (name.startsWith(`${ZH}/`) ? `notebooks/${ZH}/` : 'notebooks/') + path.basename(name, '.html') + '.ipynb';
      const colab = site.pages.get(url).links.filter((link) => link.href.startsWith('https://colab.research.google.com/'));
      assert.ok(colab.length > 0, `${name} has no Colab badge`);
      for (const link of colab) {
        assert.equal(link.href, `https://colab.research.google.com/github/${repo}/blob/${branch}/${notebook}`, `a Colab link on ${name}`);
      }
    }
  });

  test('every Colab badge anywhere opens a notebook of the repository from course.json\'s branch', () => {
    const { repo, branch } = courseHome();
    const prefix = `https://colab.research.google.com/github/${repo}/blob/${branch}/`;
    for (const [url, page] of site.pages) {
      for (const link of page.links.filter((each) => each.href.startsWith('https://colab.research.google.com/'))) {
        assert.ok(link.href.startsWith(prefix), `${pageName(url)}: ${link.href} is not in ${repo}@${branch}`);
        assert.ok(fs.existsSync(path.join(ROOT, link.href.slice(prefix.length))), `${pageName(url)}: ${link.href} opens no notebook of the repository`);
      }
    }
  });

  test('every notebook page has a Kaggle badge that opens its own notebook, and every Kaggle badge opens one of course.json\'s repository', () => {
    const { repo, branch } = courseHome();
    const prefix = `https://github.com/${repo}/blob/${branch}/`;
    // Kaggle opens the notebook named by ?src=, its address on GitHub (searchParams decodes it, if the page encoded it).
    const kaggleSources = (page) => page.links
      .filter((link) => /^https:\/\/(www\.)?kaggle\.com\/kernels\/welcome/.test(link.href))
      .map((link) => new URL(link.href).searchParams.get('src') ?? '');
    assert.ok(notebookPages().length >= 9);
    for (const url of notebookPages()) {
      const name = pageName(url);
      const notebook = (name.startsWith(`${ZH}/`) ? `notebooks/${ZH}/` : 'notebooks/') + path.basename(name, '.html') + '.ipynb';
      const sources = kaggleSources(site.pages.get(url));
      assert.ok(sources.length > 0, `${name} has no Kaggle badge`);
      for (const source of sources) assert.equal(source, prefix + notebook, `a Kaggle link on ${name}`);
    }
    for (const [url, page] of site.pages) {
      for (const source of kaggleSources(page)) {
        assert.ok(source.startsWith(prefix), `${pageName(url)}: Kaggle opens ${source}, which is not in ${repo}@${branch}`);
        assert.ok(fs.existsSync(path.join(ROOT, source.slice(prefix.length))), `${pageName(url)}: Kaggle opens ${source}, no notebook of the repository`);
      }
    }
  });

  test('links to the published site point at the GitHub Pages of course.json\'s repository', () => {
    const [owner, name] = courseHome().repo.split('/');
    const home = `https://${owner.toLowerCase()}.github.io/${name}/`;
    for (const [url, page] of site.pages) {
      for (const link of page.links.filter((each) => /^https:\/\/[^/]+\.github\.io\//.test(each.href))) {
        assert.ok(link.href.startsWith(home), `${pageName(url)}: ${link.href} is not the site at ${home}`);
      }
    }
  });

  test('the language switch links each page to its counterpart in the other edition', () => {
    const switches = [...site.pages].flatMap(([url, page]) => page.links.filter((link) => link.switch).map((link) => [url, link.href]));
    if (!hasChinese) {
      assert.deepEqual(switches, [], 'an English-only site shows no language switch');
      return;
    }
    for (const url of site.pages.keys()) {
      const name = pageName(url);
      if (['genindex.html', 'search.html'].includes(path.basename(name))) continue;
      const own = switches.find(([from]) => from === url);
      assert.ok(own, `${name} has no language switch`);
      const english = name.startsWith(`${ZH}/`) ? name.slice(ZH.length + 1) : null;
      const counterpart = english ?? `${ZH}/${name}`;
      const target = pageName(own[1]);
      const fallback = english ? 'index.html' : `${ZH}/index.html`;
      const exists = fs.existsSync(path.join(HTML, counterpart));
      assert.equal(target, exists ? counterpart : fallback, `${name} switches to ${target}`);
    }
  });

  test('the search finds the training notebook', async () => {
    const found = await search(browser, server.url, 'overfitting early stopping');
    assert.ok(found.some((href) => href.includes('notebooks/06_train.html')), `search lists:\n${found.join('\n')}`);
  });

  test('the 06 page is readable at phone width (screenshots in site/_build/screenshots)', async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const url = server.url + 'notebooks/06_train.html';
    await desktopScreenshots(browser, url, path.join(SCREENSHOTS, '06_train-desktop.png'), path.join(SCREENSHOTS, '06_train-desktop-figure.png'));
    const problems = await phoneProblems(browser, url, path.join(SCREENSHOTS, '06_train-phone.png'));
    assert.deepEqual(problems, [], problems.join('\n'));
    assert.ok(fs.statSync(path.join(SCREENSHOTS, '06_train-phone.png')).size > 10_000);
  });

  test('every other page is readable at phone width too', async () => {
    const problems = [];
    for (const url of site.pages.keys()) {
      if (['genindex.html', 'search.html'].includes(path.basename(pageName(url)))) continue;
      problems.push(...(await phoneProblems(browser, url)).map((problem) => `${pageName(url)}: ${problem}`));
    }
    assert.deepEqual(problems, [], problems.join('\n'));
  });
});

describe('the browser test itself', () => {
  test('catches what axe-core finds serious or critical: a figure without alt text, a button without a name', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'inaccessible-site-'));
    fs.writeFileSync(path.join(folder, 'index.html'), `<!doctype html><html lang="en"><head><title>inaccessible</title></head><body><main>
      <h1>A page</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10"><button></button></main></body></html>`);
    const browser = await launch();
    const server = await serve(folder);
    try {
      const { problems } = await crawl(browser, [server.url + 'index.html']);
      const details = problems.filter((problem) => problem.kind === 'accessibility').map((problem) => problem.detail);
      assert.ok(details.some((detail) => detail.startsWith('critical image-alt')), details.join('\n'));
      assert.ok(details.some((detail) => detail.startsWith('critical button-name')), details.join('\n'));
    } finally {
      await browser.close();
      await server.close();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  test('catches a dead link, a missing anchor, a missing figure, a font from the web and a page too wide for a phone', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'broken-site-'));
    fs.writeFileSync(path.join(folder, 'index.html'), `<!doctype html><html><head><title>broken</title>
      <link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Lato"></head><body>
      <p><a href="missing.html">a page that is not there</a> <a href="other.html#nowhere">an anchor that is not there</a>
      <a href="notes.pdf">a file that is not there</a></p><img src="missing.png" alt="a figure that is not there"></body></html>`);
    fs.writeFileSync(path.join(folder, 'other.html'), '<!doctype html><html><head><title>other</title></head><body><h1 id="here">here</h1></body></html>');
    const browser = await launch();
    const server = await serve(folder);
    try {
      const { problems } = await crawl(browser, [server.url + 'index.html']);
      const details = problems.map((problem) => `${problem.kind}: ${problem.detail}`);
      const has = (kind, text) => assert.ok(details.some((detail) => detail.startsWith(kind) && detail.includes(text)), `${kind} ${text} not caught in:\n${details.join('\n')}`);
      has('link', 'missing.html');
      has('link', '#nowhere');
      has('link', 'notes.pdf');
      has('figure', 'missing.png');
      has('web', 'fonts.googleapis.com');
      fs.writeFileSync(path.join(folder, 'wide.html'), `<!doctype html><html><head><meta name="viewport" content="width=device-width">
        <title>wide</title></head><body><article><p>a line of text</p><p style="width: 900px">too wide</p></article></body></html>`);
      const phone = await phoneProblems(browser, server.url + 'wide.html');
      assert.ok(phone.some((problem) => problem.includes('scrolls sideways')), phone.join('\n'));
      assert.ok(phone.some((problem) => problem.includes('"too wide"')), phone.join('\n'));
    } finally {
      await browser.close();
      await server.close();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
