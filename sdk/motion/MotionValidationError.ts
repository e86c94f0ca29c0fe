import { PortraitRigError } from '../errors/PortraitRigError.js';
import type { MotionIssue } from './MotionIssue.js';

const MAX_LISTED = 50;

/**
 * Thrown when a keyframe track, a clip or a clip file is invalid. Lists every problem found (not just the first),
 * each naming the clip, track and key and the fix; `code` is the first problem's code.
 *
 * @example
 * ```ts
 * try {
 *   loadClip(text);
 * } catch (error) {
 *   if (error instanceof MotionValidationError) for (const issue of error.issues) console.error(issue.message);
 * }
 * ```
 */
export class MotionValidationError extends PortraitRigError {
  /** Every problem found, in document order (at least one). */
  readonly issues: readonly MotionIssue[];

  /** @param issues - The problems found; must not be empty. */
  constructor(issues: readonly MotionIssue[]) {
    const first = issues[0];
    if (!first) throw new TypeError('MotionValidationError needs at least one issue');
    const lines = issues.slice(0, MAX_LISTED).map((issue) => issue.message);
    if (issues.length > MAX_LISTED) lines.push(`PortraitRig: … and ${issues.length - MAX_LISTED} more problems.`);
    super(first.code, lines.join('\n'));
    this.name = 'MotionValidationError';
    this.issues = Object.freeze([...issues]);
  }
}
