import type { ChannelGroup, ChannelUnit } from './channels.js';

// Types of a model folder's `manifest.json` (format `portrait-rig-model`, version 1), as parseModelManifest returns
// it: validated, defaults filled in, deeply frozen. The normative description is docs/model-manifest.md.

/** Model family: the official LIA (ICLR 2022), the official LIA-X, or PortraitRig's own LIA-X-family model. */
export type ModelFamily = 'lia' | 'lia-x' | 'rig';

/** Element type of the float inputs/outputs of an ONNX graph. */
export type OnnxFloatType = 'float32' | 'float16';

/**
 * One axis of a tensor shape: a fixed size (positive integer) or `'batch'`, the dynamic batch axis (only on axis 0).
 */
export type TensorDim = number | 'batch';

/**
 * What a graph input/output carries:
 * - `image`: `[batch, 3, resolution, resolution]`, values in `normalization.range`;
 * - `latent`: `z`, `[batch, styleDim]`;
 * - `alpha`: motion coefficients `α`, `[batch, motionDim]` (encoder output only);
 * - `feature`: a feature map the encoder hands to the decoder (same name and shape on both sides).
 */
export type TensorRole = 'image' | 'latent' | 'alpha' | 'feature';

/** One graph input or output. */
export interface ManifestTensor {
  /** What it carries. */
  readonly role: TensorRole;
  /** The name in the ONNX graph. */
  readonly name: string;
  /** Shape: integers for fixed sizes, `'batch'` for the dynamic batch axis (axis 0 only). */
  readonly shape: readonly TensorDim[];
}

/** An ONNX file of the model (encoder or decoder). */
export interface ManifestOnnxFile {
  /** Path relative to the model folder (POSIX separators, no `..`, no absolute paths or URLs). */
  readonly path: string;
  /** Extra files the ONNX file references (ONNX external data), relative paths; `[]` when none. */
  readonly externalData: readonly string[];
  /** Element type of the graph's float inputs/outputs. */
  readonly dtype: OnnxFloatType;
  /** Graph inputs. */
  readonly inputs: readonly ManifestTensor[];
  /** Graph outputs. */
  readonly outputs: readonly ManifestTensor[];
}

/** The dictionary file: `Q`, float32 little-endian, row-major `[styleDim, motionDim]` (orthonormal columns). */
export interface ManifestDictionaryFile {
  /** Path relative to the model folder. */
  readonly path: string;
  /** Always `'float32'` in format version 1. */
  readonly dtype: 'float32';
  /** `[styleDim, motionDim]`. */
  readonly shape: readonly [number, number];
  /** Always `'row-major'` in format version 1. */
  readonly order: 'row-major';
}

/** The files of a model folder. */
export interface ManifestFiles {
  /** Image → latent `z`, coefficients `α`, feature maps. */
  readonly encoder: ManifestOnnxFile;
  /** Navigated latent `z_src + Q·α` + feature maps → image. */
  readonly decoder: ManifestOnnxFile;
  /** The dictionary `Q`. */
  readonly dictionary: ManifestDictionaryFile;
}

/** Under which license the weights come. */
export interface ManifestLicense {
  /** SPDX identifier, e.g. `"MIT"`, `"CC-BY-NC-4.0"`. */
  readonly spdx: string;
  /** Human-readable notice (origin, restrictions). */
  readonly notice: string;
  /** Where the license text is. */
  readonly url?: string;
}

/** How image pixels are fed to and read from the graphs. */
export interface ManifestNormalization {
  /** Pixel value range `[low, high]` (`low < high`); LIA-family models use `[-1, 1]`. */
  readonly range: readonly [number, number];
  /** Tensor layout; format version 1 knows only `'NCHW'`. */
  readonly layout: 'NCHW';
  /** Channel order; format version 1 knows only `'RGB'`. */
  readonly colorOrder: 'RGB';
}

/** Linear calibration: `α = scale · value + offset` (value in the channel's unit, α in coefficient units). */
export interface LinearCalibration {
  /** Discriminator. */
  readonly type: 'linear';
  /** α units per channel unit (e.g. per degree). */
  readonly scale: number;
  /** α at value 0; default 0. Must make `scale · neutral + offset == 0`. */
  readonly offset: number;
}

/**
 * Piecewise-linear calibration: `points` are `[value, α]` pairs with strictly increasing values; α is interpolated
 * linearly between them and held at the end points' α outside them.
 */
export interface PiecewiseCalibration {
  /** Discriminator. */
  readonly type: 'piecewise';
  /** At least two `[value, α]` points, `value` (channel unit) strictly increasing. */
  readonly points: readonly (readonly [number, number])[];
}

/** Maps a channel value (channel unit) to a dictionary coefficient (α units). */
export type ManifestCalibration = LinearCalibration | PiecewiseCalibration;

/** One dictionary direction a channel drives: `α[index] += calibration(value)`. */
export interface ManifestChannelTerm {
  /** Dictionary direction, `0 ≤ index < motionDim`; unique within a channel. */
  readonly index: number;
  /** Channel value → coefficient. */
  readonly calibration: ManifestCalibration;
}

/** A named channel of a model: unit, range, group and the directions it drives. */
export interface ManifestChannel {
  /** Unit of the values: `degrees` only where the model was calibrated in degrees. */
  readonly unit: ChannelUnit;
  /** `pose` or `expression` (preset channels must keep their preset's group). */
  readonly group: ChannelGroup;
  /** Value that adds nothing (every term maps it to 0); default 0. */
  readonly neutral: number;
  /** Trained/allowed `[min, max]` in the channel's unit (`min < max`, neutral inside); values are clamped to it. */
  readonly range: readonly [number, number];
  /** `false` (the default) when the direction's meaning, sign or unit has not been checked against the weights. */
  readonly verified: boolean;
  /** One-line meaning, including the sign convention. */
  readonly description?: string;
  /** The directions it drives (at least one). */
  readonly terms: readonly ManifestChannelTerm[];
}

/** Group of the free (unnamed) directions: a default plus per-index overrides. */
export interface ManifestDirectionGroups {
  /** Group of a direction no override and no channel decides; default `expression`. */
  readonly default: ChannelGroup;
  /** Group by direction index (decimal string keys `"0"`…`"motionDim-1"`); default `{}`. */
  readonly overrides: Readonly<Record<string, ChannelGroup>>;
}

/**
 * A validated `manifest.json` (format version 1). Produced by {@link parseModelManifest}; deeply frozen.
 *
 * @example
 * ```ts
 * const manifest = parseModelManifest(await (await fetch('/models/rig-tiny/manifest.json')).text(),
 *   'models/rig-tiny/manifest.json');
 * console.log(manifest.motionDim, Object.keys(manifest.channels));
 * ```
 */
export interface ModelManifest {
  /** Always `'portrait-rig-model'`. */
  readonly format: 'portrait-rig-model';
  /** Always `1` for this SDK version. */
  readonly formatVersion: 1;
  /** Short id, `[a-z0-9-]`, starting with a letter or digit. */
  readonly id: string;
  /** Display name. */
  readonly name: string;
  /** Model family. */
  readonly family: ModelFamily;
  /** License of the weights. */
  readonly license: ManifestLicense;
  /** Square input/output side in pixels. */
  readonly resolution: number;
  /** Pixel normalization. */
  readonly normalization: ManifestNormalization;
  /** Length of the latent `z`. */
  readonly styleDim: number;
  /** Number of dictionary directions (length of `α`). */
  readonly motionDim: number;
  /** The model's files. */
  readonly files: ManifestFiles;
  /** Named channels → dictionary directions, in file order. */
  readonly channels: Readonly<Record<string, ManifestChannel>>;
  /** Groups of the free directions. */
  readonly directionGroups: ManifestDirectionGroups;
  /** Free-form, informational (source, checkpoint, exporter version). */
  readonly provenance?: Readonly<Record<string, unknown>>;
}
