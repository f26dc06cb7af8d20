import { mkdtempSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";

/**
 * An S3-protocol server (s3rver) on loopback, with one bucket, for the S3 media store. It keeps its objects
 * in a directory, so it can be stopped (the "bucket is down") and started again on the same port with the same data.
 */
export async function startS3(bucket = "parley-media") {
  const directory = mkdtempSync(join(tmpdir(), "parley-s3-"));
  let server: S3rver | undefined;
  let port = 0;
  const start = async () => {
    server = new S3rver({ port, address: "127.0.0.1", silent: true, directory, configureBuckets: [{ name: bucket }] });
    ({ port } = (await server.run()) as { port: number });
  };
  const stop = async () => {
    const http = (server as unknown as { httpServer?: Server }).httpServer;
    http?.closeAllConnections();
    await server?.close();
    server = undefined;
  };
  await start();
  return {
    bucket,
    endpoint: `http://127.0.0.1:${port}`,
    env: {
      MEDIA_S3_BUCKET: bucket,
      MEDIA_S3_ENDPOINT: `http://127.0.0.1:${port}`,
      MEDIA_S3_REGION: "us-east-1",
      MEDIA_S3_ACCESS_KEY_ID: "S3RVER",
      MEDIA_S3_SECRET_ACCESS_KEY: "S3RVER",
      MEDIA_S3_FORCE_PATH_STYLE: "true",
    },
    start,
    stop,
  };
}
