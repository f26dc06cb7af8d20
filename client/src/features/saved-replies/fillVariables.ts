export type ReplyContext = { contactName: string | null; agentName: string; businessName: string };

/**
 * A saved reply's body with its variables filled in for this conversation. A variable with no value (a contact
 * without a name) becomes empty rather than leaving "{{…}}" for the customer to see; unknown ones stay as typed.
 */
export function fillVariables(body: string, ctx: ReplyContext): string {
  const name = ctx.contactName?.trim() ?? "";
  const values: Record<string, string> = {
    "contact.first_name": name.split(/\s+/)[0] ?? "",
    "contact.name": name,
    "agent.name": ctx.agentName,
    "business.name": ctx.businessName,
  };
  return body.replace(/\{\{\s*([a-z_.]+)\s*\}\}/g, (whole, key: string) => (key in values ? values[key] : whole));
}
