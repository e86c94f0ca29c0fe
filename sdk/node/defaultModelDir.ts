import { join } from 'node:path';
import { packageRoot } from './packageRoot.js';

/**
 * Folder of the bundled default model (`models/rig-tiny` inside the installed package): what the CLI uses when no
 * `--model` is given.
 *
 * @example
 * ```ts
 * const model = await loadModelFromFolder(defaultModelDir());
 * ```
 */
export function defaultModelDir(): string {
  return join(packageRoot(), 'models', 'rig-tiny');
}
