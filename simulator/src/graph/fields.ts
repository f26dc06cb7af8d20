/** Graph field expansion: `id,participants,messages.limit(20){id,from,message}` → a tree. */
export type Field = { name: string; params: Record<string, string>; children?: Field[] };

export function parseFields(input: string | undefined): Field[] | undefined {
  if (!input) return undefined;
  let pos = 0;
  const list = (): Field[] => {
    const out: Field[] = [];
    while (pos < input.length && input[pos] !== "}") {
      if (input[pos] === "," || input[pos] === " ") {
        pos++;
        continue;
      }
      out.push(field());
    }
    return out;
  };
  const field = (): Field => {
    let name = "";
    while (pos < input.length && /[A-Za-z0-9_]/.test(input[pos])) name += input[pos++];
    const f: Field = { name, params: {} };
    while (pos < input.length && (input[pos] === "." || input[pos] === "{")) {
      if (input[pos] === "{") {
        pos++;
        f.children = list();
        pos++; // }
        continue;
      }
      pos++; // .
      let p = "";
      while (pos < input.length && input[pos] !== "(") p += input[pos++];
      pos++; // (
      let v = "";
      while (pos < input.length && input[pos] !== ")") v += input[pos++];
      pos++; // )
      f.params[p] = v;
    }
    if (!name) pos++; // skip an unexpected character rather than loop
    return f;
  };
  return list().filter((f) => f.name);
}

export function serializeFields(fields: Field[]): string {
  return fields
    .map(
      (f) =>
        `${f.name}${Object.entries(f.params)
          .map(([k, v]) => `.${k}(${v})`)
          .join("")}${f.children ? `{${serializeFields(f.children)}}` : ""}`,
    )
    .join(",");
}

/** Keep only the requested fields of a plain object (nested objects without children are kept whole). */
export function project(
  obj: Record<string, unknown>,
  fields: Field[] | undefined,
  defaults: string[],
): Record<string, unknown> {
  const names = fields ? fields.map((f) => f.name) : defaults;
  const out: Record<string, unknown> = {};
  for (const n of names) if (obj[n] !== undefined) out[n] = obj[n];
  if (obj.id !== undefined) out.id = obj.id;
  return out;
}
