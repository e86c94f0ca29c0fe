import { useEffect, useMemo, useRef, useState } from 'react';
import type { ClipAction, ClipActionOptions } from '../../sdk/motion/ClipAction.js';
import type { ClipJson } from '../../sdk/motion/ClipJson.js';
import { loadClip } from '../../sdk/motion/loadClip.js';
import { MotionClip } from '../../sdk/motion/MotionClip.js';
import type { MotionMixer } from '../../sdk/motion/MotionMixer.js';

/** Options of {@link useMotionClip}: the clip action's options plus playback state. */
export interface UseMotionClipOptions extends ClipActionOptions {
  /** `true` (default): plays; `false`: pauses where it is (the pose stays). */
  readonly playing?: boolean;
  /** Seconds to fade in when it starts and out when the clip changes or the component unmounts; default 0. */
  readonly fade?: number;
}

/**
 * Plays a clip on a mixer for as long as the component is mounted: creates the clip's action (three.js style, one
 * per clip and mixer), plays or pauses it with `playing`, applies the action options, and stops it (or fades it
 * out) when the clip changes or the component unmounts. `clip` may be a `MotionClip` or clip JSON (an object or
 * the file's text; parsed once per value with `loadClip`, which throws a `MotionValidationError` listing every
 * problem).
 *
 * @param target - a `MotionMixer`, anything with a `mixer` (an `AnimatedPortrait`), or `null` while not ready.
 * @param clip - the clip, or `null`/`undefined` for none.
 * @returns the clip's action (seek it with `action.time = seconds`), or `null`.
 *
 * @example
 * ```tsx
 * const portrait = useRef<AnimatedPortraitObject>(null);
 * const action = useMotionClip(portrait.current, helloClipJson, { loop: 'loop', playing });
 * ```
 */
export function useMotionClip(target: MotionMixer | { readonly mixer: MotionMixer } | null | undefined,
  clip: MotionClip | ClipJson | string | null | undefined, options: UseMotionClipOptions = {}): ClipAction | null {
  const mixer = target == null ? null : 'mixer' in target ? target.mixer : target;
  const motionClip = useMemo(() => (clip == null ? null : clip instanceof MotionClip ? clip : loadClip(clip)), [clip]);
  const { playing = true, fade = 0, loop, repetitions, clampWhenFinished, weight, timeScale, layer, blendMode, mask } = options;
  const [action, setAction] = useState<ClipAction | null>(null);
  const playingRef = useRef(playing);
  playingRef.current = playing;
  const actionOptions: ClipActionOptions = {
    ...(loop !== undefined ? { loop } : {}), ...(repetitions !== undefined ? { repetitions } : {}),
    ...(clampWhenFinished !== undefined ? { clampWhenFinished } : {}), ...(weight !== undefined ? { weight } : {}),
    ...(timeScale !== undefined ? { timeScale } : {}), ...(layer !== undefined ? { layer } : {}),
    ...(blendMode !== undefined ? { blendMode } : {}), ...(mask !== undefined ? { mask } : {}),
  };
  const optionsRef = useRef(actionOptions);
  optionsRef.current = actionOptions;

  // The action lives while this component uses the clip: (re)registered here so StrictMode's remount works.
  useEffect(() => {
    if (!mixer || !motionClip) {
      setAction(null);
      return undefined;
    }
    const created = mixer.clipAction(motionClip, optionsRef.current);
    created.reset().play();
    if (fade > 0) created.fadeIn(fade);
    created.paused = !playingRef.current;
    setAction(created);
    return () => {
      if (fade > 0) created.fadeOut(fade);
      else mixer.removeAction(created);
    };
  }, [mixer, motionClip, fade]);

  useEffect(() => {
    if (!action) return;
    action.mixer.clipAction(action.clip, optionsRef.current);
  }, [action, loop, repetitions, clampWhenFinished, weight, timeScale, layer, blendMode, mask]);

  useEffect(() => {
    if (action) action.paused = !playing;
  }, [action, playing]);

  return action;
}
