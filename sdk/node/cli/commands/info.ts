import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { PortraitRigError } from '../../../errors/PortraitRigError.js';
import { parseModelManifest } from '../../../rig/parseModelManifest.js';
import { RigCalibration } from '../../../rig/RigCalibration.js';
import { defaultModelDir } from '../../defaultModelDir.js';
import { OrtNodeBackend } from '../../OrtNodeBackend.js';
import { findFfmpeg } from '../../video/findFfmpeg.js';
import { CliUsageError, type CliCommand, type CliContext } from '../CliCommand.js';
import { parseCliArgs } from '../parseCliArgs.js';

const USAGE = `Usage: portrait-rig info [--model <dir>] [--json]

Describes a model (channels with units, ranges and whether they are verified; free dictionary directions; license)
and what this machine offers (inference devices, ffmpeg).

Options:
  --model <dir>   model folder (default: the bundled models/rig-tiny)
  --json          machine-readable output`;

function installed(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}

async function run(args: string[], ctx: CliContext): Promise<number> {
  const values = parseCliArgs('info', args, { model: { type: 'string' }, json: { type: 'boolean' } });
  const dir = values.model ? resolve(ctx.cwd, values.model) : defaultModelDir();
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) {
    throw new CliUsageError(values.model
      ? `"${values.model}" is not a model folder: manifest.json is missing there.`
      : `the bundled model is not installed at ${dir}; pass --model <dir> with a model folder.`, 1);
  }
  const manifest = parseModelManifest(await readFile(file, 'utf8'), file);
  const calibration = new RigCalibration(manifest);
  let devices: readonly string[] = [];
  let deviceNote = '';
  try {
    const support = await new OrtNodeBackend().deviceSupport();
    // devices auto skips (experimental) are listed as explicit-only
    devices = support.available.map((d) => (support.excludeFromAuto?.includes(d) ? `${d} (explicit --device only)` : d));
  } catch (error) {
    deviceNote = error instanceof PortraitRigError ? error.message : String(error);
  }
  const ffmpeg = await findFfmpeg();
  const channels = Object.entries(manifest.channels).map(([name, c]) => ({
    name, group: c.group, unit: c.unit, range: c.range, neutral: c.neutral, verified: c.verified,
    ...(c.description ? { description: c.description } : {}),
  }));
  const report = {
    model: {
      id: manifest.id, name: manifest.name, family: manifest.family, folder: dir, resolution: manifest.resolution,
      styleDim: manifest.styleDim, motionDim: manifest.motionDim, license: manifest.license,
    },
    channels,
    freeDirections: calibration.freeDirections.map((i) => ({ name: `dict.${i}`, group: calibration.directionGroup(i), unit: 'coefficient' })),
    backends: {
      'onnxruntime-node': devices.length > 0 ? { devices: ['auto', ...devices] } : { error: deviceNote },
      'onnxruntime-web': { installed: installed('onnxruntime-web'), devices: ['auto', 'webgpu', 'wasm'], note: 'browsers (portrait-rig/web)' },
    },
    ffmpeg: ffmpeg ?? null,
  };
  if (values.json) {
    ctx.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return 0;
  }
  const lines: string[] = [];
  const m = report.model;
  lines.push(`${m.name} (${m.id}, family ${m.family})`, `  folder      ${m.folder}`,
    `  resolution  ${m.resolution}×${m.resolution}   styleDim ${m.styleDim}   motionDim ${m.motionDim}`,
    `  license     ${m.license.spdx} — ${m.license.notice}${m.license.url ? ` (${m.license.url})` : ''}`, '');
  if (channels.length > 0) {
    const width = Math.max(...channels.map((c) => c.name.length), 7);
    lines.push(`Channels (${channels.length}):`, `  ${'channel'.padEnd(width)}  group       unit         range            neutral  verified  meaning`);
    for (const c of channels) {
      lines.push(`  ${c.name.padEnd(width)}  ${c.group.padEnd(10)}  ${c.unit.padEnd(11)}  ${`[${c.range[0]}, ${c.range[1]}]`.padEnd(15)}  ` +
        `${String(c.neutral).padEnd(7)}  ${(c.verified ? 'yes' : 'no').padEnd(8)}  ${c.description ?? ''}`.trimEnd());
    }
  } else {
    lines.push('Channels: none named (drive the raw directions dict.<i>).');
  }
  const free = report.freeDirections;
  lines.push('', free.length > 0
    ? `Free directions (coefficient units): ${free.map((d) => `${d.name}${d.group === 'pose' ? ' (pose)' : ''}`).join(', ')}`
    : 'Free directions: none (every direction is driven by a named channel).');
  lines.push('', 'Backends on this machine:',
    `  onnxruntime-node  ${devices.length > 0 ? `devices: auto, ${devices.join(', ')}` : `unavailable: ${deviceNote}`}`,
    `  onnxruntime-web   ${report.backends['onnxruntime-web'].installed ? 'installed' : 'not installed'} (browsers: webgpu, wasm)`,
    `  ffmpeg            ${ffmpeg ? `found (${ffmpeg}): mp4/webm output` : 'not found: render writes animated .webp/.gif instead of mp4'}`);
  ctx.stdout.write(lines.join('\n') + '\n');
  return 0;
}

/** `portrait-rig info`: a model's channels and this machine's backends. */
export const infoCommand: CliCommand = {
  name: 'info',
  summary: 'Show a model\'s channels (units, ranges, verified), license and the available devices',
  usage: USAGE,
  run,
};
