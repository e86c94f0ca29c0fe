/**
 * The part of a `Worker` (page side) or of a worker's global scope (worker side) that PortraitRig's worker protocol
 * uses; a `MessagePort` fits too. `terminate` is called by {@link PortraitWorker.dispose} when present.
 */
export interface MessageEndpoint {
  /** Posts a structured-clone message, transferring the listed buffers. */
  postMessage(message: unknown, transfer: Transferable[]): void;
  /** Subscribes to `message` (`event.data`), `messageerror` and `error` events. */
  addEventListener(type: 'message' | 'messageerror' | 'error', listener: (event: Event) => void): void;
  /** Unsubscribes. */
  removeEventListener(type: 'message' | 'messageerror' | 'error', listener: (event: Event) => void): void;
  /** Starts a `MessagePort`'s queue (ports need it with `addEventListener`); absent on workers. */
  start?(): void;
  /** Stops a `Worker`. */
  terminate?(): void;
}
