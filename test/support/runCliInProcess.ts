/** Runs the portrait-rig CLI in-process with captured streams, for the CLI command tests. */
import { Writable } from 'node:stream';
import { runCli } from '../../sdk/node/cli/main.js';

/** What one CLI run produced. */
export interface CliRun { code: number; stdout: string; stderr: string }

/**
 * Runs `portrait-rig <argv>` in `cwd`; `onStderr` sees every stderr chunk (to abort mid-run like Ctrl-C does).
 */
export async function runCliInProcess(argv: string[], cwd: string, options: { signal?: AbortSignal; onStderr?: (text: string) => void } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void): Writable => new Writable({
    write(chunk: Buffer | string, _encoding, done) { append(String(chunk)); done(); },
  });
  const code = await runCli(argv, {
    stdout: sink((s) => { stdout += s; }),
    stderr: sink((s) => { stderr += s; options.onStderr?.(s); }),
    signal: options.signal ?? new AbortController().signal,
    cwd,
  });
  return { code, stdout, stderr };
}
