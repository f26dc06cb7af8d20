import { type Db, Prisma } from "../../db";
import { queryRows } from "../../db-pg";
import type { ApplyResult, Changed, ConversationRow, MessageRow } from "./types";

/**
 * The final state of everything that changed, read after commit, in the shapes the DTOs take. This runs for
 * every webhook batch, so it is two plain SQL reads (on `pg` when there is a pool, see queryRows) whose rows
 * come out in Prisma's shapes: every column is text, uuid, enum, int, text[], jsonb or timestamp.
 */
export async function readBack(db: Db, changed: Changed): Promise<Omit<ApplyResult, "skipped">> {
  const ids = [...changed.created, ...changed.updated];
  const [rows, conversations] = await Promise.all([
    ids.length ? readMessages(db, ids) : [],
    changed.conversations.size ? readConversations(db, [...changed.conversations]) : [],
  ]);
  return {
    created: rows.filter((m) => changed.created.has(m.id)),
    updated: rows.filter((m) => !changed.created.has(m.id)),
    conversations,
  };
}

const readMessages = (db: Db, ids: string[]) =>
  queryRows<MessageRow>(
    db,
    `SELECT m.*, c."workspaceId" FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId"
     WHERE m.id = ANY($1::uuid[]) ORDER BY m."platformTimestamp", m.id`,
    [ids],
  );

// Conversation and Contact share column names (id, createdAt…): the contact's columns come prefixed, listed
// from the Prisma schema (its field names are the column names) so a new Contact column is read too.
const CONTACT = "contact.";
const contactColumns = Object.values(Prisma.ContactScalarFieldEnum)
  .map((f) => `k."${f}" AS "${CONTACT}${f}"`)
  .join(", ");

async function readConversations(db: Db, ids: string[]): Promise<ConversationRow[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    `SELECT c.*, ${contactColumns} FROM "Conversation" c JOIN "Contact" k ON k.id = c."contactId"
     WHERE c.id = ANY($1::uuid[])`,
    [ids],
  );
  return rows.map((row) => {
    const conversation: Record<string, unknown> = {};
    const contact: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(row)) {
      if (name.startsWith(CONTACT)) contact[name.slice(CONTACT.length)] = value;
      else conversation[name] = value;
    }
    return { ...conversation, contact } as ConversationRow;
  });
}
