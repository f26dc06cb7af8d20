import { ApiError, qs, refreshAccessToken, tokens } from "./api";
import type { Upload } from "./types";

/**
 * POST /api/uploads with XMLHttpRequest, because fetch cannot report upload progress. The conversation, when
 * named, lets the server refuse at once what its platform would refuse (none for a profile picture). One retry
 * after refreshing an expired token.
 */
export function uploadFile(
  file: File,
  conversationId: string | undefined,
  onProgress: (fraction: number) => void,
  retried = false,
): { promise: Promise<Upload>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<Upload>((resolve, reject) => {
    xhr.open("POST", `/api/uploads${qs({ conversationId })}`);
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
