import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultWasmThreads } from './defaultWasmThreads.js';

function environment(isolated: boolean, cores: number | undefined): void {
  vi.stubGlobal('crossOriginIsolated', isolated);
  vi.stubGlobal('navigator', cores === undefined ? {} : { hardwareConcurrency: cores });
}

describe('defaultWasmThreads', () => {
  afterEach(() => { vi.unstubAllGlobals(); });

  it('leaves one core to the page on an isolated page, and uses at most 4', () => {
    const threads = [1, 2, 3, 4, 8, 32].map((cores) => { environment(true, cores); return defaultWasmThreads(); });
    expect(threads).toEqual([1, 1, 2, 3, 4, 4]);
  });

  it('is 1 without cross-origin isolation (no shared memory) or without a core count', () => {
    environment(false, 16);
    expect(defaultWasmThreads()).toBe(1);
    environment(true, undefined);
    expect(defaultWasmThreads()).toBe(1);
  });
});
