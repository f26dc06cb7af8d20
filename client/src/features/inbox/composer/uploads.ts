import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, refreshAccessToken, tokens } from "../../../lib/api";
import type { Upload } from "../../../lib/types";

export type PendingFile = {
  key: string;
  file: File;
  /** An object URL for images and video, to preview before sending. */
  preview: string | null;
  progress: number;
  status: "uploading" | "done" | "error";
  upload?: Upload;
  error?: string;
};

/**
 * POST /api/uploads with XMLHttpRequest, because fetch cannot report upload progress. The conversation is named
 * so the server refuses at once what its platform would refuse. One retry after refreshing an expired token.
 */
export function uploadFile(
  file: File,
  conversationId: string,
  onProgress: (fraction: number) => void,
  retried = false,
): { promise: Promise<Upload>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<Upload>((resolve, reject) => {
    xhr.open("POST", `/api/uploads?conversationId=${encodeURIComponent(conversationId)}`);
    const token = tokens.get();
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, "network_error", "Can't reach Parley. Check your connection."));
    xhr.onabort = () => reject(new ApiError(0, "aborted", "Upload cancelled"));
    xhr.onload = async () => {
      let body: any = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON
      }
      if (xhr.status === 401 && !retried && (await refreshAccessToken())) {
        const again = uploadFile(file, conversationId, onProgress, true);
        return again.promise.then(resolve, reject);
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as Upload);
      const err = body?.error ?? {};
      reject(
        new ApiError(
          xhr.status,
          err.code ?? "upload_failed",
          err.fields?.file ? `${file.name} ${err.fields.file}` : (err.message ?? `Upload failed (${xhr.status})`),
          err.fields ?? {},
        ),
      );
    };
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}

/** The composer's files: each uploads as soon as it is added, with its progress and a preview. */
export function usePendingFiles(conversationId: string) {
  const [files, setFiles] = useState<PendingFile[]>([]);
  const aborts = useRef(new Map<string, () => void>());
  const update = useCallback(
    (key: string, patch: Partial<PendingFile>) =>
      setFiles((fs) => fs.map((f) => (f.key === key ? { ...f, ...patch } : f))),
    [],
  );

  const add = useCallback(
    (list: FileList | File[]) => {
      for (const file of Array.from(list)) {
        const key = crypto.randomUUID();
        const visual = file.type.startsWith("image/") || file.type.startsWith("video/");
        setFiles((fs) => [
          ...fs,
          { key, file, preview: visual ? URL.createObjectURL(file) : null, progress: 0, status: "uploading" },
        ]);
        const { promise, abort } = uploadFile(file, conversationId, (progress) => update(key, { progress }));
        aborts.current.set(key, abort);
        promise.then(
          (upload) => update(key, { status: "done", progress: 1, upload }),
          (e: Error) => update(key, { status: "error", error: e.message }),
        );
      }
    },
    [conversationId, update],
  );

  const remove = useCallback((key: string) => {
    aborts.current.get(key)?.();
    setFiles((fs) => {
      const gone = fs.find((f) => f.key === key);
      if (gone?.preview) URL.revokeObjectURL(gone.preview);
      return fs.filter((f) => f.key !== key);
    });
  }, []);

  /** After sending: the files are the message's now (their previews stay until the thread shows the server's). */
  const clear = useCallback(() => setFiles([]), []);

  // A different conversation starts with an empty tray.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset per conversation
  useEffect(() => () => setFiles([]), [conversationId]);

  return {
    files,
    add,
    remove,
    clear,
    restore: setFiles,
    uploading: files.some((f) => f.status === "uploading"),
    ready: files.filter((f) => f.status === "done" && f.upload),
  };
}
