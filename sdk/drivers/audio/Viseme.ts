/**
 * The 15 visemes of the Oculus (Meta) lip-sync set, as an `as const` object with a same-named union type. A viseme is
 * the visible mouth shape of a group of phonemes:
 *
 * | viseme | phonemes (examples) | mouth |
 * |---|---|---|
 * | `sil` | silence | closed, relaxed |
 * | `PP` | p, b, m | lips pressed |
 * | `FF` | f, v | lower lip under the upper teeth |
 * | `TH` | th (think, that) | tongue between the teeth |
 * | `DD` | t, d | slightly open, tongue behind the teeth |
 * | `kk` | k, g | slightly open |
 * | `CH` | ch, j, sh | lips forward, teeth close |
 * | `SS` | s, z | teeth close, lips spread |
 * | `nn` | n, l | slightly open |
 * | `RR` | r | lips slightly rounded |
 * | `aa` | car, father | jaw wide open |
 * | `E` | bed, say | half open, spread |
 * | `ih` | tip, see | nearly closed, spread |
 * | `oh` | toe, saw | open, rounded |
 * | `ou` | book, who | nearly closed, tightly rounded |
 */
export const Viseme = {
  /** Silence: closed, relaxed mouth. */
  Sil: 'sil',
  /** p, b, m: lips pressed. */
  PP: 'PP',
  /** f, v: lower lip under the upper teeth. */
  FF: 'FF',
  /** th: tongue between the teeth. */
  TH: 'TH',
  /** t, d: slightly open, tongue behind the teeth. */
  DD: 'DD',
  /** k, g: slightly open. */
  Kk: 'kk',
  /** ch, j, sh: lips forward, teeth close. */
  CH: 'CH',
  /** s, z: teeth close, lips spread. */
  SS: 'SS',
  /** n, l: slightly open. */
  Nn: 'nn',
  /** r: lips slightly rounded. */
  RR: 'RR',
  /** As in car, father: jaw wide open. */
  Aa: 'aa',
  /** As in bed, say: half open, spread. */
  E: 'E',
  /** As in tip, see: nearly closed, spread. */
  Ih: 'ih',
  /** As in toe, saw: open, rounded. */
  Oh: 'oh',
  /** As in book, who: nearly closed, tightly rounded. */
  Ou: 'ou',
} as const;
/** One of the 15 Oculus viseme names (`'sil' | 'PP' | … | 'ou'`). */
export type Viseme = (typeof Viseme)[keyof typeof Viseme];

/** The 15 visemes in the Oculus order (`sil` first); a viseme's index in this list is its numeric id. */
export const VISEMES: readonly Viseme[] = Object.freeze(Object.values(Viseme));
