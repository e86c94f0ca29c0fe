/**
 * A module-graph walker for the import-boundary tests (test/foundation/coreImports.test.ts).
 *
 * Starting from an entry source file it follows every relative import to the project's own sources and records
 * every bare or built-in module it reaches, with the chain of files that leads there.
 *
 * How an import is classified:
 * - `runtime` imports are read from the file *as TypeScript emits it* (`ts.transpileModule` with
 *   `verbatimModuleSyntax` and `jsx: react-jsx`, as tsconfig.json does), so type-only imports are gone and the
 *   implicit `react/jsx-runtime` import of a `.tsx` file is there. Each runtime import is `static`
 *   (`import`/`export … from`, `require()`) or `dynamic` (`import()`); a dynamic `import()` whose specifier is not a
 *   string literal is recorded as `unanalyzable` because no tool can tell what it loads.
 * - `type` imports are those that exist only in the source: `import type`, `export type … from`,
 *   `import('x').T` in a type position and `/// <reference types>` directives.
 *
 * Runtime edges are followed for the runtime graph; the type graph follows every edge (what the emitted `.d.ts`
 * files can reach). Bare specifiers are never followed into node_modules: the Vite build test
 * (viteBuild.test.ts) bundles the entries with real package resolution.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

/** How a module is referenced. */
export type ImportKind = 'static' | 'dynamic' | 'type';

/** One module reference found in a source file. */
export interface ImportRef {
  /** The specifier as written, or `null` for an `import(expr)` whose specifier is not a string literal. */
  specifier: string | null;
  kind: ImportKind;
  /** Source text of the non-literal expression (only when `specifier` is `null`). */
  expression?: string;
}

/** A bare package, a Node builtin or an unanalyzable dynamic import reached from the entry. */
export interface ExternalImport {
  /** The specifier as written (`node:fs`, `three/examples/…`), or the expression text of a non-literal `import()`. */
  specifier: string;
  /** `node:<name>` for builtins, the package name (`@scope/name`, `name`) for bare specifiers, `<unanalyzable>` otherwise. */
  target: string;
  kind: ImportKind | 'unanalyzable';
  /** Repository-relative files from the entry to the importing file, entry first. */
  chain: string[];
}

/** The modules reachable from one entry. */
export interface ModuleGraph {
  entry: string;
  /** Repository-relative source files reached (entry included). */
  modules: string[];
  externals: ExternalImport[];
}

/** Whether a graph follows runtime edges only or type-only edges too. */
export type GraphMode = 'runtime' | 'types';

const TRANSPILE_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  verbatimModuleSyntax: true,
  jsx: ts.JsxEmit.ReactJSX,
  sourceMap: false,
  declaration: false,
};

const RESOLVE_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  allowJs: true,
  resolveJsonModule: true,
};

function scriptKind(file: string): ts.ScriptKind {
  if (file.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (file.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

function stringLiteralText(node: ts.Node | undefined): string | undefined {
  if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) return node.text;
  return undefined;
}

/** Every module reference of `code`; `typeOnlyOnly` keeps just the type-only forms. */
function collectRefs(fileName: string, code: string, kindOfFile: ts.ScriptKind, typeOnlyOnly: boolean): ImportRef[] {
  const sf = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, kindOfFile);
  const refs: ImportRef[] = [];
  const add = (specifier: string | undefined, kind: ImportKind): void => {
    if (specifier === undefined) return;
    if (typeOnlyOnly !== (kind === 'type')) return;
    refs.push({ specifier, kind });
  };
  if (typeOnlyOnly) for (const ref of sf.typeReferenceDirectives) add(ref.fileName, 'type');
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add(stringLiteralText(node.moduleSpecifier), node.importClause?.isTypeOnly ? 'type' : 'static');
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      add(stringLiteralText(node.moduleSpecifier), node.isTypeOnly ? 'type' : 'static');
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(stringLiteralText(node.moduleReference.expression), node.isTypeOnly ? 'type' : 'static');
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      if (ts.isLiteralTypeNode(arg)) add(stringLiteralText(arg.literal), 'type');
    } else if (ts.isCallExpression(node)) {
      const first = node.arguments[0];
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const literal = stringLiteralText(first);
        if (literal !== undefined) add(literal, 'dynamic');
        else if (!typeOnlyOnly) refs.push({ specifier: null, kind: 'dynamic', expression: first?.getText(sf) ?? '' });
      } else if (ts.isIdentifier(node.expression) && node.expression.text === 'require') {
        add(stringLiteralText(first), 'static');
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return refs;
}

/**
 * The module references of one source file: runtime ones from its emitted JavaScript, type-only ones from its
 * source. Exported for the walker's own tests.
 */
export function importsOf(file: string): ImportRef[] {
  const mtimeMs = statSync(file).mtimeMs;
  const cached = importsCache.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.refs;
  const refs = readImports(file);
  importsCache.set(file, { mtimeMs, refs });
  return refs;
}

const importsCache = new Map<string, { mtimeMs: number; refs: ImportRef[] }>();

function readImports(file: string): ImportRef[] {
  const source = readFileSync(file, 'utf8');
  const kind = scriptKind(file);
  const isTs = kind === ts.ScriptKind.TS || kind === ts.ScriptKind.TSX;
  const emitted = isTs
    ? ts.transpileModule(source, { fileName: file, compilerOptions: TRANSPILE_OPTIONS, reportDiagnostics: false }).outputText
    : source;
  const runtime = collectRefs(file.replace(/\.tsx?$/, '.js'), emitted, ts.ScriptKind.JS, false);
  const typeOnly = isTs ? collectRefs(file, source, kind, true) : [];
  return [...runtime, ...typeOnly];
}

/** `@scope/name` or `name` of a bare specifier. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function resolveRelative(specifier: string, importer: string): string {
  const result = ts.resolveModuleName(specifier, importer, RESOLVE_OPTIONS, ts.sys, undefined, undefined,
    ts.ModuleKind.ESNext);
  const resolved = result.resolvedModule?.resolvedFileName;
  if (!resolved || !existsSync(resolved)) {
    throw new Error(`moduleGraph: cannot resolve "${specifier}" imported by ${importer}`);
  }
  return path.resolve(resolved);
}

/**
 * Walks the module graph from `entry` (an absolute path or one relative to `root`).
 * In `runtime` mode only runtime edges (static and dynamic) are followed and reported; in `types` mode every edge is.
 */
export function walkModuleGraph(entry: string, options: { root: string; mode?: GraphMode }): ModuleGraph {
  const root = path.resolve(options.root);
  const mode = options.mode ?? 'runtime';
  const rel = (file: string): string => path.relative(root, file).split(path.sep).join('/');
  const start = path.resolve(root, entry);
  if (!existsSync(start)) throw new Error(`moduleGraph: entry ${rel(start)} does not exist`);
  const parent = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  const externals: ExternalImport[] = [];
  const chainTo = (file: string): string[] => {
    const chain: string[] = [];
    for (let at: string | null | undefined = file; at; at = parent.get(at)) chain.unshift(rel(at));
    return chain;
  };
  for (let i = 0; i < queue.length; i++) {
    const file = queue[i]!;
    if (file.endsWith('.json') || file.endsWith('.d.ts')) continue;
    for (const ref of importsOf(file)) {
      if (mode === 'runtime' && ref.kind === 'type') continue;
      if (ref.specifier === null) {
        externals.push({ specifier: `import(${ref.expression ?? ''})`, target: '<unanalyzable>', kind: 'unanalyzable',
          chain: chainTo(file) });
        continue;
      }
      const spec = ref.specifier;
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const target = resolveRelative(spec, file);
        if (target.split(path.sep).includes('node_modules') || !target.startsWith(root + path.sep)) {
          externals.push({ specifier: spec, target: rel(target), kind: ref.kind, chain: chainTo(file) });
        } else if (!parent.has(target)) {
          parent.set(target, file);
          queue.push(target);
        }
      } else if (isBuiltin(spec)) {
        externals.push({ specifier: spec, target: `node:${spec.replace(/^node:/, '')}`, kind: ref.kind,
          chain: chainTo(file) });
      } else {
        externals.push({ specifier: spec, target: packageNameOf(spec), kind: ref.kind, chain: chainTo(file) });
      }
    }
  }
  return { entry: rel(start), modules: queue.map(rel), externals };
}

/** A rule: which targets an entry must not reach. */
export type Forbidden = (target: string, external: ExternalImport) => boolean;

/** The externals of `graph` that `forbidden` rejects, as readable lines (`target (kind) via a.ts → b.ts`). */
export function violations(graph: ModuleGraph, forbidden: Forbidden): string[] {
  return graph.externals
    .filter((e) => forbidden(e.target, e))
    .map((e) => `${e.specifier} [${e.kind}] via ${e.chain.join(' → ')}`);
}

/**
 * The source entry of every subpath in package.json `exports` (and of the `bin`s): `./dist/<p>.js` maps to
 * `<p>.ts` or `<p>.tsx` in the repository. Throws when a target has no source, so an export cannot escape the checks.
 */
export function sourceEntries(root: string): { exports: Map<string, string>; bins: Map<string, string> } {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    exports?: Record<string, string | { default?: string; import?: string }>;
    bin?: string | Record<string, string>;
  };
  const toSource = (target: string): string => {
    const m = /^\.\/dist\/(.+)\.js$/.exec(target);
    if (!m) throw new Error(`package.json target ${target} is not a ./dist/*.js file`);
    const candidates = [`${m[1]}.ts`, `${m[1]}.tsx`];
    const found = candidates.find((c) => existsSync(path.join(root, c)));
    if (!found) throw new Error(`package.json target ${target} has no source (${candidates.join(' or ')})`);
    return found;
  };
  const exports = new Map<string, string>();
  for (const [subpath, value] of Object.entries(pkg.exports ?? {})) {
    const target = typeof value === 'string' ? value : (value.import ?? value.default);
    if (!target || target.endsWith('.json')) continue;
    exports.set(subpath, toSource(target));
  }
  const bins = new Map<string, string>();
  const binField = typeof pkg.bin === 'string' ? { default: pkg.bin } : (pkg.bin ?? {});
  for (const [name, target] of Object.entries(binField)) {
    bins.set(name, toSource(target.startsWith('./') ? target : `./${target}`));
  }
  return { exports, bins };
}
