import { Matrix4, Quaternion, Vector3, type Object3D, type Vector3Like } from 'three';
import type { LookAngles } from './LookAngles.js';

const RAD_TO_DEG = 180 / Math.PI;
const head = new Vector3();
const direction = new Vector3();
const position = new Vector3();
const scale = new Vector3();
const rotation = new Quaternion();
const matrix = new Matrix4();

/**
 * The angles at which `target` lies as seen from a portrait's head, in the portrait's own frame: +x toward the
 * avatar's left (the viewer's right when the portrait faces the viewer), +y up, +z out of the picture toward the
 * viewer — the frame of `LookAtBehavior.setTargetDirection`. Uses the portrait's world rotation only (its scale
 * does not skew the angles). Reads `portrait.matrixWorld` as it is: update it first (`updateWorldMatrix`).
 *
 * `yaw = atan2(x, z)`, `pitch = atan2(y, √(x² + z²))`, in degrees: a target straight in front gives 0/0, one to the
 * viewer's right gives a positive yaw (the avatar turns to its left, toward it), one above a positive pitch. A target
 * behind the picture gives |yaw| > 90°. The head's own position gives 0/0. Allocates nothing.
 *
 * @param portrait - the object whose local +z is the picture's normal (an `AnimatedPortrait`).
 * @param headOffset - the head's position in the portrait's local coordinates (scene units before its scale).
 * @param target - the point to look at, in world coordinates.
 * @param out - receives the angles; returned.
 */
export function portraitLookAngles(portrait: Object3D, headOffset: Vector3Like, target: Vector3Like, out: LookAngles): LookAngles {
  matrix.copy(portrait.matrixWorld);
  head.set(headOffset.x, headOffset.y, headOffset.z).applyMatrix4(matrix);
  matrix.decompose(position, rotation, scale);
  direction.set(target.x - head.x, target.y - head.y, target.z - head.z).applyQuaternion(rotation.invert());
  const x = direction.x;
  const y = direction.y;
  const z = direction.z;
  if (x === 0 && y === 0 && z === 0) {
    out.yaw = 0;
    out.pitch = 0;
    return out;
  }
  out.yaw = Math.atan2(x, z) * RAD_TO_DEG;
  out.pitch = Math.atan2(y, Math.hypot(x, z)) * RAD_TO_DEG;
  return out;
}
