#!/usr/bin/env node
// `npm run demo`: renders a sample portrait of the bundled default model with the bundled `hello` clip into
// out/demo.mp4. Extra arguments go to `portrait-rig render` (e.g. `npm run demo -- --model models/lia-x --source me.png`).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const model = option('--model') ?? join(root, 'models', 'rig-tiny');

if (!existsSync(join(model, 'manifest.json'))) {
  const bundled = option('--model') === undefined;
  process.stderr.write([
    `portrait-rig demo: no model at ${model}.`,
    '',
    ...(bundled
      ? ['The bundled default model (models/rig-tiny) is missing from this checkout: restore it with',
        '  git checkout -- models/rig-tiny',
        'or re-create it from the training checkpoint (models/README.md, "The bundled default model").']
      : ['Give a model folder (manifest.json, encoder.onnx, decoder.onnx, dictionary.bin):']),
    'To render with another model folder:',
    '  npm run demo -- --model <folder> --source <portrait image>',
    'for example one converted from official LIA / LIA-X weights (npx portrait-rig convert --help).',
    '',
  ].join('\n'));
  process.exit(1);
}

const cli = join(root, 'dist', 'sdk', 'node', 'cli', 'main.js');
const defaults = [];
if (option('--source') === undefined) defaults.push('--source', join(model, 'samples', 'avatar-1.png'));
if (option('--out') === undefined) defaults.push('--out', join('out', 'demo.mp4'));
const result = spawnSync(process.execPath, [cli, 'render', ...defaults, ...args], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
