/**
 * CSV that opens cleanly in Excel, Numbers and Google Sheets: a UTF-8 byte-order mark (else Excel
 * guesses the encoding), CRLF line ends (RFC 4180) and every field quoted, quotes doubled. Values
 * starting with = + - @ are prefixed with ' so a spreadsheet never runs them as formulas.
 */
export const CSV_BOM = "\uFEFF";

export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '""';
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replaceAll('"', '""')}"`;
}

export const csvLine = (fields: readonly (string | number | null | undefined)[]): string =>
  `${fields.map(csvField).join(",")}\r\n`;
