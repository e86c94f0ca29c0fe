import { basename, extname, resolve } from 'node:path';
import { pastePortrait } from '../../../image/pastePortrait.js';
import { writeImage } from '../../io/writeImage.js';
import type { CliCommand, CliContext } from '../CliCommand.js';
import { openPortrait, PORTRAIT_OPTIONS, PORTRAIT_USAGE } from '../openPortrait.js';
import { parseCliArgs, parseSetOptions } from '../parseCliArgs.js';

const USAGE = `Usage: portrait-rig edit --source <image> --set <channel=value> … [options]

Edits a portrait's pose and expression and writes one image (edit–warp–render). Without --set it writes the
model's reconstruction of the source.

Options:
${PORTRAIT_USAGE}
  --set <channel=value>   channel value in its unit, repeatable: --set head.yaw=15 --set mouth.open=0.6
                          (degrees for head angles, 0..1 or -1..1 amounts, dict.<i> raw coefficients)
  --out <file>            .png, .jpg, .webp, .avif or .tiff (default: <source name>.edited.png)

Run \`portrait-rig info\` to list the model's channels, units and ranges.`;

async function run(args: string[], ctx: CliContext): Promise<number> {
  const values = parseCliArgs('edit', args, { ...PORTRAIT_OPTIONS, set: { type: 'string', multiple: true }, out: { type: 'string' } });
  const edit = parseSetOptions(values.set);
  const source = values.source ?? '';
  const out = resolve(ctx.cwd, values.out ?? `${basename(source, extname(source)) || 'portrait'}.edited.png`);
  const opened = await openPortrait('edit', values, ctx);
  try {
    const frame = await opened.animator.renderFrame(edit, { signal: ctx.signal });
    const image = opened.pasteBack ? pastePortrait(opened.portrait.image, frame, opened.portrait.crop, { feather: 2 }) : frame;
    await writeImage(out, image);
    ctx.stdout.write(`wrote ${out} (${image.width}×${image.height}; ${Object.keys(edit).length} channel(s) set; ` +
      `model ${opened.model.manifest.id} on ${opened.model.device})\n`);
    return 0;
  } finally {
    await opened.close();
  }
}

/** `portrait-rig edit`: set channels on a portrait and write the edited image. */
export const editCommand: CliCommand = {
  name: 'edit',
  summary: 'Edit a portrait\'s pose/expression (--set head.yaw=15 --set mouth.open=0.6) into one image',
  usage: USAGE,
  run,
};
