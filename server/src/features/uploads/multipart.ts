import type { Readable } from "node:stream";
import { AppError, badRequest } from "@parley/core/errors";
import busboy from "busboy";
import type { Request } from "express";

export type FilePart = { body: Readable; filename: string; declaredType: string };

/** Enough for any platform's largest file (WhatsApp documents, 100 MB) and the multipart framing. */
const MAX_FILE_BYTES = 101 * 1024 * 1024;

/**
 * Hands the one file part of a multipart request (field `file`) to `store` as a stream, so a 100 MB video is
 * never held in memory. Other fields are ignored; a request that is not multipart, or carries no file, is a
 * 400 naming `file`. Whatever happens, the rest of the request body is drained, so the answer reaches the client.
 */
export async function withUploadedFile<T>(req: Request, store: (file: FilePart) => Promise<T>): Promise<T> {
  if (!req.is("multipart/form-data"))
    throw badRequest("Send the file as multipart/form-data in a field named file", {
      file: "is required (multipart/form-data)",
    });
  let bb: busboy.Busboy;
  try {
    bb = busboy({ headers: req.headers, limits: { files: 1, fields: 10, fileSize: MAX_FILE_BYTES } });
  } catch {
    throw badRequest("The multipart body could not be read", { file: "is required (multipart/form-data)" });
  }
  return new Promise<T>((resolve, reject) => {
    let started = false;
    const fail = (e: unknown) => {
      req.unpipe(bb);
      req.resume();
      reject(e);
    };
    bb.on("file", (name, stream, info) => {
      if (started || name !== "file") {
        stream.resume();
        return fail(
          badRequest("Send one file, in a field named file", { file: "send one file, in a field named file" }),
        );
      }
      started = true;
      store({ body: stream, filename: info.filename ?? "file", declaredType: info.mimeType ?? "" }).then(
        (v) => {
          req.resume();
          resolve(v);
        },
        (e) => {
          stream.resume();
          fail(e);
        },
      );
    });
    bb.on("filesLimit", () => fail(badRequest("Send one file", { file: "send one file per request" })));
    bb.on("error", (e) =>
      fail(
        e instanceof AppError ? e : badRequest("The multipart body could not be read", { file: "could not be read" }),
      ),
    );
    bb.on("close", () => {
      if (!started) fail(badRequest("No file was sent", { file: "is required" }));
    });
    req.pipe(bb);
  });
}
