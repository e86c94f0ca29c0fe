import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { packageRoot } from '../packageRoot.js';

/**
 * Folder of the Python model tools (`models/tools`: `export.py`, `bench_decoder.py`, `portrait_rig_tools/`) inside the
 * installed `portrait-rig` package. The npm package ships them (`models/tools/**\/*.py` in package.json `files`), so
 * this works from the sources and from `dist/` alike.
 *
 * @throws PortraitRigError `MODEL_FILE_MISSING` when the folder or `export.py` is not there (a trimmed install).
 * @example
 * ```ts
 * const exportScript = join(pythonToolsDir(), 'export.py');
 * ```
 */
export function pythonToolsDir(): string {
  const dir = join(packageRoot(), 'models', 'tools');
  if (!existsSync(join(dir, 'export.py')) || !existsSync(join(dir, 'portrait_rig_tools', 'export.py'))) {
    throw new PortraitRigError('MODEL_FILE_MISSING',
      `the Python model tools are missing from ${dir} (export.py, portrait_rig_tools/); reinstall portrait-rig ` +
      '(the npm package ships them under models/tools).');
  }
  return dir;
}
