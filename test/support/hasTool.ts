import { execFileSync } from 'node:child_process';

/** Whether the command-line tool `name` runs here (`--version`, or ffmpeg's `-version`): tests skip without it. */
export function hasTool(name: string): boolean {
  for (const flag of ['--version', '-version']) {
    try {
      execFileSync(name, [flag], { stdio: 'ignore' });
      return true;
    } catch {
      // try the other spelling
    }
  }
  return false;
}
