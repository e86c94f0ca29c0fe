/**
 * Type-checks the TypeScript code blocks of Markdown guides against the SDK's sources.
 *
 * Every fenced block whose language is `ts`, `tsx` or `typescript` becomes a module of its own in a temporary
 * folder (`export {}` is appended, so top-level `await` works and blocks do not share names). The folder resolves
 * `portrait-rig`, `portrait-rig/node`, … to the sources through tsconfig `paths` built from package.json `exports`,
 * and other packages (three, react, @types/node) through a link to the repository's node_modules. All modules are
 * compiled in one TypeScript program with the repository's tsconfig.json options (strict). Errors are reported at
 * the line of the Markdown file.
 *
 * Opt-out: a block whose info string contains `no-check` (```` ```ts no-check ````) is skipped. Use it rarely, for an
 * intentionally partial fragment; a snippet that only needs some context can declare it instead
 * (`declare const ctx: CanvasRenderingContext2D;`).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { packageEntries } from '../../scripts/docs/packageExports.mjs';

/** One fenced TypeScript block of a Markdown file. */
export interface Snippet {
  /** Markdown file, as given. */
  file: string;
  /** 1-based line of the block's first code line in `file`. */
  line: number;
  /** `ts` or `tsx`. */
  lang: 'ts' | 'tsx';
  /** True when the info string carries `no-check`. */
  skip: boolean;
  code: string;
}

/** A compiler error in a snippet, located in its Markdown file. */
export interface SnippetError {
  /** Markdown file, as given. */
  file: string;
  /** 1-based line in `file`. */
  line: number;
  /** 1-based column. */
  column: number;
  /** TypeScript error code (2322 …). */
  code: number;
  message: string;
}

/** What {@link checkSnippets} found. */
export interface SnippetReport {
  snippets: Snippet[];
  errors: SnippetError[];
}

const FENCE = /^( {0,3}|\s*)(`{3,}|~{3,})\s*([^`\s]*)\s*(.*)$/;
const CHECKED_LANGS: Record<string, 'ts' | 'tsx'> = { ts: 'ts', typescript: 'ts', tsx: 'tsx' };

/** The fenced TypeScript blocks of a Markdown text (indented fences inside list items included). */
export function extractSnippets(file: string, text: string): Snippet[] {
  const lines = text.split(/\r?\n/);
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? '');
    if (!open) continue;
    const [, indent = '', fence = '', info = '', rest = ''] = open;
    const closing = new RegExp(`^\\s*${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    let end = i + 1;
    while (end < lines.length && !closing.test(lines[end] ?? '')) end++;
    const lang = CHECKED_LANGS[info.toLowerCase()];
    if (lang) {
      const body = lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart()));
      snippets.push({ file, line: i + 2, lang, skip: /(^|\s)no-check(\s|$)/.test(rest), code: body.join('\n') });
    }
    i = end;
  }
  return snippets;
}

/** Compiler options of the repository's tsconfig.json, plus `paths` that resolve the package's entry points. */
function compilerOptions(root: string): ts.CompilerOptions {
  const configPath = path.join(root, 'tsconfig.json');
  const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, root);
  const paths: Record<string, string[]> = {};
  for (const entry of packageEntries(root)) paths[entry.specifier] = [entry.source];
  return {
    ...parsed.options,
    noEmit: true,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
    incremental: false,
    rootDir: undefined,
    outDir: undefined,
    paths,
  };
}

/**
 * Extracts and compiles the snippets of `markdownFiles` (paths relative to `root` or absolute).
 * @param root - The repository root (package.json, tsconfig.json, node_modules).
 */
export function checkSnippets(root: string, markdownFiles: readonly string[]): SnippetReport {
  const snippets = markdownFiles.flatMap((file) => extractSnippets(file, readFileSync(path.resolve(root, file), 'utf8')));
  const dir = mkdtempSync(path.join(tmpdir(), 'portrait-rig-snippets-'));
  try {
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'snippets', type: 'module', private: true }));
    symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    mkdirSync(path.join(dir, 'src'));
    const bySource = new Map<string, Snippet>();
    snippets.forEach((snippet, index) => {
      if (snippet.skip) return;
      const name = `${path.basename(snippet.file).replace(/\W+/g, '_')}_L${snippet.line}_${index}.${snippet.lang}`;
      const source = path.join(dir, 'src', name);
      writeFileSync(source, `${snippet.code}\nexport {};\n`);
      bySource.set(ts.sys.realpath?.(source) ?? source, snippet);
    });
    const program = ts.createProgram([...bySource.keys()], compilerOptions(root));
    const errors: SnippetError[] = [];
    for (const sourceFile of program.getSourceFiles()) {
      const snippet = bySource.get(sourceFile.fileName) ?? bySource.get(path.normalize(sourceFile.fileName));
      if (!snippet) continue;
      const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
      for (const d of diagnostics) {
        if (d.category !== ts.DiagnosticCategory.Error) continue;
        const { line, character } = sourceFile.getLineAndCharacterOfPosition(d.start ?? 0);
        errors.push({
          file: snippet.file,
          line: snippet.line + line,
          column: character + 1,
          code: d.code,
          message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
        });
      }
    }
    // Options errors (a bad path mapping …) would make every snippet meaningless: report them against the first file.
    for (const d of program.getOptionsDiagnostics()) {
      errors.push({ file: markdownFiles[0] ?? '?', line: 0, column: 0, code: d.code, message: ts.flattenDiagnosticMessageText(d.messageText, '\n') });
    }
    errors.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
    return { snippets, errors };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `docs/runtime.md:63:7 TS2451 Cannot redeclare …`, one error per line. */
export function formatSnippetErrors(errors: readonly SnippetError[]): string {
  return errors.map((e) => `${e.file}:${e.line}:${e.column} TS${e.code} ${e.message.replace(/\n/g, '\n    ')}`).join('\n');
}
