import type { Db } from "../db";
import { CSV_BOM, csvLine } from "./csv";
import { EXPORT_COLUMNS, exportRows, type Range } from "./read";

/** The CSV file as chunks: BOM + header, then one line per day and platform. */
export async function* csvChunks(db: Db, r: Range): AsyncGenerator<string> {
  yield CSV_BOM + csvLine(EXPORT_COLUMNS);
  let buf = "";
  for await (const row of exportRows(db, r)) {
    buf += csvLine(EXPORT_COLUMNS.map((c) => row[c]));
    if (buf.length > 16_384) {
      yield buf;
      buf = "";
    }
  }
  if (buf) yield buf;
}
