import { PortraitRigError } from '../errors/PortraitRigError.js';
import { isDevice, type Device, type ExecutionDevice } from './Device.js';

/** What a backend can offer on this platform, for {@link resolveDevice}. */
export interface DeviceSupport {
  /** Backend name used in messages, e.g. `onnxruntime-node`. */
  readonly backend: string;
  /** Devices usable here, in `auto` preference order (fastest first). */
  readonly available: readonly ExecutionDevice[];
  /** Devices the backend knows but that are not usable here, with the reason and the fix. */
  readonly unavailable?: Readonly<Partial<Record<ExecutionDevice, string>>>;
  /** Devices `auto` must not pick even when available (e.g. experimental ones); default none. */
  readonly excludeFromAuto?: readonly ExecutionDevice[];
}

/**
 * Turns a requested {@link Device} into the ordered list of devices to try. `auto` yields every available device
 * in preference order (the caller falls back along it); a concrete device yields just itself. A device that cannot
 * be met throws `UNSUPPORTED_DEVICE` with a message listing what is supported (transformers.js style).
 *
 * @param requested - the user's choice (`auto` when omitted).
 * @param support - what the backend offers on this platform.
 * @returns devices to try, in order; never empty.
 * @throws PortraitRigError `UNSUPPORTED_DEVICE`
 *
 * @example
 * ```ts
 * resolveDevice('auto', { backend: 'onnxruntime-web', available: ['webgpu', 'wasm'] }); // ['webgpu', 'wasm']
 * resolveDevice('cuda', { backend: 'onnxruntime-web', available: ['wasm'] }); // throws: … Supported: "wasm" …
 * ```
 */
export function resolveDevice(requested: Device | undefined, support: DeviceSupport): ExecutionDevice[] {
  const device = requested ?? 'auto';
  const supported = support.available;
  const list = `Supported devices for ${support.backend} here: ${['auto', ...supported].map((d) => `"${d}"`).join(', ')}.`;
  if (typeof device !== 'string' || !isDevice(device)) {
    throw new PortraitRigError('UNSUPPORTED_DEVICE',
      `unknown device "${String(device)}". ${list}`);
  }
  if (device === 'auto') {
    const excluded = support.excludeFromAuto ?? [];
    const candidates = supported.filter((d) => !excluded.includes(d));
    const chosen = candidates.length > 0 ? candidates : [...supported];
    if (chosen.length === 0) {
      throw new PortraitRigError('UNSUPPORTED_DEVICE', `no device is usable with ${support.backend} on this platform. ${list}`);
    }
    return chosen;
  }
  if (supported.includes(device)) return [device];
  const why = support.unavailable?.[device];
  throw new PortraitRigError('UNSUPPORTED_DEVICE',
    `device "${device}" is not supported by ${support.backend} on this platform${why ? ` (${why})` : ''}. ${list} ` +
    'Pass one of them as `device`, or "auto" to pick the fastest.');
}
