import type { Config } from "../config";
import { LocalMediaStore } from "./local-store";
import { S3MediaStore } from "./s3-store";
import type { MediaStore } from "./store-types";

export { type MediaStore, MediaStoreError } from "./store-types";

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
