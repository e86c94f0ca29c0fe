import type { ChannelName } from '../rig/channels.js';
import { MotionAction } from './MotionAction.js';
import type { MotionMixer } from './MotionMixer.js';
import type { MotionSource } from './MotionSource.js';

/**
 * Plays a procedural {@link MotionSource} (blinks, breathing, sway, look-at …) as a mixer layer. Created by
 * {@link MotionMixer.sourceAction}; usually additive. The source advances by the mixer's time step times the
 * action's time scale (never backwards: a negative step counts as 0) while the action runs; a paused action keeps
 * its source's current output.
 *
 * @example
 * ```ts
 * const blink = mixer.sourceAction(new BlinkBehavior({ seed: 7 }), { blendMode: 'additive' }).play();
 * blink.weight = 0.5; // half-closed blinks
 * ```
 */
export class SourceAction extends MotionAction {
  /** The source played. */
  readonly source: MotionSource;
  private readonly output: Float64Array;

  /** @internal Use `mixer.sourceAction(source)`. */
  constructor(mixer: MotionMixer, source: MotionSource, order: number) {
    super(mixer, order);
    this.source = source;
    this.output = new Float64Array(source.channels.length);
  }

  /** The source's channels. */
  get channels(): readonly ChannelName[] {
    return this.source.channels;
  }

  /** @internal */
  _advance(): void {
    const mixer = this.mixer;
    if (this.paused || !(mixer._delta > 0)) {
      this.source.update(0, this.output);
    } else if (this._timeScale === 1 && mixer._timeScale === 1) {
      // Pass the caller's own number through: nothing new to box (V8 boxes fractional numbers passed to calls).
      this.source.update(mixer._deltaArgument as number, this.output);
    } else {
      const delta = mixer._delta * this._timeScale;
      this.source.update(delta > 0 ? delta : 0, this.output);
    }
  }

  /** @internal */
  _evaluate(): void {
    const values = this._slotValue;
    const sources = this._slotSource;
    for (let s = 0; s < values.length; s++) values[s] = this.output[sources[s]!]!;
  }

  /** @internal */
  protected _rewind(): void {
    this.source.reset();
    this.output.fill(0);
  }
}
