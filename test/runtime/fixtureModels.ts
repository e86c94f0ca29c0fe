/**
 * Helpers for tests that use the random-weight fixture models in test/fixtures/models (written by
 * models/tools/portrait_rig_tools/fixtures.py): their folders, their PyTorch reference tensors (parity.json +
 * parity.bin) and a relative L2 error.
 */
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The fixture model folders (LIA family and LIA-X family). */
export const FIXTURE_MODELS = ['lia-tiny', 'liax-tiny'] as const;
/** A fixture model's name. */
export type FixtureModel = (typeof FIXTURE_MODELS)[number];

/** Absolute folder of a fixture model. */
export function fixtureDir(name: FixtureModel): string {
  return path.join(repoRoot, 'test', 'fixtures', 'models', name);
}

/** The reference tensors PyTorch produced for a fixture model, by name (image, z, alpha, feat*, alpha_edit, z_nav, decoded, recon). */
export function readParity(name: FixtureModel): { tensors: Record<string, Float32Array>; tolerance: number } {
  const dir = fixtureDir(name);
  const meta = JSON.parse(readFileSync(path.join(dir, 'parity.json'), 'utf8')) as {
    binary: string; tolerance: { relativeL2: number }; tensors: Record<string, { offset: number; length: number }>;
  };
  const bin = readFileSync(path.join(dir, meta.binary));
  const tensors: Record<string, Float32Array> = {};
  for (const [key, entry] of Object.entries(meta.tensors)) {
    const view = new DataView(bin.buffer, bin.byteOffset + entry.offset, entry.length * 4);
    const data = new Float32Array(entry.length);
    for (let i = 0; i < entry.length; i += 1) data[i] = view.getFloat32(i * 4, true);
    tensors[key] = data;
  }
  return { tensors, tolerance: meta.tolerance.relativeL2 };
}

/** ‖a − b‖ / ‖b‖. */
export function relativeL2(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i += 1) {
    num += (a[i]! - b[i]!) ** 2;
    den += b[i]! ** 2;
  }
  return Math.sqrt(num / den);
}

/** Copies a fixture model into a fresh temp folder (for tests that break it); returns the copy's path. */
export function copyFixture(name: FixtureModel): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'portrait-rig-fixture-')), name);
  cpSync(fixtureDir(name), dir, { recursive: true });
  return dir;
}
