import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { dirname, resolve, sep } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type MediaStore, MediaStoreError } from "./store-types";

/**
 * Archived media in a directory on this machine. A file is written as `<key>.part` and renamed when whole,
 * so a process killed mid-download leaves only a `.part` that the next attempt overwrites.
 */
export class LocalMediaStore implements MediaStore {
  private readonly root: string;
  constructor(dir: string) {
    this.root = resolve(dir);
  }

  private path(key: string): string {
    const p = resolve(this.root, key);
    if (!p.startsWith(this.root + sep)) throw new MediaStoreError(`bad media key ${key}`);
    return p;
  }

  async put(key: string, body: Readable, _contentType: string): Promise<void> {
    const path = this.path(key);
    const temp = `${path}.part`;
    try {
      await mkdir(dirname(path), { recursive: true });
      await pipeline(body, createWriteStream(temp));
      await rename(temp, path);
    } catch (e) {
      await rm(temp, { force: true }).catch(() => {});
      throw e;
    }
  }

  async get(key: string): Promise<{ body: Readable; size: number }> {
    const path = this.path(key);
    try {
      const st = await stat(path);
      if (!st.isFile()) throw Object.assign(new Error("not a file"), { code: "ENOTFILE" });
      return { body: createReadStream(path), size: st.size };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new MediaStoreError(`media store read failed (${code})`, code === "ENOENT");
    }
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((k) => rm(this.path(k), { force: true })));
  }
}
