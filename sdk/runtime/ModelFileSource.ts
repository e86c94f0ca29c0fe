/** Options for {@link ModelFileSource.read}. */
export interface ModelFileReadOptions {
  /** Cancels the read (rejects with `ABORTED`). */
  readonly signal?: AbortSignal;
  /** Called as bytes arrive (`total` undefined when unknown). */
  readonly onProgress?: (loaded: number, total: number | undefined) => void;
  /** Called once when the file is fetched over the network (not from a cache or disk). */
  readonly onDownload?: () => void;
}

/**
 * Where a model's files come from: a folder (Node: `folderModelSource`), a URL (`urlModelSource`), or bytes in memory
 * (`bytesModelSource`). Paths are relative to the model folder, with forward slashes.
 */
export interface ModelFileSource {
  /** Where the model is, for messages (a folder path or URL). */
  readonly label: string;
  /**
   * Reads one file.
   * @throws PortraitRigError `MODEL_FILE_MISSING` (naming the file and the fix), `ABORTED`
   */
  read(path: string, options?: ModelFileReadOptions): Promise<Uint8Array>;
  /**
   * Node sources only: the file's absolute path and size, so a native runtime can load it directly (and find its
   * external data beside it) instead of copying it into memory.
   * @throws PortraitRigError `MODEL_FILE_MISSING`
   */
  localFile?(path: string): Promise<{
    /** Absolute path of the file on disk. */
    readonly path: string;
    /** Its size in bytes. */
    readonly size: number;
  }>;
}
