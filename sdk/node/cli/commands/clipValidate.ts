import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadClip } from '../../../motion/loadClip.js';
import { MotionValidationError } from '../../../motion/MotionValidationError.js';
import { CliUsageError, type CliCommand, type CliContext } from '../CliCommand.js';

const USAGE = `Usage: portrait-rig clip validate <file> [<file> …]

Checks PortraitRig clip files (format "portrait-rig-clip", see docs/motion.md): JSON syntax, format version,
fields, channel names, interpolation names, finite numbers, increasing key times, keys and markers within the
duration. Prints a one-line summary per valid clip on stdout and every problem of an invalid one on stderr.

Exit status: 0 when every file is a valid clip, 1 when one is invalid or unreadable, 2 on a usage error.`;

function readProblem(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory, not a clip file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

async function run(args: string[], ctx: CliContext): Promise<number> {
  let files: string[];
  try {
    files = parseArgs({ args, options: {}, strict: true, allowPositionals: true }).positionals;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CliUsageError(`${message}. See \`portrait-rig clip validate --help\`.`);
  }
  if (files.length === 0) throw new CliUsageError('needs at least one clip file, e.g. `portrait-rig clip validate wave.clip.json`.');
  let failed = 0;
  for (const file of files) {
    if (ctx.signal.aborted) return 130;
    let text: string;
    try {
      text = await readFile(resolve(ctx.cwd, file), { encoding: 'utf8', signal: ctx.signal });
    } catch (error) {
      if (ctx.signal.aborted) return 130;
      ctx.stderr.write(`${file}: cannot read it: ${readProblem(error)}\n`);
      failed++;
      continue;
    }
    try {
      const clip = loadClip(text, { source: file });
      const keys = clip.tracks.reduce((sum, track) => sum + track.keyCount, 0);
      ctx.stdout.write(`${file}: ok: clip "${clip.name}", ${clip.duration} s, loop ${clip.loop}, `
        + `${plural(clip.tracks.length, 'track')} (${clip.channels.join(', ') || 'none'}), ${plural(keys, 'key')}, `
        + `${plural(clip.markers.length, 'marker')}\n`);
    } catch (error) {
      if (!(error instanceof MotionValidationError)) throw error;
      ctx.stderr.write(`${file}: invalid, ${plural(error.issues.length, 'problem')}:\n`
        + error.issues.map((issue) => `  ${issue.message}\n`).join(''));
      failed++;
    }
  }
  return failed > 0 ? 1 : 0;
}

/** `portrait-rig clip validate <file> …`: checks clip files and reports every problem with its fix. */
export const clipValidateCommand: CliCommand = {
  name: 'clip validate',
  summary: 'Check clip files (*.clip.json): a summary when valid, every problem and its fix when not',
  usage: USAGE,
  run,
};
