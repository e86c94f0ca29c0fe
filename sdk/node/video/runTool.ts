import { spawn } from 'node:child_process';
import { abortError } from '../../runtime/abort.js';

/** What a finished tool run produced. @internal */
export interface ToolResult {
  /** Exit code (`null` when killed). */
  readonly code: number | null;
  /** Standard output (up to `maxStdout` bytes). */
  readonly stdout: Buffer;
  /** The last 8 kB of standard error, as text. */
  readonly stderr: string;
}

/**
 * Runs an executable to completion, collecting its output; the signal kills it (rejecting with `ABORTED`).
 * @internal
 */
export function runTool(executable: string, args: readonly string[], options: { signal?: AbortSignal; maxStdout?: number; what: string }): Promise<ToolResult> {
  const { signal, maxStdout = 64 * 1024 * 1024, what } = options;
  if (signal?.aborted) return Promise.reject(abortError(signal, what));
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    const onAbort = (): void => { child.kill('SIGKILL'); };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      if (size < maxStdout) chunks.push(chunk);
      size += chunk.length;
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => { stderr = (stderr + text).slice(-8192); });
    child.on('error', (error) => { signal?.removeEventListener('abort', onAbort); reject(error); });
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) reject(abortError(signal, what));
      else resolve({ code, stdout: Buffer.concat(chunks), stderr });
    });
  });
}
