/** One public entry point of the package. */
export interface PackageEntry {
  /** The key in package.json `exports`: `.`, `./node`, … */
  subpath: string;
  /** What users import: `portrait-rig`, `portrait-rig/node`, … */
  specifier: string;
  /** Absolute path of the TypeScript source the export's `types` are built from. */
  source: string;
}

/**
 * The package's entry points, from package.json `exports` (subpaths whose target is not code, such as
 * `./package.json`, are skipped). Throws when an export has no TypeScript source.
 */
export function packageEntries(root: string, tsconfig?: string): PackageEntry[];
