import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import type { InferenceSession } from 'onnxruntime-common';
import { PortraitRigError } from '../errors/PortraitRigError.js';
import type { ExecutionDevice } from '../runtime/Device.js';
import { createSessionWithFallback } from '../runtime/createSessionWithFallback.js';
import type {
  CreateSessionOptions, InferenceBackend, InferenceSessionHandle, SessionModel,
} from '../runtime/InferenceBackend.js';
import { OrtSessionHandle } from '../runtime/ort/OrtSessionHandle.js';
import { resolveDevice, type DeviceSupport } from '../runtime/resolveDevice.js';

type OrtNode = typeof import('onnxruntime-node');

/** Options for {@link OrtNodeBackend}. */
export interface OrtNodeBackendOptions {
  /** Threads per operator (onnxruntime `intraOpNumThreads`); default: onnxruntime's choice (all cores). */
  readonly threads?: number;
  /** onnxruntime log level: 0 verbose … 4 fatal; default 3 (errors only). */
  readonly logLevel?: 0 | 1 | 2 | 3 | 4;
  /** Lets `auto` pick `webgpu` (experimental in Node); default false. */
  readonly autoWebGpu?: boolean;
}

const NODE_EP: Record<string, ExecutionDevice> = { cpu: 'cpu', cuda: 'cuda', dml: 'dml', coreml: 'coreml', webgpu: 'webgpu' };
const AUTO_ORDER: readonly ExecutionDevice[] = ['cuda', 'dml', 'coreml', 'webgpu', 'cpu'];

let ortPromise: Promise<OrtNode> | undefined;

/** Loads onnxruntime-node on first use (dynamic import keeps it out of the core). */
async function loadOrt(): Promise<OrtNode> {
  ortPromise ??= import('onnxruntime-node').catch((error: unknown) => {
    ortPromise = undefined;
    throw new PortraitRigError('BACKEND_FAILURE',
      'onnxruntime-node could not be loaded. Install it with `npm install onnxruntime-node` ' +
      '(with `onnxruntime-node-install=skip` in .npmrc where its CUDA download is not wanted).', { cause: error });
  });
  return ortPromise;
}

function providerLibraryPresent(name: string): boolean {
  try {
    const require = createRequire(import.meta.url);
    const main = require.resolve('onnxruntime-node');
    const binDir = join(dirname(main), '..', 'bin', 'napi-v6', process.platform, process.arch);
    const file = process.platform === 'win32' ? `onnxruntime_providers_${name}.dll` : `libonnxruntime_providers_${name}.so`;
    return existsSync(join(binDir, file));
  } catch {
    return false;
  }
}

/**
 * Inference through onnxruntime-node: `cpu` everywhere, `cuda` with the CUDA build, `dml` on Windows, `coreml` on
 * macOS, `webgpu` where the binary bundles it. onnxruntime-node is imported lazily on first use.
 *
 * @example
 * ```ts
 * import { OrtNodeBackend, loadModelFromFolder } from 'portrait-rig/node';
 * const backend = new OrtNodeBackend({ threads: 2 });
 * const model = await loadModelFromFolder('models/rig-tiny', { backend, device: 'auto' });
 * ```
 */
export class OrtNodeBackend implements InferenceBackend {
  /** `onnxruntime-node`. */
  readonly name = 'onnxruntime-node';
  readonly #options: OrtNodeBackendOptions;
  readonly #sessions = new Set<InferenceSessionHandle>();
  #support: DeviceSupport | undefined;

  /** @param options - threads, log level, whether `auto` may pick WebGPU. */
  constructor(options: OrtNodeBackendOptions = {}) {
    this.#options = options;
  }

  /** Devices onnxruntime-node offers on this machine, in `auto` preference order. */
  async deviceSupport(): Promise<DeviceSupport> {
    if (this.#support) return this.#support;
    const ort = await loadOrt();
    const available: ExecutionDevice[] = [];
    const unavailable: Partial<Record<ExecutionDevice, string>> = {
      wasm: 'WebAssembly is the onnxruntime-web backend; in Node use "cpu"',
    };
    const listed = new Map<ExecutionDevice, boolean>();
    for (const entry of ort.listSupportedBackends()) {
      const device = NODE_EP[entry.name];
      if (device) listed.set(device, entry.bundled || providerLibraryPresent(entry.name));
    }
    if (!listed.has('cpu')) listed.set('cpu', true);
    for (const device of AUTO_ORDER) {
      const ok = listed.get(device);
      if (ok) available.push(device);
      else if (ok === false) {
        unavailable[device] = device === 'cuda'
          ? 'the CUDA execution provider is not installed: reinstall onnxruntime-node with ONNXRUNTIME_NODE_INSTALL=cuda12 on a machine with CUDA 12'
          : `this onnxruntime-node build lists "${device}" but its provider library is missing`;
      } else {
        unavailable[device] = device === 'dml' ? 'DirectML exists only on Windows'
          : device === 'coreml' ? 'CoreML exists only on macOS'
          : device === 'cuda' ? 'no CUDA build of onnxruntime-node for this platform'
          : `onnxruntime-node for ${process.platform}-${process.arch} does not include it`;
      }
    }
    this.#support = {
      backend: this.name, available, unavailable,
      excludeFromAuto: this.#options.autoWebGpu ? [] : ['webgpu'],
    };
    return this.#support;
  }

  /**
   * Creates a session from bytes or a file path. With `device: 'auto'` it tries the available devices fastest first
   * and reports each fallback through `options.onFallback`.
   */
  async createSession(model: SessionModel, options: CreateSessionOptions = {}): Promise<InferenceSessionHandle> {
    const ort = await loadOrt();
    const devices = resolveDevice(options.device, await this.deviceSupport());
    const label = options.label ?? ('path' in model ? model.path : 'model');
    let tempDir: string | undefined;
    let source: string | Uint8Array;
    if ('path' in model) {
      source = model.path;
    } else if (model.externalData && model.externalData.length > 0) {
      // onnxruntime-node reads external data from files beside the graph: stage them in a private temp folder
      tempDir = await mkdtemp(join(tmpdir(), 'portrait-rig-model-'));
      const graph = join(tempDir, 'model.onnx');
      await writeFile(graph, model.bytes);
      for (const file of model.externalData) {
        const target = resolve(tempDir, file.path);
        if (!target.startsWith(tempDir + sep)) {
          await rm(tempDir, { recursive: true, force: true });
          throw new PortraitRigError('MANIFEST_MISMATCH', `external data path "${file.path}" leaves the model folder.`);
        }
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, file.data);
      }
      source = graph;
    } else {
      source = model.bytes;
    }
    try {
      const session = await createSessionWithFallback(this.name, devices, { ...options, label }, async (device) => {
        const sessionOptions: InferenceSession.SessionOptions = {
          executionProviders: [device],
          logSeverityLevel: this.#options.logLevel ?? 3,
          graphOptimizationLevel: 'all',
          ...(this.#options.threads ? { intraOpNumThreads: this.#options.threads, interOpNumThreads: 1 } : {}),
        };
        const s = typeof source === 'string'
          ? await ort.InferenceSession.create(source, sessionOptions)
          : await ort.InferenceSession.create(source, sessionOptions);
        return { s, device };
      });
      const handle: InferenceSessionHandle = new OrtSessionHandle({
        session: session.s, Tensor: ort.Tensor, device: session.device, label, backend: this.name,
        onDispose: () => this.#sessions.delete(handle),
      });
      this.#sessions.add(handle);
      return handle;
    } finally {
      if (tempDir) await rm(tempDir, { recursive: true, force: true });
    }
  }

  /** Disposes every session this backend created that is still open. */
  async dispose(): Promise<void> {
    const open = [...this.#sessions];
    this.#sessions.clear();
    await Promise.all(open.map((s) => s.dispose()));
  }
}
