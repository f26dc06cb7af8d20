import type { Tx } from "./sql";
import { applyComments } from "./steps/comments";
import { applyContactMoves } from "./steps/contact-moves";
import { applyDeletions } from "./steps/deletions";
import { applyEdits } from "./steps/edits";
import { applyMessages } from "./steps/messages";
import { applyReactions } from "./steps/reactions";
import { applyStatuses } from "./steps/statuses";
import { applyWatermarks } from "./steps/watermarks";
import type { Changed, Resolved, Step, StepOptions } from "./types";

/**
 * Every kind of write applyEvents makes, in the order it makes them. A new kind of event gets a file in
 * steps/ and a place here. Messages come first, so the steps after them find the messages of their own
 * batch (a status, reaction or deletion delivered together with its message). A contact's move to a new id
 * comes before them, so the batch's messages are written under the id the customer has now.
 */
export const steps: readonly Step[] = [
  applyContactMoves,
  applyMessages,
  applyStatuses,
  applyWatermarks,
  applyReactions,
  applyDeletions,
  // After deletions: an unsent message stays unsent whatever edit arrives with it.
  applyEdits,
  applyComments,
];

/** Runs every step on one transaction; a message created here is reported as created only, not also updated. */
export async function applySteps(tx: Tx, events: Resolved[], opts: StepOptions): Promise<Changed> {
  const changed: Changed = { created: new Set(), updated: new Set(), conversations: new Set(), arrived: [] };
  for (const step of steps) await step(tx, events, opts, changed);
  for (const id of changed.created) changed.updated.delete(id);
  return changed;
}
