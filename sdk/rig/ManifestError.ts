import { PortraitRigError, PortraitRigErrorCode } from '../errors/PortraitRigError.js';

/** One problem found in a manifest. */
export interface ManifestIssue {
  /** Where: a JSON path such as `channels["head.yaw"].terms[0].index`; `''` for the whole document. */
  readonly path: string;
  /** What is wrong and the fix, starting with the path, e.g. `channels["head.yaw"].range [5, 5] must have min < max`. */
  readonly message: string;
}

/** At most this many issues are spelled out in the message (all are kept in `issues`). */
const LISTED = 12;

/**
 * A manifest that cannot be used: not JSON, not a PortraitRig manifest, an unsupported version, or content that
 * breaks the format's rules. Code `MANIFEST_MISMATCH`. The message names the file, every problem's field path and
 * the fix; `issues` holds them one by one for tools.
 *
 * @example
 * ```ts
 * try {
 *   parseModelManifest(text, 'models/rig-tiny/manifest.json');
 * } catch (error) {
 *   if (error instanceof ManifestError) for (const issue of error.issues) console.error(issue.path, issue.message);
 * }
 * ```
 */
export class ManifestError extends PortraitRigError {
  /** The file or label the manifest came from, as given to {@link parseModelManifest}. */
  readonly source: string | undefined;
  /** Every problem found (at least one). */
  readonly issues: readonly ManifestIssue[];

  /**
   * @param source - file or label named in the message; `undefined` for none.
   * @param issues - the problems (at least one).
   * @param options - `cause`: an underlying error (e.g. the `SyntaxError` of `JSON.parse`).
   */
  constructor(source: string | undefined, issues: readonly ManifestIssue[], options?: { cause?: unknown }) {
    const where = source === undefined ? 'manifest' : `manifest ${JSON.stringify(source)}`;
    const first = issues[0]?.message ?? 'invalid';
    const message = issues.length <= 1
      ? `PortraitRig: ${where}: ${first}`
      : `PortraitRig: ${where}: ${issues.length} problems:\n`
        + issues.slice(0, LISTED).map((issue) => `  - ${issue.message}`).join('\n')
        + (issues.length > LISTED ? `\n  … and ${issues.length - LISTED} more (see error.issues)` : '');
    super(PortraitRigErrorCode.ManifestMismatch, message, options);
    this.name = 'ManifestError';
    this.source = source;
    this.issues = Object.freeze(issues.map((issue) => Object.freeze({ ...issue })));
  }
}
