/**
 * Import boundaries of the engine adapters (issue #6), on the real module graph (test/foundation/moduleGraph.ts):
 * `portrait-rig/three` needs three only (no React, no onnxruntime); `portrait-rig/three/worker` (the worker script's
 * side) needs neither three nor React; `portrait-rig/r3f` adds React and @react-three/fiber. None reaches a
 * Node-only package or builtin (test/foundation/coreImports.test.ts checks that for every export too).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceEntries, walkModuleGraph } from '../test/foundation/moduleGraph.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packagesOf = (entry: string): string[] =>
  [...new Set(walkModuleGraph(entry, { root }).externals.map((e) => e.target))].sort();

describe('engine adapter entries', () => {
  const { exports } = sourceEntries(root);

  it('package.json exports ./three, ./three/worker and ./r3f from engine-adapters/', () => {
    expect(exports.get('./three')).toBe('engine-adapters/three/index.ts');
    expect(exports.get('./three/worker')).toBe('engine-adapters/three/worker/index.ts');
    expect(exports.get('./r3f')).toBe('engine-adapters/r3f/index.ts');
  });

  it('portrait-rig/three reaches three and nothing else outside the core (no react, no onnxruntime)', () => {
    expect(packagesOf('engine-adapters/three/index.ts')).toEqual(['three', 'zod']);
  });

  it('portrait-rig/three/worker reaches onnxruntime-web (lazily) but neither three nor react', () => {
    const graph = walkModuleGraph('engine-adapters/three/worker/index.ts', { root });
    expect([...new Set(graph.externals.map((e) => e.target))].sort()).toEqual(['onnxruntime-web', 'zod']);
    const ort = graph.externals.filter((e) => e.target === 'onnxruntime-web');
    expect(ort.length).toBeGreaterThan(0);
    expect(ort.every((e) => e.kind === 'dynamic')).toBe(true);
  });

  it('portrait-rig/r3f reaches react, @react-three/fiber, three and (lazily) onnxruntime-web — no Node-only package', () => {
    expect(packagesOf('engine-adapters/r3f/index.ts')).toEqual(['@react-three/fiber', 'onnxruntime-web', 'react', 'three', 'zod']);
  });
});
