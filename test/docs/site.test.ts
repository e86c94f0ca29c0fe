/**
 * SLOW (about 25–45 s on 2 busy cores): builds the documentation site as `npm run docs` configures it (typedoc.json:
 * API reference of every package export plus the guides; TypeScript's type check is left to `npm run typecheck`),
 * then checks it:
 *
 * - TypeDoc reports no warning and no error, with `treatWarningsAsErrors` and `validation.notDocumented` on, so an
 *   undocumented public export, a broken `{@link}` or a broken guide link fails CI;
 * - one module per package.json export, named by its import specifier;
 * - every guide of docs/ is a page, and every internal link and anchor of the guide pages resolves;
 * - headless Chromium (/usr/bin/chromium through playwright-core, no browser download) opens the site from a local
 *   server: the index, a guide, and the API page its link leads to show their headings; screenshots go to
 *   test/artifacts/docs-site-{index,guide,api}.png (git-ignored).
 *
 * The site is built into a temporary folder, not docs-site/.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { ReflectionKind } from 'typedoc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageEntries } from '../../scripts/docs/packageExports.mjs';
import { buildDocs, type DocsBuild } from './buildDocs.js';
import { launchChromium } from '../support/launchChromium.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const artifacts = path.join(root, 'test/artifacts');
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.json': 'application/json', '.md': 'text/markdown; charset=utf-8',
};

let out: string;
let build: DocsBuild;

beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'portrait-rig-docs-site-'));
  // typedoc.json as `npm run docs` uses it; only TypeScript's own type check is skipped (half the time): `npm test`
  // type-checks the same sources first (`npm run typecheck`)
  build = await buildDocs({ config: path.join(root, 'typedoc.json'), out, overrides: { skipErrorChecking: true } });
  console.log(`docs site built in ${JSON.stringify(build.seconds)} s`);
}, 300_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

/** The guides' Markdown files and the site page each becomes (see typedocPlugin.mjs: docs/x.md → documents/x.html). */
function guidePages(): { file: string; page: string }[] {
  const guides = readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
  return [...guides, 'models/README.md'].filter((f) => existsSync(path.join(root, f))).map((file) => ({
    file,
    page: `documents/${file.replace(/^docs\//, '').replace(/\.md$/, '').replace(/\//g, '-')}.html`,
  }));
}

describe('documentation site', () => {
  it('builds with no TypeDoc warning, treating warnings as errors and requiring documentation of every public export', () => {
    expect(build.app.options.getValue('treatWarningsAsErrors')).toBe(true);
    expect(build.app.options.getValue('validation').notDocumented).toBe(true);
    expect(build.project, build.errors.join('\n')).toBeDefined();
    expect([...build.errors, ...build.warnings].join('\n')).toBe('');
  });

  it('documents one module per package.json export, named by its import specifier', () => {
    const modules = build.project?.getChildrenByKind(ReflectionKind.Module).map((m) => m.name).sort();
    expect(modules).toEqual(packageEntries(root).map((e) => e.specifier).sort());
    for (const name of modules ?? []) expect(existsSync(path.join(out, `modules/${name.replace(/\//g, '_')}.html`)), name).toBe(true);
  });

  it('renders every guide as a page whose internal links and anchors resolve, with links from guides to API pages', () => {
    const pages = ['index.html', ...guidePages().map((g) => g.page)];
    const broken: string[] = [];
    let apiLinks = 0;
    for (const page of pages) {
      expect(existsSync(path.join(out, page)), `${page} is missing from the site`).toBe(true);
      const html = readFileSync(path.join(out, page), 'utf8');
      // links of the page's content (the navigation is built by script and checked in the browser test)
      for (const [, href = ''] of html.matchAll(/<a [^>]*href="([^"]*)"/g)) {
        if (/^(https?:|mailto:)/.test(href)) continue;
        const [target = '', anchor] = href.split('#');
        const file = target === '' ? path.join(out, page) : path.resolve(path.dirname(path.join(out, page)), target);
        const resolved = readdirSafe(file) === null ? file : path.join(file, 'index.html');
        if (!existsSync(resolved)) {
          broken.push(`${page}: ${href} (no such page)`);
          continue;
        }
        if (anchor && resolved.endsWith('.html') && !readFileSync(resolved, 'utf8').includes(`id="${anchor}"`)) {
          broken.push(`${page}: ${href} (no anchor #${anchor})`);
        }
        if (page.startsWith('documents/') && /^\.\.\/(classes|functions|interfaces|types|variables|modules)\//.test(href)) apiLinks++;
      }
    }
    expect(broken.join('\n')).toBe('');
    expect(apiLinks, 'links from guides to API pages ({@link …})').toBeGreaterThan(10);
  });

  it('opens in headless Chromium: index, guide and the API page its link leads to show their headings', async () => {
    mkdirSync(artifacts, { recursive: true });
    const server = await serve(out);
    let browser: Browser | undefined;
    try {
      const address = server.address();
      const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      browser = await launchChromium();
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));

      await page.goto(`${base}/index.html`);
      await expect.poll(() => page.locator('.tsd-panel h1, .col-content h1').first().textContent()).toContain('PortraitRig');
      // the sidebar is built by TypeDoc's script from assets/navigation.js: guides and every entry are listed
      const nav = page.locator('.site-menu .tsd-navigation');
      await expect.poll(() => nav.textContent(), { timeout: 20_000 }).toContain('Getting started');
      expect(await nav.textContent()).toContain('portrait-rig/node');
      await page.screenshot({ path: path.join(artifacts, 'docs-site-index.png') });

      await page.goto(`${base}/documents/getting-started.html`);
      expect(await page.locator('h1').first().textContent()).toContain('Getting started');
      await page.screenshot({ path: path.join(artifacts, 'docs-site-guide.png') });
      await page.locator('a[href$="classes/portrait-rig.PortraitAnimator.html"]').first().click();
      await page.waitForURL(/classes\/portrait-rig\.PortraitAnimator\.html$/);
      expect(await page.locator('h1').first().textContent()).toBe('Class PortraitAnimator');
      expect(await page.locator('h3.tsd-anchor-link, h3').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('renderFrame')]));
      await page.screenshot({ path: path.join(artifacts, 'docs-site-api.png') });
      expect(pageErrors).toEqual([]);
    } finally {
      await browser?.close();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 120_000);
});

/** `readdirSync` or null when `file` is not a directory. */
function readdirSafe(file: string): string[] | null {
  try {
    return readdirSync(file);
  } catch {
    return null;
  }
}

/** A static file server for `dir` on 127.0.0.1 (random port). */
async function serve(dir: string): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir)) {
      response.writeHead(403).end();
      return;
    }
    if (readdirSafe(file) !== null) file = path.join(file, 'index.html');
    if (!existsSync(file)) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
