import type { WorkspaceSettings } from "../../lib/types";

export type ReplyContext = {
  contactName: string | null;
  agentName: string;
  /** The workspace's business details (Settings → Workspace); the business's name falls back to the workspace's. */
  workspace: Pick<WorkspaceSettings, "name" | "business">;
};

/** Every variable a saved reply may use, in the order Settings lists them. */
export const REPLY_VARIABLES = [
  "contact.first_name",
  "contact.name",
  "agent.name",
  "business.name",
  "business.phone",
  "business.website",
  "business.address",
] as const;

/**
 * A saved reply's body with its variables filled in for this conversation. A variable with no value (a contact
 * without a name, a business without a phone) becomes empty rather than leaving "{{…}}" for the customer to see;
 * unknown ones stay as typed.
 */
export function fillVariables(body: string, ctx: ReplyContext): string {
  const name = ctx.contactName?.trim() ?? "";
  const b = ctx.workspace.business;
  const values: Record<(typeof REPLY_VARIABLES)[number], string> = {
    "contact.first_name": name.split(/\s+/)[0] ?? "",
    "contact.name": name,
    "agent.name": ctx.agentName,
    "business.name": b.name ?? ctx.workspace.name,
    "business.phone": b.phone ?? "",
    "business.website": b.website ?? "",
    "business.address": b.address ?? "",
  };
  return body.replace(/\{\{\s*([a-z_.]+)\s*\}\}/g, (whole, key: string) =>
    key in values ? values[key as keyof typeof values] : whole,
  );
}
