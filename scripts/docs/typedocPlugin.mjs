// TypeDoc plugin: the site documents exactly the package's public entry points.
//
// - When typedoc.json sets no `entryPoints`, they are derived from package.json `exports` (the TypeScript source of
//   each export's `types`), so a new subpath export is documented without touching typedoc.json.
// - Each entry module is named by its import specifier (`portrait-rig`, `portrait-rig/node`, …) instead of its
//   source folder (`sdk`, `sdk/node`, …).
// - An entry point that is not a package export, or an export without a module in the docs, is a warning, which
//   fails the build under treatWarningsAsErrors.
// - Guides: `projectDocuments` may place some files explicitly around a glob (`docs/*.md`) that adds the others; each
//   file is added once, at its explicit position (TypeDoc alone would add a file matched twice twice). A guide's title in the navigation is
//   its first `# heading` rather than its file name (its URL keeps the file name); a repeated heading gets the file's
//   path added.
// - Heading anchors are GitHub's (`## Converting: \`portrait-rig convert\`` → `#converting-portrait-rig-convert`),
//   so a guide's links to a heading work both on GitHub and in the site. TypeDoc 0.28 drops inline code from a
//   heading's anchor and removes some punctuation GitHub keeps.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Application, Converter, ReflectionKind, Renderer, Slugger } from 'typedoc';
import { packageEntries } from './packageExports.mjs';

/** @param {import('typedoc').Application} app */
export function load(app) {
  /** @type {Map<string, string>} source file → specifier */
  let specifierOf = new Map();
  /** The package root (folder of package.json). */
  let root = process.cwd();
  /** @type {Set<string>} specifiers that got a module */
  const documented = new Set();
  /** @type {Map<import('typedoc').DocumentReflection, string>} guide → its first heading */
  const titles = new Map();

  app.on(Application.EVENT_BOOTSTRAP_END, () => {
    const tsconfig = app.options.getValue('tsconfig');
    root = packageRoot(path.dirname(tsconfig));
    const entries = packageEntries(root, tsconfig);
    specifierOf = new Map(entries.map((entry) => [path.normalize(entry.source), entry.specifier]));
    if (!app.options.isSet('entryPoints')) app.options.setValue('entryPoints', entries.map((entry) => entry.source));
    app.options.setValue('projectDocuments', expandOnce(app.options.getValue('projectDocuments')));
    const userLoader = app.options.getValue('markdownItLoader');
    app.options.setValue('markdownItLoader', (parser) => {
      userLoader(parser);
      keepInlineCodeInHeadingAnchors(parser);
    });
  });

  app.converter.on(Converter.EVENT_BEGIN, () => {
    documented.clear();
    titles.clear();
  });

  // A guide's page is named after its file (docs/motion.md → documents/motion.html, models/README.md →
  // documents/models-README.html); its title is set once the router has named the pages.
  app.converter.on(Converter.EVENT_CREATE_DOCUMENT, (_context, document) => {
    const file = document.project.files.getReflectionPath(document);
    if (file) document.name = documentSlug(path.relative(root, file));
    const heading = document.content.map((part) => part.text).join('').match(/^#[ \t]+(.+?)[ \t]*#*$/m);
    if (heading) titles.set(document, heading[1].replace(/`/g, ''));
  });
  app.renderer.on(Renderer.EVENT_BEGIN, () => {
    const used = new Set();
    for (const [document, title] of titles) {
      // a second guide with the same heading (docs/models.md and models/README.md: "Models") gets its path added
      const file = document.project.files.getReflectionPath(document);
      document.name = used.has(title) && file ? `${title} (${path.relative(root, file).replace(/\\/g, '/')})` : title;
      used.add(title);
    }
  });

  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Module) || reflection.parent !== context.project) return;
    const file = context.getSymbolFromReflection(reflection)?.declarations?.[0]?.getSourceFile().fileName;
    const specifier = file === undefined ? undefined : specifierOf.get(path.normalize(file));
    if (specifier === undefined) {
      app.logger.warn(`entry point ${file ?? reflection.name} is not an export of package.json; ` +
        'document only public entry points (remove it from typedoc.json "entryPoints" or add it to "exports")');
      return;
    }
    reflection.name = specifier;
    documented.add(specifier);
  });

  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, () => {
    for (const specifier of new Set(specifierOf.values())) {
      if (!documented.has(specifier)) {
        app.logger.warn(`package export "${specifier}" has no page in the docs; remove "entryPoints" from typedoc.json ` +
          '(they are derived from package.json exports) or add its source file there');
      }
    }
  });
}

// GitHub's heading anchors (github-slugger): lower case; drop everything but letters, marks, decimal and letter
// numbers (so `²` goes), connector punctuation (`_`), spaces and hyphens; spaces become hyphens (runs of hyphens are kept). TypeDoc lower-cases afterwards
// and appends -1, -2 … to repeated anchors, as GitHub does.
Slugger.prototype.serialize = function serialize(value) {
  return value.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{Nd}\p{Nl}\p{Pc} -]/gu, '').replace(/ /g, '-') || '_';
};

/**
 * TypeDoc builds a heading's anchor from its text tokens only. Wrap each inline code span of a heading in a token
 * that has the code as a text child (so it counts for the anchor) and still renders as `<code>`.
 * @param {any} parser the markdown-it instance
 */
function keepInlineCodeInHeadingAnchors(parser) {
  parser.core.ruler.push('portrait-rig-heading-code', (state) => {
    for (let i = 1; i < state.tokens.length; i++) {
      const token = state.tokens[i];
      if (token.type !== 'inline' || state.tokens[i - 1].type !== 'heading_open' || !token.children) continue;
      token.children = token.children.map((child) => {
        if (child.type !== 'code_inline') return child;
        const wrapped = new state.Token('heading_code_inline', 'code', 0);
        const text = new state.Token('text', '', 0);
        text.content = child.content;
        wrapped.content = child.content;
        wrapped.children = [text];
        return wrapped;
      });
    }
  });
  parser.renderer.rules.heading_code_inline = (tokens, idx) => `<code>${parser.utils.escapeHtml(tokens[idx].content)}</code>`;
}

/**
 * Page name of a guide from its path in the package: `docs/` is dropped, other folders are kept with `-`
 * (`docs/motion.md` → `motion`, `models/README.md` → `models-README`).
 * @param {string} relativePath
 */
function documentSlug(relativePath) {
  return relativePath.replace(/\\/g, '/').replace(/^docs\//, '').replace(/\.(md|markdown)$/i, '').replace(/\//g, '-');
}

/** The nearest folder at or above `dir` that holds a package.json. */
function packageRoot(dir) {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (existsSync(path.join(current, 'package.json'))) return current;
    if (path.dirname(current) === current) throw new Error(`no package.json at or above ${dir}`);
  }
}

/**
 * Expands `*` in the last segment of each pattern (the only glob form this project uses). A file listed by its own
 * path keeps that position and is left out of the globs, so a list can place some guides explicitly around a glob
 * that adds the others. Each file appears once. Other patterns are passed through for TypeDoc to expand.
 * @param {string[]} patterns absolute paths or globs
 */
function expandOnce(patterns) {
  const isGlob = (pattern) => /[*?{[]/.test(pattern);
  const explicit = new Set(patterns.filter((pattern) => !isGlob(pattern)).map((file) => path.normalize(file)));
  const seen = new Set();
  const out = [];
  for (const pattern of patterns) {
    const dir = path.dirname(pattern);
    const base = path.basename(pattern);
    let files = [pattern];
    if (isGlob(base) && !isGlob(dir)) {
      const matcher = new RegExp(`^${base.split('*').map(escapeRegExp).join('[^/]*')}$`);
      files = readdirSync(dir).filter((name) => matcher.test(name)).sort().map((name) => path.join(dir, name))
        .filter((file) => !explicit.has(path.normalize(file)));
    }
    for (const file of files) {
      if (!seen.has(path.normalize(file))) out.push(file);
      seen.add(path.normalize(file));
    }
  }
  return out;
}

/** @param {string} text */
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
