/**
 * The rig's named channels: the vocabulary clips, drivers and the SDK speak. A model's manifest maps each channel it
 * supports onto its dictionary directions; raw directions stay addressable as `dict.<index>`.
 */

/** Channel group: layer masks and pose-only/expression-only transfer select channels by group. */
export const ChannelGroup = {
  /** Head pose: `head.yaw`, `head.pitch`, `head.roll`, `head.shift` (and pose directions). */
  Pose: 'pose',
  /** Face: mouth, eyes, brows, gaze (and every other channel unless a manifest says otherwise). */
  Expression: 'expression',
} as const;
/** `'pose' | 'expression'`. */
export type ChannelGroup = (typeof ChannelGroup)[keyof typeof ChannelGroup];

/** Unit of a channel's values. */
export const ChannelUnit = {
  /** Angles in degrees. */
  Degrees: 'degrees',
  /** Unitless amount, 0..1 or -1..1 (see the channel's range). */
  Amount: 'amount',
  /** Raw dictionary coefficient (α units). */
  Coefficient: 'coefficient',
} as const;
/** `'degrees' | 'amount' | 'coefficient'`. */
export type ChannelUnit = (typeof ChannelUnit)[keyof typeof ChannelUnit];

/** Preset channel names, as an `as const` object (three-vrm style): `RigChannel.HeadYaw === 'head.yaw'`. */
export const RigChannel = {
  /** Head turn in degrees; + turns toward the avatar's left (the viewer's right). */
  HeadYaw: 'head.yaw',
  /** Head nod in degrees; + lifts the chin. */
  HeadPitch: 'head.pitch',
  /** Head tilt in degrees; + tilts toward the avatar's left shoulder. */
  HeadRoll: 'head.roll',
  /** Neck shift, amount −1..1. */
  HeadShift: 'head.shift',
  /** Jaw opening, amount 0..1. */
  MouthOpen: 'mouth.open',
  /** Rounded "O" mouth, amount 0..1. */
  MouthRound: 'mouth.round',
  /** Pout, amount 0..1. */
  MouthPout: 'mouth.pout',
  /** Smile, amount 0..1. */
  MouthSmile: 'mouth.smile',
  /** Both eyelids, amount 0..1 (1 = closed). */
  EyesBlink: 'eyes.blink',
  /** Left eyelid (the avatar's left), amount 0..1, where the model has it. */
  EyesBlinkLeft: 'eyes.blinkLeft',
  /** Right eyelid (the avatar's right), amount 0..1, where the model has it. */
  EyesBlinkRight: 'eyes.blinkRight',
  /** Brows, amount −1..1 (+ raise, − frown). */
  BrowsRaise: 'brows.raise',
  /** Horizontal gaze, amount −1..1 (+ toward the avatar's left). */
  GazeX: 'gaze.x',
  /** Vertical gaze, amount −1..1 (+ up). */
  GazeY: 'gaze.y',
} as const;
/** Union of the preset channel names. */
export type RigChannelName = (typeof RigChannel)[keyof typeof RigChannel];

/** A raw dictionary direction, `dict.<index>`, in coefficient units. */
export type DictionaryChannelName = `dict.${number}`;

/** Any channel name: a preset, a raw direction, or another string a custom model's manifest defines. */
export type ChannelName = RigChannelName | DictionaryChannelName | (string & {});

/** Static description of a preset channel (what it means independent of any model). */
export interface ChannelInfo {
  /** The channel's name. */
  readonly name: RigChannelName;
  /** Pose or expression. */
  readonly group: ChannelGroup;
  /** Unit of the values. */
  readonly unit: ChannelUnit;
  /** Value that means "no change". */
  readonly neutral: number;
  /** Documented range of values in `unit`; models may accept less (see their manifest). */
  readonly range: readonly [number, number];
  /** One-line meaning, including the sign convention. */
  readonly description: string;
}

const info = (
  name: RigChannelName, group: ChannelGroup, unit: ChannelUnit, range: [number, number], description: string,
): ChannelInfo => Object.freeze({ name, group, unit, neutral: 0, range: Object.freeze(range) as readonly [number, number], description });

/** Description of every preset channel, keyed by name. */
export const RIG_CHANNELS: Readonly<Record<RigChannelName, ChannelInfo>> = Object.freeze({
  'head.yaw': info('head.yaw', 'pose', 'degrees', [-45, 45], 'Head turn; + toward the avatar\'s left (viewer\'s right).'),
  'head.pitch': info('head.pitch', 'pose', 'degrees', [-30, 30], 'Head nod; + lifts the chin.'),
  'head.roll': info('head.roll', 'pose', 'degrees', [-30, 30], 'Head tilt; + toward the avatar\'s left shoulder.'),
  'head.shift': info('head.shift', 'pose', 'amount', [-1, 1], 'Neck shift.'),
  'mouth.open': info('mouth.open', 'expression', 'amount', [0, 1], 'Jaw opening; 1 = wide open.'),
  'mouth.round': info('mouth.round', 'expression', 'amount', [0, 1], 'Rounded "O" mouth.'),
  'mouth.pout': info('mouth.pout', 'expression', 'amount', [0, 1], 'Pout.'),
  'mouth.smile': info('mouth.smile', 'expression', 'amount', [0, 1], 'Smile.'),
  'eyes.blink': info('eyes.blink', 'expression', 'amount', [0, 1], 'Both eyelids; 1 = closed.'),
  'eyes.blinkLeft': info('eyes.blinkLeft', 'expression', 'amount', [0, 1], 'Avatar\'s left eyelid; 1 = closed.'),
  'eyes.blinkRight': info('eyes.blinkRight', 'expression', 'amount', [0, 1], 'Avatar\'s right eyelid; 1 = closed.'),
  'brows.raise': info('brows.raise', 'expression', 'amount', [-1, 1], 'Brows; + raise, − frown.'),
  'gaze.x': info('gaze.x', 'expression', 'amount', [-1, 1], 'Eyeballs left/right; + toward the avatar\'s left.'),
  'gaze.y': info('gaze.y', 'expression', 'amount', [-1, 1], 'Eyeballs up/down; + up.'),
});

const DICT_PATTERN = /^dict\.(0|[1-9][0-9]*)$/;

/** True for a preset channel name. */
export function isRigChannelName(name: string): name is RigChannelName {
  return Object.prototype.hasOwnProperty.call(RIG_CHANNELS, name);
}

/**
 * Index of a raw direction channel (`dict.7` → 7), or `undefined` when `name` is not of that form.
 */
export function dictionaryIndex(name: string): number | undefined {
  const match = DICT_PATTERN.exec(name);
  return match ? Number(match[1]) : undefined;
}

/**
 * Group of a channel independent of any model: presets by their table, `dict.<i>` and unknown names as
 * `expression` (a model's manifest can say otherwise for its own directions).
 */
export function defaultChannelGroup(name: string): ChannelGroup {
  return isRigChannelName(name) ? RIG_CHANNELS[name].group : 'expression';
}

/**
 * Neutral value of a channel independent of any model: the preset's (0 for every current preset), 0 for `dict.<i>`
 * and custom names.
 *
 * @param name - the channel name.
 */
export function neutralOf(name: string): number {
  return isRigChannelName(name) ? RIG_CHANNELS[name].neutral : 0;
}
