import type { Template } from "../../../lib/types";

/** Body text of a template, for a preview. */
export function templateBody(t: Template): string {
  const comps = Array.isArray(t.components) ? (t.components as { type?: string; text?: string }[]) : [];
  return comps.find((c) => c.type?.toUpperCase() === "BODY")?.text ?? "";
}

/** How many {{n}} placeholders the body has (WhatsApp numbers them from 1). */
export function placeholderCount(body: string): number {
  const nums = [...body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1]));
  return nums.length ? Math.max(...nums) : 0;
}

/** The body with values filled in, for the preview and the message shown in the thread. */
export function fillBody(body: string, values: string[]): string {
  return body.replace(/\{\{(\d+)\}\}/g, (_, n) => values[Number(n) - 1] || `{{${n}}}`);
}

/** The Cloud API `components` for the body parameters, or undefined when there are none. */
export function bodyComponents(values: string[]): unknown[] | undefined {
  if (values.length === 0) return undefined;
  return [{ type: "body", parameters: values.map((text) => ({ type: "text", text })) }];
}
