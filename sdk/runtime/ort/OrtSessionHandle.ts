import type { InferenceSession, Tensor } from 'onnxruntime-common';
import { PortraitRigError } from '../../errors/PortraitRigError.js';
import { abortError } from '../abort.js';
import type { ExecutionDevice } from '../Device.js';
import type {
  BackendTensor, InferenceSessionHandle, RunOptions, TensorFeed, TensorInfo,
} from '../InferenceBackend.js';

/** The part of an onnxruntime module (node or web) the session wrapper needs. @internal */
export interface OrtTensorConstructor {
  new (type: 'float32' | 'float16', data: Float32Array | Uint16Array, dims: readonly number[]): Tensor;
}

/** Serializes async work (onnxruntime-web runs one inference at a time). @internal */
export type RunQueue = <T>(task: () => Promise<T>) => Promise<T>;

function toInfo(meta: InferenceSession.ValueMetadata | undefined, name: string): TensorInfo {
  if (meta && meta.isTensor) return { name, type: meta.type, shape: [...meta.shape] };
  return { name };
}

function isBackendTensor(feed: TensorFeed): feed is BackendTensor {
  return 'location' in feed;
}

/**
 * Wraps an onnxruntime `InferenceSession` (node or web: both implement onnxruntime-common) as an
 * {@link InferenceSessionHandle}. @internal
 */
export class OrtSessionHandle implements InferenceSessionHandle {
  readonly device: ExecutionDevice;
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  readonly #session: InferenceSession;
  readonly #Tensor: OrtTensorConstructor;
  readonly #label: string;
  readonly #backend: string;
  readonly #queue: RunQueue | undefined;
  readonly #onDispose: (() => void) | undefined;
  #disposed = false;

  constructor(args: {
    session: InferenceSession; Tensor: OrtTensorConstructor; device: ExecutionDevice; label: string; backend: string;
    queue?: RunQueue; onDispose?: () => void;
  }) {
    this.#session = args.session;
    this.#Tensor = args.Tensor;
    this.device = args.device;
    this.#label = args.label;
    this.#backend = args.backend;
    this.#queue = args.queue;
    this.#onDispose = args.onDispose;
    const session = args.session;
    let inMeta: readonly InferenceSession.ValueMetadata[] = [];
    let outMeta: readonly InferenceSession.ValueMetadata[] = [];
    try {
      inMeta = session.inputMetadata ?? [];
      outMeta = session.outputMetadata ?? [];
    } catch {
      // metadata is optional (older runtimes); names are enough
    }
    this.inputs = Object.freeze(session.inputNames.map((n, i) => toInfo(inMeta.find((m) => m.name === n) ?? inMeta[i], n)));
    this.outputs = Object.freeze(session.outputNames.map((n, i) => toInfo(outMeta.find((m) => m.name === n) ?? outMeta[i], n)));
  }

  async run(feeds: Readonly<Record<string, TensorFeed>>, options?: RunOptions): Promise<Record<string, BackendTensor>> {
    if (this.#disposed) {
      throw new PortraitRigError('DISPOSED', `the ${this.#label} session was disposed; load the model again.`);
    }
    const signal = options?.signal;
    const task = async (): Promise<Record<string, BackendTensor>> => {
      if (signal?.aborted) throw abortError(signal, `running ${this.#label}`);
      if (this.#disposed) throw new PortraitRigError('DISPOSED', `the ${this.#label} session was disposed; load the model again.`);
      const ortFeeds: Record<string, Tensor> = {};
      const created: Tensor[] = [];
      for (const [name, feed] of Object.entries(feeds)) {
        if (isBackendTensor(feed)) {
          ortFeeds[name] = feed as unknown as Tensor;
        } else {
          const t = new this.#Tensor(feed.type, feed.data, feed.dims);
          created.push(t);
          ortFeeds[name] = t;
        }
      }
      let result: InferenceSession.ReturnType;
      try {
        result = await (options?.outputs ? this.#session.run(ortFeeds, [...options.outputs]) : this.#session.run(ortFeeds));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const given = Object.entries(feeds).map(([n, f]) => `${n}[${f.dims.join(',')}]`).join(', ');
        throw new PortraitRigError('BACKEND_FAILURE',
          `${this.#backend} failed to run ${this.#label} on ${this.device} with inputs ${given}: ${reason}`, { cause: error });
      } finally {
        // wrappers of caller-owned CPU arrays: nothing to free on CPU, but GPU-side uploads are released here
        for (const t of created) if (t.location !== 'cpu') t.dispose();
      }
      const out = result as unknown as Record<string, BackendTensor>;
      if (signal?.aborted) {
        for (const t of Object.values(out)) t.dispose();
        throw abortError(signal, `running ${this.#label}`);
      }
      return out;
    };
    return this.#queue ? this.#queue(task) : task();
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#onDispose?.();
    const release = (): Promise<void> => this.#session.release();
    await (this.#queue ? this.#queue(release) : release());
  }
}
