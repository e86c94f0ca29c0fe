import { PortraitRigError } from '../../../sdk/errors/PortraitRigError.js';
import type { ModelLoadProgress } from '../../../sdk/runtime/ModelLoadProgress.js';
import type { MessageEndpoint } from './MessageEndpoint.js';
import type { WorkerRequest, WorkerResponse } from './protocol.js';

type Request = WorkerRequest extends infer R ? R extends { id: number } ? Omit<R, 'id'> : never : never;

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  onProgress?: ((event: ModelLoadProgress) => void) | undefined;
  /** Receives a pixel buffer that comes back after the caller gave up (abort) or with an error. */
  recycle?: ((buffer: ArrayBuffer) => void) | undefined;
}

/**
 * Request/response plumbing over a {@link MessageEndpoint}: numbered requests, progress events, errors turned back into
 * `PortraitRigError`s with their codes, and every pending request rejected when the worker fails or is closed.
 *
 * @internal
 */
export class WorkerChannel {
  readonly endpoint: MessageEndpoint;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #closed: PortraitRigError | undefined;

  readonly #onMessage = (event: Event): void => {
    const message = (event as MessageEvent<WorkerResponse>).data;
    if (typeof message !== 'object' || message === null) return;
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    if (message.op === 'progress') {
      pending.onProgress?.(message.event);
      return;
    }
    this.#pending.delete(message.id);
    if (message.ok) pending.resolve(message.value);
    else {
      if (message.pixels) pending.recycle?.(message.pixels);
      pending.reject(new PortraitRigError(message.error.code, message.error.message));
    }
  };

  readonly #onError = (event: Event): void => {
    const detail = (event as ErrorEvent).message || 'the worker failed to start or crashed';
    this.close(new PortraitRigError('BACKEND_FAILURE',
      `the PortraitRig worker failed (${detail}); check that the worker script calls serveAnimatorWorker() and loads.`));
  };

  constructor(endpoint: MessageEndpoint) {
    this.endpoint = endpoint;
    endpoint.addEventListener('message', this.#onMessage);
    endpoint.addEventListener('error', this.#onError);
    endpoint.addEventListener('messageerror', this.#onError);
    endpoint.start?.();
  }

  get closed(): boolean {
    return this.#closed !== undefined;
  }

  /** Sends `request` and resolves with the worker's value. */
  request<T>(request: Request, transfer: Transferable[] = [], extra: Omit<Pending, 'resolve' | 'reject'> = {}): Promise<T> {
    if (this.#closed) return Promise.reject(this.#closed);
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject, ...extra });
      try {
        this.endpoint.postMessage({ ...request, id }, transfer);
      } catch (error) {
        this.#pending.delete(id);
        reject(new PortraitRigError('INVALID_ARGUMENT', `could not send the request to the worker (${error instanceof Error ? error.message : String(error)}).`, { cause: error }));
      }
    });
  }

  /** Stops listening; pending requests reject with `reason`. */
  close(reason = new PortraitRigError('DISPOSED', 'the PortraitWorker was disposed; create a new one.')): void {
    if (this.#closed) return;
    this.#closed = reason;
    this.endpoint.removeEventListener('message', this.#onMessage);
    this.endpoint.removeEventListener('error', this.#onError);
    this.endpoint.removeEventListener('messageerror', this.#onError);
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.reject(reason);
  }
}
