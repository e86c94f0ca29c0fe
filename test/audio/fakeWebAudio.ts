/**
 * A minimal in-memory stand-in for the Web Audio graph, enough for WebAudioDriver's tests in Node: nodes record their
 * connections, the analyser returns the newest samples of a signal the test "plays" by advancing the context's
 * clock, and the context records whether it was closed. The objects are cast to the DOM types at the call sites.
 */

/** A node that remembers where it is connected. */
export class FakeNode {
  readonly connections = new Set<FakeNode>();
  constructor(readonly context: FakeAudioContext, readonly label: string) {}
  connect(destination: FakeNode): FakeNode {
    this.connections.add(destination);
    return destination;
  }
  disconnect(destination?: FakeNode): void {
    if (destination === undefined) {
      this.connections.clear();
      return;
    }
    if (!this.connections.delete(destination)) throw new Error(`InvalidAccessError: ${this.label} is not connected to ${destination.label}`);
  }
}

/** An analyser returning the `fftSize` samples before the context's playhead. */
export class FakeAnalyser extends FakeNode {
  fftSize = 2048;
  smoothingTimeConstant = 0.8;
  getFloatTimeDomainData(out: Float32Array): void {
    const end = this.context.playhead;
    for (let i = 0; i < out.length; i++) {
      const index = end - out.length + i;
      out[i] = index >= 0 && index < this.context.signal.length ? this.context.signal[index]! : 0;
    }
  }
}

/** The context: a sample rate, a signal being "played", a playhead in samples, and its state. */
export class FakeAudioContext {
  static created: FakeAudioContext[] = [];
  readonly destination: FakeNode;
  state: 'running' | 'suspended' | 'closed' = 'running';
  signal: Float32Array = new Float32Array(0);
  playhead = 0;
  readonly analysers: FakeAnalyser[] = [];
  readonly elementSources: FakeNode[] = [];
  readonly streamSources: FakeNode[] = [];
  constructor(readonly sampleRate = 48_000) {
    this.destination = new FakeNode(this, 'destination');
    FakeAudioContext.created.push(this);
  }
  /** Moves the playhead by `seconds`. */
  advance(seconds: number): void {
    this.playhead += Math.round(seconds * this.sampleRate);
  }
  createAnalyser(): FakeAnalyser {
    const analyser = new FakeAnalyser(this, `analyser${this.analysers.length}`);
    this.analysers.push(analyser);
    return analyser;
  }
  createMediaElementSource(_element: unknown): FakeNode {
    const node = new FakeNode(this, 'element-source');
    this.elementSources.push(node);
    return node;
  }
  createMediaStreamSource(_stream: unknown): FakeNode {
    const node = new FakeNode(this, 'stream-source');
    this.streamSources.push(node);
    return node;
  }
  createGain(): FakeNode {
    return new FakeNode(this, 'gain');
  }
  async resume(): Promise<void> {
    this.state = 'running';
  }
  async close(): Promise<void> {
    this.state = 'closed';
  }
}

/** A fake `<audio>` element (the driver recognises elements by `canPlayType`). */
export function fakeMediaElement(): { canPlayType: () => string } {
  return { canPlayType: () => 'maybe' };
}

/** A fake MediaStream with one audio track whose `stop` is recorded. */
export function fakeMediaStream(): { getAudioTracks: () => { stopped: boolean; stop(): void }[]; getTracks: () => { stopped: boolean; stop(): void }[] } {
  const track = { stopped: false, stop(): void { this.stopped = true; } };
  return { getAudioTracks: () => [track], getTracks: () => [track] };
}
