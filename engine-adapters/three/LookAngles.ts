/** A look direction as angles in the portrait's frame, in degrees (see {@link portraitLookAngles}). */
export interface LookAngles {
  /** Degrees toward the avatar's left (the viewer's right, +x of the portrait); negative: toward its right. */
  yaw: number;
  /** Degrees up (+y of the portrait); negative: down. */
  pitch: number;
}
