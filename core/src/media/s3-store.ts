import type { Readable } from "node:stream";
import { DeleteObjectsCommand, GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { type MediaStore, MediaStoreError } from "./store-types";

export type S3Options = {
  bucket: string;
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
};

/**
 * Archived media in an S3-compatible bucket, shared by every API instance. Uploads stream in parts
 * (lib-storage): an object appears only when its multipart upload completes, and a failed upload is aborted.
 * Reads are proxied through the API, so the media route's tenancy check and headers apply to them too.
 */
export class S3MediaStore implements MediaStore {
  private readonly s3: S3Client;
  constructor(private readonly opts: S3Options) {
    this.s3 = new S3Client({
      endpoint: opts.endpoint,
      region: opts.region,
      forcePathStyle: opts.forcePathStyle,
      credentials: opts.credentials,
    });
  }

  async put(key: string, body: Readable, contentType: string): Promise<void> {
    const upload = new Upload({
      client: this.s3,
      params: { Bucket: this.opts.bucket, Key: key, Body: body, ContentType: contentType },
      queueSize: 2,
      partSize: 5 * 1024 * 1024,
    });
    await upload.done();
  }

  async get(key: string): Promise<{ body: Readable; size: number }> {
    try {
      const r = await this.s3.send(new GetObjectCommand({ Bucket: this.opts.bucket, Key: key }));
      return { body: r.Body as Readable, size: r.ContentLength ?? 0 };
    } catch (e) {
      const name = (e as Error).name;
      throw new MediaStoreError(`media bucket read failed (${name})`, name === "NoSuchKey");
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      await this.s3.send(
        new DeleteObjectsCommand({
          Bucket: this.opts.bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
    }
  }
}
