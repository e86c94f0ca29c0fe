import type { Viseme } from './Viseme.js';

/** The rig-channel pose of one viseme, as amounts 0..1 before the lip-sync options' `maxOpen`/`maxRound`/`maxSmile` scale. */
export interface VisemeShape {
  /** `mouth.open` (jaw). */
  readonly open: number;
  /** `mouth.round` (lips rounded and forward). */
  readonly round: number;
  /** `mouth.smile` used as "lips spread" (wide vowels, s). */
  readonly wide: number;
}

/**
 * How each viseme maps onto the rig's mouth channels (`mouth.open`, `mouth.round`, `mouth.smile`); the lip-sync
 * mapper blends these shapes by the classifier's viseme weights. Replace entries through the `visemeShapes` option
 * to suit a model.
 */
export const VISEME_SHAPES: Readonly<Record<Viseme, VisemeShape>> = Object.freeze({
  sil: { open: 0, round: 0, wide: 0 },
  PP: { open: 0, round: 0.1, wide: 0 },
  FF: { open: 0.12, round: 0, wide: 0.2 },
  TH: { open: 0.18, round: 0, wide: 0.1 },
  DD: { open: 0.3, round: 0, wide: 0.1 },
  kk: { open: 0.35, round: 0, wide: 0.05 },
  CH: { open: 0.2, round: 0.45, wide: 0 },
  SS: { open: 0.12, round: 0, wide: 0.4 },
  nn: { open: 0.22, round: 0, wide: 0.05 },
  RR: { open: 0.25, round: 0.45, wide: 0 },
  aa: { open: 1, round: 0, wide: 0.1 },
  E: { open: 0.6, round: 0, wide: 0.5 },
  ih: { open: 0.32, round: 0, wide: 0.8 },
  oh: { open: 0.65, round: 0.75, wide: 0 },
  ou: { open: 0.3, round: 1, wide: 0 },
});
