import type { Readable } from "node:stream";

/** The disk or bucket could not be read or written: the message is fine, its file just cannot be served now. */
export class MediaStoreError extends Error {
  constructor(
    message: string,
    readonly missing = false,
  ) {
    super(message);
  }
}

/**
 * Where archived attachments live. `put` makes an object visible under its key only once it is complete
 * (a temp file renamed, or one atomic PUT / completed multipart upload), so a reader never sees half a file.
 */
export interface MediaStore {
  put(key: string, body: Readable, contentType: string): Promise<void>;
  get(key: string): Promise<{ body: Readable; size: number }>;
  delete(keys: string[]): Promise<void>;
}
