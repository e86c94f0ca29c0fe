import { describe, expect, it } from 'vitest';
import { PortraitRigError } from '../errors/PortraitRigError.js';
import { resolveDevice } from './resolveDevice.js';

const web = { backend: 'onnxruntime-web', available: ['webgpu', 'wasm'] as const, unavailable: { cuda: 'CUDA is a Node device' } };

describe('resolveDevice', () => {
  it('auto yields every available device in preference order (the fallback chain)', () => {
    expect(resolveDevice('auto', web)).toEqual(['webgpu', 'wasm']);
    expect(resolveDevice(undefined, web)).toEqual(['webgpu', 'wasm']);
  });

  it('auto skips devices excluded from auto, unless nothing else is left', () => {
    expect(resolveDevice('auto', { backend: 'x', available: ['webgpu', 'cpu'], excludeFromAuto: ['webgpu'] })).toEqual(['cpu']);
    expect(resolveDevice('auto', { backend: 'x', available: ['webgpu'], excludeFromAuto: ['webgpu'] })).toEqual(['webgpu']);
  });

  it('a concrete available device yields just itself', () => {
    expect(resolveDevice('wasm', web)).toEqual(['wasm']);
  });

  it('an unavailable device throws UNSUPPORTED_DEVICE listing what is supported and why not', () => {
    let error: unknown;
    try { resolveDevice('cuda', web); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(PortraitRigError);
    expect((error as PortraitRigError).code).toBe('UNSUPPORTED_DEVICE');
    expect((error as PortraitRigError).message).toBe(
      'PortraitRig: device "cuda" is not supported by onnxruntime-web on this platform (CUDA is a Node device). ' +
      'Supported devices for onnxruntime-web here: "auto", "webgpu", "wasm". Pass one of them as `device`, or "auto" to pick the fastest.');
  });

  it('an unknown device name throws UNSUPPORTED_DEVICE too', () => {
    expect(() => resolveDevice('gpu' as never, web)).toThrow(/unknown device "gpu"\. Supported devices/);
  });

  it('no usable device at all throws', () => {
    expect(() => resolveDevice('auto', { backend: 'none', available: [] })).toThrow(/no device is usable with none/);
  });
});
