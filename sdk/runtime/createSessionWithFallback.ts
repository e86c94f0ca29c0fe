import { PortraitRigError } from '../errors/PortraitRigError.js';
import { abortError } from './abort.js';
import type { ExecutionDevice } from './Device.js';
import type { CreateSessionOptions } from './InferenceBackend.js';

/**
 * Tries `create` on each device in order; on failure moves on (emitting `onFallback`) when more remain,
 * else throws `BACKEND_FAILURE` listing every attempt. Shared by the backends.
 * @internal
 */
export async function createSessionWithFallback<T>(
  backend: string,
  devices: readonly ExecutionDevice[],
  options: CreateSessionOptions,
  create: (device: ExecutionDevice) => Promise<T>,
): Promise<T> {
  const failures: string[] = [];
  const label = options.label ?? 'model';
  for (let i = 0; i < devices.length; i += 1) {
    const device = devices[i]!;
    if (options.signal?.aborted) throw abortError(options.signal, `creating the ${label} session`);
    try {
      return await create(device);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      failures.push(`${device}: ${reason}`);
      const next = devices[i + 1];
      if (next !== undefined) {
        options.onFallback?.({ type: 'device-fallback', from: device, to: next, reason, file: label });
        continue;
      }
      const hint = devices.length > 1
        ? 'Every device `auto` tried failed.'
        : `Try device "auto" or "cpu"${backend === 'onnxruntime-web' ? '/"wasm"' : ''}; check that the file is a valid ONNX model.`;
      throw new PortraitRigError('BACKEND_FAILURE',
        `${backend} could not create a session for ${label} (${failures.join('; ')}). ${hint}`, { cause: error });
    }
  }
  throw new PortraitRigError('UNSUPPORTED_DEVICE', `${backend}: no device to create ${label} on.`);
}
