// The public entry points of the package, read from package.json `exports`: one per import specifier
// (`portrait-rig`, `portrait-rig/node`, …) with the TypeScript source file that the export's `types` are built from.
// Used by the TypeDoc plugin (the site documents exactly these modules, named by their specifiers) and by the
// docs tests (snippets resolve `portrait-rig/...` to these sources).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * @param {string} root the package root (folder of package.json)
 * @param {string} [tsconfig] the tsconfig that builds `dist/` (default tsconfig.build.json): its rootDir/outDir map
 *   built files back to sources
 * @returns {import('./packageExports.d.mts').PackageEntry[]}
 */
export function packageEntries(root, tsconfig = 'tsconfig.build.json') {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  if (typeof pkg.exports !== 'object' || pkg.exports === null || Array.isArray(pkg.exports)) {
    throw new Error(`package.json "exports" must be an object of subpaths (got ${JSON.stringify(pkg.exports)})`);
  }
  const configPath = path.resolve(root, tsconfig);
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) throw new Error(`cannot read ${configPath}: ${ts.flattenDiagnosticMessageText(read.error.messageText, '\n')}`);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(configPath));
  const outDir = parsed.options.outDir ?? root;
  const rootDir = parsed.options.rootDir ?? root;

  const entries = [];
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    const built = typeof target === 'string' ? target : target?.types ?? target?.import ?? target?.default;
    if (typeof built !== 'string' || !/\.(d\.ts|js)$/.test(built)) continue; // ./package.json and other non-code exports
    const relativeToOut = path.relative(outDir, path.resolve(root, built));
    if (relativeToOut.startsWith('..')) {
      throw new Error(`package.json exports["${subpath}"] points at ${built}, outside the build folder ${path.relative(root, outDir)}`);
    }
    const stem = path.join(rootDir, relativeToOut).replace(/\.(d\.ts|js)$/, '');
    const source = ['.ts', '.tsx', '.mts'].map((ext) => stem + ext).find((file) => existsSync(file));
    if (!source) {
      throw new Error(`package.json exports["${subpath}"] (${built}) has no TypeScript source: expected ${path.relative(root, stem)}.ts or .tsx`);
    }
    const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.replace(/^\.\//, '')}`;
    entries.push({ subpath, specifier, source: path.resolve(source) });
  }
  return entries;
}
