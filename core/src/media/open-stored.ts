import { AppError, notFound } from "../errors";
import type { OpenedMedia } from "../messages/media";
import { type MediaStore, MediaStoreError } from "./store-types";

/**
 * One object of Parley's media store for the browser or Meta. An object the store no longer has is a 404 like
 * a row that never existed (`resource` names it); a store that cannot be read right now is a 503 to retry.
 */
export async function openStoredObject(
  store: MediaStore,
  key: string,
  file: { contentType: string; filename?: string },
  resource: string,
  noun: string,
): Promise<OpenedMedia> {
  try {
    const { body, size } = await store.get(key);
    return { body, contentType: file.contentType, length: size, filename: file.filename };
  } catch (e) {
    if (e instanceof MediaStoreError && e.missing) throw notFound(resource);
    if (e instanceof MediaStoreError)
      throw new AppError(503, "media_unavailable", `This ${noun} is unavailable right now; try again`, undefined, {
        "Retry-After": "5",
      });
    throw e;
  }
}
