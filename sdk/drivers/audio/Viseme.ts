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
  Sil: 'sil',
  PP: 'PP',
  FF: 'FF',
  TH: 'TH',
  DD: 'DD',
  Kk: 'kk',
  CH: 'CH',
  SS: 'SS',
  Nn: 'nn',
  RR: 'RR',
  Aa: 'aa',
  E: 'E',
  Ih: 'ih',
  Oh: 'oh',
  Ou: 'ou',
} as const;
/** One of the 15 Oculus viseme names (`'sil' | 'PP' | … | 'ou'`). */
export type Viseme = (typeof Viseme)[keyof typeof Viseme];

/** The 15 visemes in the Oculus order (`sil` first); a viseme's index in this list is its numeric id. */
export const VISEMES: readonly Viseme[] = Object.freeze(Object.values(Viseme));
