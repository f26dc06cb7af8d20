import { useCallback, useEffect, useRef, useState } from "react";
import type { Upload } from "../../../lib/types";
import { uploadFile } from "../../../lib/upload";

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
