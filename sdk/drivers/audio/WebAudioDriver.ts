import { PortraitRigError } from '../../errors/PortraitRigError.js';
import type { MotionSource } from '../../motion/MotionSource.js';
import type { ChannelName } from '../../rig/channels.js';
import { AudioErrorCode } from './AudioErrorCode.js';
import { AudioFeatureExtractor } from './AudioFeatureExtractor.js';
import { AudioFeatures } from './AudioFeatures.js';
import { LipSyncMapper } from './LipSyncMapper.js';
import type { LipSyncOptions } from './LipSyncOptions.js';
import { Resampler } from './Resampler.js';
import { VISEMES, type Viseme } from './Viseme.js';

/** What a {@link WebAudioDriver} listens to: an `<audio>`/`<video>` element, a `MediaStream` (microphone, WebRTC) or any Web Audio node. */
export type WebAudioInput = HTMLMediaElement | MediaStream | AudioNode;

/** Options of a {@link WebAudioDriver}: the lip-sync mapping plus how to connect. */
export interface WebAudioDriverOptions extends LipSyncOptions {
  /**
   * The audio context to use. Default: the input node's own context, else a new `AudioContext` that the driver
   * closes in {@link WebAudioDriver.dispose}. A context you pass is never closed by the driver.
   */
  context?: BaseAudioContext;
  /**
   * Whether to route the input to the speakers (`context.destination`). Default `true` for a media element (capturing
   * an element reroutes its sound through Web Audio, so without this it would go silent), `false` for a stream (a
   * microphone played back causes feedback) and for a node (you route it yourself).
   */
  monitor?: boolean;
  /** Analysis window, milliseconds, 10..100 (default 32, as offline). */
  windowMs?: number;
  /** Rate the analysed window is resampled to, Hz, 8000..48000 (default 16000, as offline). */
  analysisRate?: number;
}

/** Options of {@link WebAudioDriver.microphone}. */
export interface MicrophoneDriverOptions extends WebAudioDriverOptions {
  /** Audio constraints for `getUserMedia` (default: echo cancellation and noise suppression on, AGC off). */
  constraints?: MediaTrackConstraints;
}

/** One MediaElementAudioSourceNode per element (browsers allow only one, ever), shared by the drivers that listen to it. */
const elementSources = new WeakMap<HTMLMediaElement, MediaElementAudioSourceNode>();

/** Delay line capacity in frames (enough for 2 s at 120 fps). */
const DELAY_FRAMES = 256;

function isMediaStream(input: unknown): input is MediaStream {
  return typeof input === 'object' && input !== null && typeof (input as MediaStream).getAudioTracks === 'function';
}

function isAudioNode(input: unknown): input is AudioNode {
  return typeof input === 'object' && input !== null && typeof (input as AudioNode).connect === 'function'
    && typeof (input as AudioNode).context === 'object';
}

function isMediaElement(input: unknown): input is HTMLMediaElement {
  return typeof input === 'object' && input !== null && typeof (input as HTMLMediaElement).canPlayType === 'function';
}

/**
 * Live lip sync in the browser: listens to an `<audio>`/`<video>` element, a microphone or any Web Audio node through
 * an `AnalyserNode`, and on every animation frame computes the same features and mapping as the offline
 * {@link audioToClip} (the last `windowMs` of audio, resampled to 16 kHz, through {@link AudioFeatureExtractor} and
 * {@link LipSyncMapper}). It is a {@link MotionSource}: play it on a mixer layer and it writes `mouth.open`,
 * `mouth.round`, `mouth.smile` (and, with `prosody`, `head.pitch`/`brows.raise` accents; with `visemeChannels`, viseme
 * weights) every `mixer.update`.
 *
 * The silence gate adapts live (noise floor = minimum level of the last 2 s, speech peak follows loud frames), so the
 * first second after start may open the mouth a little less than offline.
 *
 * Ownership: the driver creates an `AnalyserNode` (and, for a stream, a `MediaStreamAudioSourceNode`) and
 * disconnects exactly those in {@link WebAudioDriver.dispose}. It closes the `AudioContext` only if it created it,
 * and stops the microphone only if {@link WebAudioDriver.microphone} opened it. A media element's
 * `MediaElementAudioSourceNode` is created once per element and shared (browsers allow only one); dispose leaves its
 * connection to the speakers in place, so the element stays audible.
 *
 * Browsers start an `AudioContext` suspended until a user gesture: call {@link WebAudioDriver.resume} from a click
 * handler. While the context is not running, the driver reads silence.
 *
 * Uses Web Audio only when constructed; importing it is safe in Node and workers.
 *
 * @example
 * ```ts
 * import { MotionMixer, WebAudioDriver } from 'portrait-rig';
 *
 * const audio = document.querySelector('audio')!;
 * const speech = new WebAudioDriver(audio, { prosody: true });
 * mixer.clipAction(idle, { mask: (c) => c !== 'mouth.open' && c !== 'mouth.round' }).play();
 * mixer.sourceAction(speech, { layer: 1, blendMode: 'additive' }).play();
 * playButton.onclick = async () => { await speech.resume(); await audio.play(); };
 * // every frame: mixer.update(dt) → renderFrame(mixer.frame)
 * // later: await speech.dispose();
 * ```
 */
export class WebAudioDriver implements MotionSource {
  /** Channels written (see {@link LipSyncMapper.channels}). */
  readonly channels: readonly ChannelName[];
  /** The context the analyser lives in. */
  readonly context: BaseAudioContext;
  /** The analyser this driver created and reads. */
  readonly analyser: AnalyserNode;
  /** The mapping state (levels, classifier, prosody). */
  readonly mapper: LipSyncMapper;
  /** Features of the last analysed frame (silence before the first). */
  readonly features = new AudioFeatures();
  private readonly ownsContext: boolean;
  private readonly input: AudioNode;
  private readonly ownsInput: boolean;
  private readonly monitorEdge: boolean;
  private ownedStream: MediaStream | undefined;
  private readonly extractor: AudioFeatureExtractor;
  private readonly resampler: Resampler;
  private readonly timeDomain: Float32Array<ArrayBuffer>;
  private readonly resampled: Float32Array;
  private readonly firstOutput: number;
  private readonly values: Float64Array;
  private readonly latency: number;
  private readonly delayTimes: Float64Array;
  private readonly delayValues: Float64Array;
  private delayCount = 0;
  private delayHead = 0;
  private time = 0;
  private isDisposed = false;

  /**
   * Connects to `input`.
   *
   * @param input - An `<audio>`/`<video>` element, a `MediaStream` with an audio track, or an `AudioNode`.
   * @param options - Mapping (as offline), context, monitoring, analysis window.
   * @throws PortraitRigError `audio/invalid-option` for an input of another kind, a stream without audio tracks, an
   *   element already captured by another context, or options out of range.
   */
  constructor(input: WebAudioInput, options: WebAudioDriverOptions = {}) {
    const inputNode = isAudioNode(input) ? input : undefined;
    if (inputNode && options.context && inputNode.context !== options.context) {
      throw new PortraitRigError(AudioErrorCode.InvalidOption,
        'WebAudioDriver: the input node belongs to another AudioContext than options.context; nodes of two contexts cannot be connected.');
    }
    if (!inputNode && !isMediaStream(input) && !isMediaElement(input)) {
      throw new PortraitRigError(AudioErrorCode.InvalidOption,
        `WebAudioDriver: the input must be an <audio>/<video> element, a MediaStream or an AudioNode (got ${Object.prototype.toString.call(input)}).`);
    }
    if (isMediaStream(input) && input.getAudioTracks().length === 0) {
      throw new PortraitRigError(AudioErrorCode.InvalidOption,
        'WebAudioDriver: the MediaStream has no audio track; request one with getUserMedia({ audio: true }).');
    }
    let context = options.context ?? inputNode?.context;
    this.ownsContext = context === undefined;
    if (!context) {
      if (typeof AudioContext !== 'function') {
        throw new PortraitRigError(AudioErrorCode.InvalidOption,
          'WebAudioDriver: this environment has no AudioContext (Web Audio); use audioToClip to lip-sync offline.');
      }
      context = new AudioContext();
    }
    this.context = context;
    this.mapper = new LipSyncMapper(options);
    this.channels = this.mapper.channels;
    const analysisRate = options.analysisRate ?? 16_000;
    if (!(analysisRate >= 8000 && analysisRate <= 48_000)) {
      throw new PortraitRigError(AudioErrorCode.InvalidOption, `WebAudioDriver: analysisRate must be 8000..48000 Hz (got ${String(options.analysisRate)}).`);
    }
    this.extractor = new AudioFeatureExtractor(analysisRate, options.windowMs === undefined ? {} : { windowMs: options.windowMs });
    this.resampler = new Resampler(context.sampleRate, analysisRate);
    // Enough input for the window plus the resampling kernel's reach on both sides.
    const marginOut = Math.ceil((this.resampler.halfWidth * analysisRate) / context.sampleRate) + 1;
    const needed = Math.ceil(((this.extractor.windowLength + 2 * marginOut) * context.sampleRate) / analysisRate) + 2 * Math.ceil(this.resampler.halfWidth);
    let fftSize = 32;
    while (fftSize < needed) fftSize <<= 1;
    if (fftSize > 32_768) {
      throw new PortraitRigError(AudioErrorCode.InvalidOption, `WebAudioDriver: a ${this.extractor.windowLength}-sample window at ${context.sampleRate} Hz needs more than the analyser's 32768 samples; use a shorter windowMs.`);
    }
    this.timeDomain = new Float32Array(fftSize);
    // Only the analysed window is resampled: the last windowLength samples before a margin at the end.
    this.resampled = new Float32Array(this.extractor.windowLength);
    this.firstOutput = Math.max(0, this.resampler.outputLength(fftSize) - this.extractor.windowLength - marginOut);
    this.values = new Float64Array(this.channels.length);
    const latencyMs = options.latencyMs ?? 0;
    this.latency = latencyMs > 0 ? latencyMs / 1000 : 0;
    this.delayTimes = new Float64Array(this.latency > 0 ? DELAY_FRAMES : 0);
    this.delayValues = new Float64Array(this.latency > 0 ? DELAY_FRAMES * this.channels.length : 0);

    this.analyser = context.createAnalyser();
    this.analyser.fftSize = fftSize;
    this.analyser.smoothingTimeConstant = 0;
    let monitorEdge = false;
    if (inputNode) {
      this.input = inputNode;
      this.ownsInput = false;
      if (options.monitor === true) {
        inputNode.connect(context.destination);
        monitorEdge = true;
      }
    } else {
      const audioContext = context as AudioContext;
      if (typeof audioContext.createMediaStreamSource !== 'function') {
        this.analyser.disconnect();
        throw new PortraitRigError(AudioErrorCode.InvalidOption,
          'WebAudioDriver: media elements and streams need a real-time AudioContext (an OfflineAudioContext cannot capture them).');
      }
      if (isMediaStream(input)) {
        this.input = audioContext.createMediaStreamSource(input);
        this.ownsInput = true;
        if (options.monitor === true) this.input.connect(context.destination);
      } else {
        const element = input as HTMLMediaElement;
        let source = elementSources.get(element);
        if (source && source.context !== context) {
          this.analyser.disconnect();
          throw new PortraitRigError(AudioErrorCode.InvalidOption,
            'WebAudioDriver: this media element is already captured by another AudioContext (a browser allows one capture per element, ever); pass that context as options.context.');
        }
        if (!source) {
          source = audioContext.createMediaElementSource(element);
          elementSources.set(element, source);
        }
        this.input = source;
        this.ownsInput = false;
        if (options.monitor !== false) source.connect(context.destination);
      }
    }
    this.monitorEdge = monitorEdge;
    this.input.connect(this.analyser);
  }

  /**
   * Opens the microphone (`getUserMedia`) and listens to it. The driver owns that stream: {@link WebAudioDriver.dispose}
   * stops its tracks. Not monitored by default (no feedback).
   *
   * @param options - Driver options plus `constraints` for the audio track.
   * @returns The driver.
   * @throws The browser's `NotAllowedError` when the user refuses, `NotFoundError` without a microphone.
   */
  static async microphone(options: MicrophoneDriverOptions = {}): Promise<WebAudioDriver> {
    if (typeof navigator === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
      throw new PortraitRigError(AudioErrorCode.InvalidOption,
        'WebAudioDriver.microphone: this environment has no navigator.mediaDevices.getUserMedia (it needs a browser and a secure context: https or localhost).');
    }
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: options.constraints ?? { echoCancellation: true, noiseSuppression: true, autoGainControl: false },
    });
    try {
      const driver = new WebAudioDriver(stream, options);
      driver.ownedStream = stream;
      return driver;
    } catch (error) {
      for (const track of stream.getTracks()) track.stop();
      throw error;
    }
  }

  /** True after {@link WebAudioDriver.dispose}. */
  get disposed(): boolean {
    return this.isDisposed;
  }

  /** Whether the last frame was above the silence gate. */
  get speaking(): boolean {
    return this.mapper.speaking;
  }

  /** The heaviest viseme of the last frame. */
  get viseme(): Viseme {
    return VISEMES[this.mapper.classifier.index]!;
  }

  /** Resumes a suspended context (call it from a user gesture: browsers block audio until one). */
  async resume(): Promise<void> {
    if (this.isDisposed) throw new PortraitRigError(AudioErrorCode.Disposed, 'WebAudioDriver: resume() after dispose(); create a new driver.');
    const context = this.context as AudioContext;
    if (context.state === 'suspended' && typeof context.resume === 'function') await context.resume();
  }

  /**
   * Analyses the newest `windowMs` of audio, advances the mapping by `deltaSeconds` and writes the channel values
   * ({@link MotionSource.update}). `deltaSeconds = 0` re-writes the current values without analysing. After
   * {@link WebAudioDriver.dispose} it writes neutral values (0).
   */
  update(deltaSeconds: number, out: Float64Array): void {
    const values = this.values;
    if (this.isDisposed) {
      for (let i = 0; i < values.length; i++) out[i] = 0;
      return;
    }
    if (deltaSeconds > 0) {
      this.time += deltaSeconds;
      const features = this.features;
      if ((this.context as AudioContext).state === 'running') {
        this.analyser.getFloatTimeDomainData(this.timeDomain);
        this.resampler.process(this.timeDomain, this.resampled, this.timeDomain.length, this.firstOutput);
        this.extractor.analyze(this.resampled, 0, features);
      } else {
        this.extractor.analyze(this.resampled, -this.extractor.windowLength, features); // silence
      }
      features.time = this.time;
      this.mapper.update(features, deltaSeconds, values);
      if (this.latency > 0) this.pushDelayed();
    }
    if (this.latency > 0) this.readDelayed(out);
    else for (let i = 0; i < values.length; i++) out[i] = values[i]!;
  }

  private pushDelayed(): void {
    const n = this.values.length;
    const slot = this.delayHead;
    this.delayTimes[slot] = this.time;
    for (let c = 0; c < n; c++) this.delayValues[slot * n + c] = this.values[c]!;
    this.delayHead = (slot + 1) % DELAY_FRAMES;
    if (this.delayCount < DELAY_FRAMES) this.delayCount++;
  }

  /** Writes the values of `latency` seconds ago (linear between stored frames; the oldest when history is short). */
  private readDelayed(out: Float64Array): void {
    const n = this.values.length;
    const target = this.time - this.latency;
    if (this.delayCount === 0) {
      for (let c = 0; c < n; c++) out[c] = 0;
      return;
    }
    // Walk back from the newest frame to the first one at or before the target time.
    let newer = (this.delayHead - 1 + DELAY_FRAMES) % DELAY_FRAMES;
    for (let k = 1; k < this.delayCount; k++) {
      const older = (newer - 1 + DELAY_FRAMES) % DELAY_FRAMES;
      const olderTime = this.delayTimes[older]!;
      if (olderTime <= target) {
        const newerTime = this.delayTimes[newer]!;
        const u = newerTime > olderTime ? (target - olderTime) / (newerTime - olderTime) : 1;
        for (let c = 0; c < n; c++) {
          const a = this.delayValues[older * n + c]!;
          out[c] = a + (this.delayValues[newer * n + c]! - a) * (u > 1 ? 1 : u);
        }
        return;
      }
      newer = older;
    }
    // Not enough history yet: before the first frame the mouth was at rest.
    const oldest = newer;
    const before = target < this.delayTimes[oldest]!;
    for (let c = 0; c < n; c++) out[c] = before ? 0 : this.delayValues[oldest * n + c]!;
  }

  /** Returns to the initial state ({@link MotionSource.reset}): mouth closed, adaptive levels restarted, delay line cleared. */
  reset(): void {
    this.mapper.reset();
    this.values.fill(0);
    this.time = 0;
    this.delayCount = 0;
    this.delayHead = 0;
  }

  /**
   * Disconnects the nodes this driver created (the analyser, a stream's source node), stops a microphone that
   * {@link WebAudioDriver.microphone} opened, and closes the context if the driver created it. Idempotent. A
   * context, element, stream or node you passed in stays as it was (a shared element source stays connected to the
   * speakers).
   */
  async dispose(): Promise<void> {
    if (this.isDisposed) return;
    this.isDisposed = true;
    try {
      if (this.ownsInput) {
        this.input.disconnect();
      } else {
        this.input.disconnect(this.analyser);
        if (this.monitorEdge) this.input.disconnect(this.context.destination);
      }
    } catch {
      // already disconnected by someone else
    }
    this.analyser.disconnect();
    if (this.ownedStream) for (const track of this.ownedStream.getTracks()) track.stop();
    if (this.ownsContext) {
      const context = this.context as AudioContext;
      if (typeof context.close === 'function' && context.state !== 'closed') await context.close();
    }
  }
}
