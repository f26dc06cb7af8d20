import type { Readable } from "node:stream";
import type { Config } from "../config";
import { LocalMediaStore } from "./local-store";
import { S3MediaStore } from "./s3-store";

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

/** An S3-compatible bucket when `MEDIA_S3_BUCKET` is set (several API instances), else a local directory. */
export function createMediaStore(config: Config): MediaStore {
  if (config.MEDIA_S3_BUCKET)
    return new S3MediaStore({
      bucket: config.MEDIA_S3_BUCKET,
      endpoint: config.MEDIA_S3_ENDPOINT,
      region: config.MEDIA_S3_REGION,
      forcePathStyle: config.MEDIA_S3_FORCE_PATH_STYLE,
      credentials:
        config.MEDIA_S3_ACCESS_KEY_ID && config.MEDIA_S3_SECRET_ACCESS_KEY
          ? { accessKeyId: config.MEDIA_S3_ACCESS_KEY_ID, secretAccessKey: config.MEDIA_S3_SECRET_ACCESS_KEY }
          : undefined,
    });
  return new LocalMediaStore(config.MEDIA_DIR);
}
