import { RIG_CHANNELS, dictionaryIndex, isRigChannelName } from './channels.js';
import { evaluateCalibration } from './evaluateCalibration.js';
import { channelNameProblem } from './channelNameProblem.js';
import { isValidChannelName } from './isValidChannelName.js';
import type { ManifestIssue } from './ManifestError.js';
import { describeValue, formatNumber, makeIssue, type JsonPath } from './manifestIssues.js';
import type { ManifestOnnxFile, ManifestTensor, ModelManifest, TensorDim, TensorRole } from './ModelManifest.js';
import { resolveDirectionGroups } from './resolveDirectionGroups.js';

/** How far `calibrate(neutral)` may be from 0 (α units). @internal */
export const NEUTRAL_TOLERANCE = 1e-6;

/** How many tensors of a role a graph side takes: exactly one, or any number. */
type RoleCount = 'one' | 'any';

const SIDES: Readonly<Record<'encoder' | 'decoder', Readonly<Record<'inputs' | 'outputs', Partial<Record<TensorRole, RoleCount>>>>>> = {
  encoder: { inputs: { image: 'one' }, outputs: { latent: 'one', alpha: 'one', feature: 'any' } },
  decoder: { inputs: { latent: 'one', feature: 'any' }, outputs: { image: 'one' } },
};

const showShape = (shape: readonly TensorDim[]): string => `[${shape.map((dim) => (dim === 'batch' ? '"batch"' : String(dim))).join(', ')}]`;
const sameShape = (a: readonly TensorDim[], b: readonly TensorDim[]): boolean =>
  a.length === b.length && a.every((dim, axis) => dim === b[axis]);

/**
 * Cross-field rules of format version 1 on a structurally valid manifest (the zod schema ran first): shapes against
 * the dims, roles, feature maps matching between encoder and decoder, channel names, ranges, term indices,
 * piecewise points, calibrated neutral, direction-group overrides and conflicts. Returns every problem found.
 *
 * @internal
 */
export function checkManifest(manifest: ModelManifest): ManifestIssue[] {
  const issues: ManifestIssue[] = [];
  const add = (path: JsonPath, text: string): void => { issues.push(makeIssue(path, text)); };
  const { styleDim, motionDim, resolution } = manifest;
  const directionHint = `(motionDim ${motionDim}); use 0..${motionDim - 1}`;

  const [low, high] = manifest.normalization.range;
  if (!(low < high)) add(['normalization', 'range'], `${describeValue([low, high])} must be [low, high] with low < high`);

  const dictionaryShape = manifest.files.dictionary.shape;
  if (dictionaryShape[0] !== styleDim || dictionaryShape[1] !== motionDim) {
    add(['files', 'dictionary', 'shape'], `${describeValue(dictionaryShape)} does not match [styleDim, motionDim] = `
      + `[${styleDim}, ${motionDim}]; fix the shape or the dims`);
  }

  const expected: Readonly<Record<Exclude<TensorRole, 'feature'>, { shape: TensorDim[]; text: string }>> = {
    image: { shape: ['batch', 3, resolution, resolution], text: `[batch, 3, resolution, resolution] with resolution ${resolution}` },
    latent: { shape: ['batch', styleDim], text: `[batch, styleDim] with styleDim ${styleDim}` },
    alpha: { shape: ['batch', motionDim], text: `[batch, motionDim] with motionDim ${motionDim}` },
  };
  const checkTensor = (path: JsonPath, tensor: ManifestTensor): void => {
    tensor.shape.forEach((dim, axis) => {
      if (dim === 'batch' && axis !== 0) add([...path, 'shape', axis], 'is "batch"; only axis 0 may be the batch axis');
    });
    if (tensor.role === 'feature') {
      if (tensor.shape.length < 2) add([...path, 'shape'], `${showShape(tensor.shape)} must have a batch axis and at least one more axis`);
      return;
    }
    const want = expected[tensor.role];
    // axis 0 may be "batch" or a fixed batch size; the other axes must match exactly
    const fits = tensor.shape.length === want.shape.length && tensor.shape.every((dim, axis) => axis === 0 || dim === want.shape[axis]);
    if (!fits) add([...path, 'shape'], `${showShape(tensor.shape)} does not match ${want.text}`);
  };
  const checkSide = (file: 'encoder' | 'decoder', side: 'inputs' | 'outputs', onnx: ManifestOnnxFile): void => {
    const allowed = SIDES[file][side];
    const tensors = onnx[side];
    const seen = new Map<string, number>();
    const counts = new Map<TensorRole, number>();
    tensors.forEach((tensor, position) => {
      const path: JsonPath = ['files', file, side, position];
      const previous = seen.get(tensor.name);
      if (previous !== undefined) add([...path, 'name'], `${describeValue(tensor.name)} repeats ${side}[${previous}]; names must be unique`);
      else seen.set(tensor.name, position);
      if (allowed[tensor.role] === undefined) {
        add([...path, 'role'], `${describeValue(tensor.role)} is not allowed here; ${file} ${side} have roles `
          + Object.keys(allowed).map((role) => `"${role}"`).join(', '));
        return;
      }
      counts.set(tensor.role, (counts.get(tensor.role) ?? 0) + 1);
      checkTensor(path, tensor);
    });
    for (const [role, count] of Object.entries(allowed) as [TensorRole, RoleCount][]) {
      const found = counts.get(role) ?? 0;
      if (count === 'one' && found !== 1) {
        add(['files', file, side], `needs exactly one "${role}" ${side === 'inputs' ? 'input' : 'output'}, found ${found}`);
      }
    }
  };
  checkSide('encoder', 'inputs', manifest.files.encoder);
  checkSide('encoder', 'outputs', manifest.files.encoder);
  checkSide('decoder', 'inputs', manifest.files.decoder);
  checkSide('decoder', 'outputs', manifest.files.decoder);

  const encoderFeatures = new Map(manifest.files.encoder.outputs
    .filter((tensor) => tensor.role === 'feature').map((tensor) => [tensor.name, tensor] as const));
  manifest.files.decoder.inputs.forEach((tensor, position) => {
    if (tensor.role !== 'feature') return;
    const source = encoderFeatures.get(tensor.name);
    if (source === undefined) {
      const names = [...encoderFeatures.keys()];
      add(['files', 'decoder', 'inputs', position, 'name'], `${describeValue(tensor.name)} has no encoder feature output of that `
        + `name; encoder features: ${names.length > 0 ? names.join(', ') : 'none'}`);
    } else if (!sameShape(source.shape, tensor.shape)) {
      add(['files', 'decoder', 'inputs', position, 'shape'], `${showShape(tensor.shape)} differs from the encoder's feature `
        + `output "${tensor.name}" ${showShape(source.shape)}; the decoder must take the feature map as the encoder makes it`);
    }
  });

  for (const [name, channel] of Object.entries(manifest.channels)) {
    const base: JsonPath = ['channels', name];
    if (dictionaryIndex(name) !== undefined || name.startsWith('dict.')) {
      add(base, 'uses the reserved prefix "dict."; raw directions are always addressable as dict.<index> without a '
        + 'channel entry: give the channel another dotted name (e.g. "custom.name"), or set a direction\'s group in '
        + 'directionGroups.overrides');
    } else if (!isValidChannelName(name)) {
      add(base, 'is not a valid channel name; use a preset (head.yaw, mouth.open, …) or a dotted name of letters, '
        + 'digits and "_" with at least two parts, each starting with a letter (e.g. "custom.cheekPuff")');
    } else if (channelNameProblem(name) !== undefined) {
      // The same rule clips follow: a model must not define a channel no clip could name.
      add(base, `${channelNameProblem(name)}; rename the channel`);
    } else if (isRigChannelName(name) && RIG_CHANNELS[name].group !== channel.group) {
      add([...base, 'group'], `is "${channel.group}" but the preset channel "${name}" belongs to group "${RIG_CHANNELS[name].group}"`
        + `; set group to "${RIG_CHANNELS[name].group}" or use a custom name`);
    }
    const [min, max] = channel.range;
    const rangeOk = min < max;
    if (!rangeOk) add([...base, 'range'], `${describeValue([min, max])} must be [min, max] with min < max`);
    else if (channel.neutral < min || channel.neutral > max) {
      add([...base, 'neutral'], `${channel.neutral} is outside range [${min}, ${max}]; the neutral value must be allowed`);
    }
    const firstUse = new Map<number, number>();
    channel.terms.forEach((term, position) => {
      const path: JsonPath = [...base, 'terms', position];
      if (term.index >= motionDim) add([...path, 'index'], `${term.index} is outside the dictionary ${directionHint}`);
      const previous = firstUse.get(term.index);
      if (previous !== undefined) {
        add([...path, 'index'], `${term.index} repeats terms[${previous}]; merge them into one term (one calibration per direction)`);
      } else firstUse.set(term.index, position);
      const calibration = term.calibration;
      if (calibration.type === 'piecewise') {
        let increasing = true;
        for (let point = 1; point < calibration.points.length; point++) {
          const x = (calibration.points[point] as readonly [number, number])[0];
          const before = (calibration.points[point - 1] as readonly [number, number])[0];
          if (!(x > before)) {
            increasing = false;
            add([...path, 'calibration', 'points', point, 0], `${x} must be greater than points[${point - 1}][0] ${before}; `
              + 'x values (channel unit) must strictly increase');
          }
        }
        if (!increasing) return;
      }
      const atNeutral = evaluateCalibration(calibration, channel.neutral);
      if (!(Math.abs(atNeutral) <= NEUTRAL_TOLERANCE)) {
        const fix = calibration.type === 'linear'
          ? `set offset to -scale·neutral = ${formatNumber(-calibration.scale * channel.neutral)}`
          : `make the points pass through [${channel.neutral}, 0]`;
        add([...path, 'calibration'], `maps the neutral value ${channel.neutral} to ${formatNumber(atNeutral)}, not 0 `
          + `(tolerance 1e-6); ${fix}, or change neutral`);
      }
    });
  }

  for (const key of Object.keys(manifest.directionGroups.overrides)) {
    const path: JsonPath = ['directionGroups', 'overrides', key];
    if (!/^(0|[1-9][0-9]*)$/.test(key)) add(path, `is not a direction index; keys are "0".."${motionDim - 1}"`);
    else if (Number(key) >= motionDim) add(path, `is outside the dictionary ${directionHint}`);
  }

  for (const conflict of resolveDirectionGroups(manifest).conflicts) {
    add(['channels'], `drive direction ${conflict.index} from both groups (pose channel "${conflict.pose}", expression channel `
      + `"${conflict.expression}"); set directionGroups.overrides["${conflict.index}"] to "pose" or "expression"`);
  }
  return issues;
}
