/**
 * Error codes of the runtime, loader, animator and image IO (`PortraitRigError.code`). Other modules add their own
 * namespaced codes (e.g. the motion engine's `motion/unsorted-keys`, see `MotionErrorCode`).
 */
export const PortraitRigErrorCode = {
  /** A file a model folder/manifest lists is not there (or could not be downloaded). */
  ModelFileMissing: 'MODEL_FILE_MISSING',
  /** `manifest.json` is malformed or does not match the ONNX files or the dictionary. */
  ManifestMismatch: 'MANIFEST_MISMATCH',
  /** The requested device cannot be used with this backend on this platform. */
  UnsupportedDevice: 'UNSUPPORTED_DEVICE',
  /** The operation was cancelled through an `AbortSignal`. */
  Aborted: 'ABORTED',
  /** An image could not be decoded or has an unusable size/format. */
  BadImage: 'BAD_IMAGE',
  /** A channel name the model does not define (strict mode). */
  UnknownChannel: 'UNKNOWN_CHANNEL',
  /** An argument is out of its documented domain (wrong length, NaN, negative size …). */
  InvalidArgument: 'INVALID_ARGUMENT',
  /** The object was used after `dispose()`. */
  Disposed: 'DISPOSED',
  /** The call needs state that is not there yet (e.g. rendering before `setSource`). */
  InvalidState: 'INVALID_STATE',
  /** The inference backend failed while creating a session or running it. */
  BackendFailure: 'BACKEND_FAILURE',
} as const;
/** Union of the codes in {@link PortraitRigErrorCode}. */
export type PortraitRigErrorCode = (typeof PortraitRigErrorCode)[keyof typeof PortraitRigErrorCode];

/**
 * Base class of the errors PortraitRig throws on purpose. `message` names the thing at fault and the fix
 * (`PortraitRig: clip "wave" track "head.yaw" key 3: …`); `code` is a stable, machine-readable identifier that
 * callers can branch on without parsing the message: one of {@link PortraitRigErrorCode} (`MODEL_FILE_MISSING`,
 * `BAD_IMAGE`, …) or a module's namespaced code such as `motion/unsorted-keys`.
 *
 * @example
 * ```ts
 * try {
 *   loadClip(text);
 * } catch (error) {
 *   if (error instanceof PortraitRigError && error.code === 'motion/unsupported-version') upgradeTheFile();
 *   else if (error instanceof PortraitRigError && error.code === 'MODEL_FILE_MISSING') console.error(error.message);
 *   else throw error;
 * }
 * ```
 */
export class PortraitRigError extends Error {
  /** Stable identifier of the kind of error: a {@link PortraitRigErrorCode} or `<area>/<what>`. */
  readonly code: PortraitRigErrorCode | (string & {});

  /**
   * @param code - Stable identifier.
   * @param message - Message for the user ending with the fix; `PortraitRig: ` is prefixed when it does not start so.
   * @param options - Standard error options (`cause`).
   */
  constructor(code: PortraitRigErrorCode | (string & {}), message: string, options?: ErrorOptions) {
    super(message.startsWith('PortraitRig') ? message : `PortraitRig: ${message}`, options);
    this.name = 'PortraitRigError';
    this.code = code;
  }
}

/** True when `error` is a {@link PortraitRigError}, optionally with the given code. */
export function isPortraitRigError(error: unknown, code?: PortraitRigErrorCode | (string & {})): error is PortraitRigError {
  return error instanceof PortraitRigError && (code === undefined || error.code === code);
}
