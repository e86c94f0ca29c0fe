/**
 * The worker protocol end to end in Node: serveAnimatorWorker on one end of a MessageChannel (onnxruntime-node and
 * the fixture folder injected in place of onnxruntime-web and fetch), PortraitWorker on the other.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDir } from '../../../test/runtime/fixtureModels.js';
import { PortraitAnimator } from '../../../sdk/animator/PortraitAnimator.js';
import { PortraitRigError } from '../../../sdk/errors/PortraitRigError.js';
import { createRgbaImage } from '../../../sdk/image/createRgbaImage.js';
import { folderModelSource } from '../../../sdk/node/folderModelSource.js';
import { loadModelFromFolder } from '../../../sdk/node/loadModelFromFolder.js';
import { OrtNodeBackend } from '../../../sdk/node/OrtNodeBackend.js';
import type { ModelLoadProgress } from '../../../sdk/runtime/ModelLoadProgress.js';
import type { MessageEndpoint } from './MessageEndpoint.js';
import { PortraitWorker } from './PortraitWorker.js';
import { serveAnimatorWorker, type AnimatorWorkerService } from './serveAnimatorWorker.js';

function portraitImage(size: number) {
  const image = createRgbaImage(size, size);
  for (let i = 0; i < size * size; i += 1) image.data.set([(i * 5) % 256, (i * 11) % 256, (i >> 5) * 3, 255], i * 4);
  return image;
}

let service: AnimatorWorkerService | undefined;
let client: PortraitWorker | undefined;
let posted: unknown[] = [];

/** A PortraitWorker talking to a served worker over a MessageChannel; records every message the page posts. */
function connect(): PortraitWorker {
  const channel = new MessageChannel();
  service = serveAnimatorWorker({
    scope: channel.port2 as unknown as MessageEndpoint,
    createBackend: () => new OrtNodeBackend({ threads: 1 }),
    modelSource: (request) => folderModelSource(request.url.replace(/^fixture:/, fixtureDir('liax-tiny').replace(/liax-tiny$/, ''))),
  });
  const port = channel.port1 as unknown as MessageEndpoint;
  posted = [];
  const spy: MessageEndpoint = {
    postMessage: (message, transfer) => { posted.push(message); port.postMessage(message, transfer); },
    addEventListener: (type, listener) => port.addEventListener(type, listener),
    removeEventListener: (type, listener) => port.removeEventListener(type, listener),
    start: () => port.start?.(),
    terminate: () => { (channel.port1 as unknown as { close(): void }).close(); },
  };
  client = new PortraitWorker(spy);
  return client;
}

afterEach(async () => {
  await client?.dispose();
  await service?.close();
  client = undefined;
  service = undefined;
});

describe('PortraitWorker ⇄ serveAnimatorWorker', () => {
  let local: Uint8ClampedArray;
  const motion = { 'head.yaw': 0.3, 'mouth.open': 0.2 };

  beforeAll(async () => {
    // the same frame rendered on this thread, for comparison
    const backend = new OrtNodeBackend({ threads: 1 });
    const model = await loadModelFromFolder(fixtureDir('liax-tiny'), { backend, device: 'cpu' });
    const animator = new PortraitAnimator(model);
    await animator.setSource(portraitImage(64));
    local = (await animator.renderFrame(motion)).data.slice();
    await animator.dispose();
    await model.dispose();
    await backend.dispose();
  });

  it('loads a model in the worker, forwards progress, and renders frames equal to a local PortraitAnimator\'s', async () => {
    const worker = connect();
    const progress: ModelLoadProgress['status'][] = [];
    const model = await worker.loadModel('fixture:liax-tiny', { device: 'cpu', onProgress: (e) => progress.push(e.status) });
    expect(model.device).toBe('cpu');
    expect(model.resolution).toBe(64);
    expect(model.manifest.id).toBe('liax-tiny');
    expect(progress[0]).toBe('initiate');
    expect(progress.at(-1)).toBe('ready');
    const animator = await worker.createAnimator(model, portraitImage(64));
    const out = new Uint8ClampedArray(64 * 64 * 4);
    const frame = await animator.renderFrame(motion, { out });
    expect(frame.data).toBe(out);
    expect(Buffer.from(out).equals(Buffer.from(local))).toBe(true);
    expect(animator.inferenceMs).toBeGreaterThan(0);
  });

  it('posts only α (motionDim floats) and a pixel buffer per frame — the calibration runs on the page', async () => {
    const worker = connect();
    const model = await worker.loadModel('fixture:liax-tiny', { device: 'cpu' });
    const animator = await worker.createAnimator(model, portraitImage(64));
    posted = [];
    await animator.renderFrame(motion, { out: new Uint8ClampedArray(64 * 64 * 4) });
    expect(posted).toHaveLength(1);
    const message = posted[0] as { op: string; alpha: Float32Array; pixels: ArrayBuffer };
    expect(message.op).toBe('render');
    expect(message.alpha).toHaveLength(40);
    expect(message.alpha[37]).toBeCloseTo(0.3, 6); // head.yaw is direction 37, scale 1
    expect(message.pixels.byteLength).toBe(0); // transferred, not copied
  });

  it('applies an edit on the page side like PortraitAnimator.setEdit (edit + motion = the same α)', async () => {
    const worker = connect();
    const model = await worker.loadModel('fixture:liax-tiny', { device: 'cpu' });
    const animator = await worker.createAnimator(model, portraitImage(64));
    animator.setEdit({ 'head.yaw': 0.3 });
    const edited = await animator.renderFrame({ 'mouth.open': 0.2 });
    expect(Buffer.from(edited.data).equals(Buffer.from(local))).toBe(true);
  });

  it('resizes and centre-crops a portrait of another size inside the worker', async () => {
    const worker = connect();
    const model = await worker.loadModel('fixture:liax-tiny', { device: 'cpu' });
    const animator = await worker.createAnimator(model, portraitImage(200));
    expect((await animator.renderFrame({})).data).toHaveLength(64 * 64 * 4);
  });

  it('turns worker-side failures into PortraitRigErrors with the worker\'s code and message', async () => {
    const worker = connect();
    await expect(worker.loadModel('fixture:no-such-model', { device: 'cpu' })).rejects.toMatchObject({ code: 'MODEL_FILE_MISSING' });
    const model = await worker.loadModel('fixture:liax-tiny', { device: 'cpu' });
    await expect(worker.loadModel('fixture:liax-tiny', { device: 'cuda' })).rejects.toSatisfy(
      (e: unknown) => e instanceof PortraitRigError && e.code === 'UNSUPPORTED_DEVICE');
    const animator = await worker.createAnimator(model, portraitImage(64));
    await model.dispose(); // frees the animator in the worker too
    await expect(animator.renderFrame({})).rejects.toMatchObject({ code: 'DISPOSED' });
  });

  it('an aborted frame rejects at once with ABORTED; dispose() rejects what is pending and terminates the worker', async () => {
    const worker = connect();
    const model = await worker.loadModel('fixture:liax-tiny', { device: 'cpu' });
    const animator = await worker.createAnimator(model, portraitImage(64));
    const controller = new AbortController();
    const aborted = animator.renderFrame({}, { signal: controller.signal });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'ABORTED' });
    const pending = animator.renderFrame({});
    await worker.dispose();
    await expect(pending).rejects.toMatchObject({ code: 'DISPOSED' });
    await expect(worker.loadModel('fixture:liax-tiny')).rejects.toMatchObject({ code: 'DISPOSED' });
    expect(worker.disposed).toBe(true);
  });
});
