/** How a clip plays past its end, as an `as const` object with a same-named union type. */
export const LoopMode = {
  /** Plays once and stops at the end (or at the start when playing backwards). */
  Once: 'once',
  /** Jumps back to the start at the end and plays again. */
  Loop: 'loop',
  /** Plays forwards to the end, then backwards to the start, and so on. */
  PingPong: 'ping-pong',
} as const;
/** `'once' | 'loop' | 'ping-pong'`. */
export type LoopMode = (typeof LoopMode)[keyof typeof LoopMode];

/** True when `value` is a {@link LoopMode}. */
export function isLoopMode(value: unknown): value is LoopMode {
  return value === 'once' || value === 'loop' || value === 'ping-pong';
}
