import { createContext, useContext } from "react";
import type { Message } from "../../../lib/types";

/** The message the agent chose to quote ("Reply" on a bubble), shared by the thread's list and its composer. */
export type ReplyTargetState = { target: Message | null; setTarget: (m: Message | null) => void };
export const ReplyTargetContext = createContext<ReplyTargetState>({ target: null, setTarget: () => {} });
export const useReplyTarget = () => useContext(ReplyTargetContext);

/** Only a message that reached the platform (it has Meta's id) can be quoted there; notes never. */
export const canQuote = (m: Message) =>
  !!m.externalId && m.direction !== "INTERNAL" && !m.deleted && m.kind !== "comment";
