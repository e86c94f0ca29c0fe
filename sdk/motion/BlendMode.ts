/** How an action's values combine with the layers below it, as an `as const` object with a same-named union type. */
export const BlendMode = {
  /**
   * Replaces what lies below in proportion to the weight: `result = lerp(below, value, weight)`. Override actions on
   * the same layer blend with each other by weight first (so a cross-fade whose weights sum to 1 is exactly
   * `wA·A + wB·B`).
   */
  Override: 'override',
  /** Adds its offset from the channel's neutral value, scaled by the weight: `result += weight · (value − neutral)`. */
  Additive: 'additive',
} as const;
/** `'override' | 'additive'`. */
export type BlendMode = (typeof BlendMode)[keyof typeof BlendMode];
