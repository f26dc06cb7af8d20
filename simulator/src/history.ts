import { photoSvg } from "./art/photos";
import {
  parseSeededConversationId,
  parseSeededCustomerId,
  parseSeededMid,
  seededConversationId,
  seededCustomerId,
  seededMid,
} from "./ids";
import type { Key, Seq } from "./paging";
import { BUSINESS_LINES, CUSTOMER_LINES, hash, personName, pick, prng, usernameFor } from "./sample-data";
import type { SeedBlock, SimAttachment } from "./state";

/**
 * Seeded history computed on demand from (block, conversation, message) numbers: 100,000 messages cost
 * nothing until read, and every read returns the same content.
 */
export type SeededConversation = {
  block: SeedBlock;
  index: number;
  id: string;
  customerId: string;
  customerName: string;
  customerUsername: string;
  updatedMs: number;
};
export type SeededMessage = {
  block: SeedBlock;
  conv: number;
  index: number;
  id: string;
  direction: "in" | "out";
  ms: number;
  text: string;
  attachments?: SimAttachment[];
};

export function conversationTime(b: SeedBlock, i: number): number {
  const step = Math.max(1, Math.floor((b.toMs - b.fromMs) / Math.max(1, b.conversations)));
  return b.toMs - i * step;
}

function gap(b: SeedBlock, i: number): number {
  const span = conversationTime(b, i) - b.fromMs;
  return Math.max(1000, Math.min(3 * 3600_000, Math.floor(span / (b.perConversation + 1))));
}

export function seededConversation(b: SeedBlock, i: number): SeededConversation {
  const r = prng(hash(b.no, i, "who"));
  const customerName = personName(r);
  return {
    block: b,
    index: i,
    id: seededConversationId(b.platform, b.no, i),
    customerId: seededCustomerId(b.platform, b.no, i),
    customerName,
    customerUsername: usernameFor(customerName, r),
    updatedMs: conversationTime(b, i),
  };
}

/** message j of conversation i; j = 0 is the newest; the oldest always comes from the customer */
export function seededMessage(b: SeedBlock, i: number, j: number, cdnBase: string): SeededMessage {
  const r = prng(hash(b.no, i, j));
  const direction: "in" | "out" = j === b.perConversation - 1 || j === 0 || r() < 0.55 ? "in" : "out";
  const ms = conversationTime(b, i) - j * gap(b, i);
  const id = seededMid(b.platform, b.no, i, j);
  if (direction === "in" && r() < 0.08) {
    return {
      block: b,
      conv: i,
      index: j,
      id,
      direction,
      ms,
      text: "",
      attachments: [
        {
          type: "image",
          mimeType: "image/png",
          url: `${cdnBase}/cdn/image/${id}.png`,
          name: "image.png",
          size: Buffer.byteLength(photoSvg(id)), // what the CDN serves for this URL
        },
      ],
    };
  }
  const text = direction === "in" ? pick(CUSTOMER_LINES, r()) : pick(BUSINESS_LINES, r());
  return { block: b, conv: i, index: j, id, direction, ms, text };
}

export function lastInboundMs(b: SeedBlock, i: number): number {
  return conversationTime(b, i); // message 0 is always the customer's
}

export function conversationSeq(b: SeedBlock): Seq<SeededConversation> {
  return {
    length: b.conversations,
    at: (i) => seededConversation(b, i),
    key: (i): Key => [conversationTime(b, i), seededConversationId(b.platform, b.no, i)],
  };
}

export function messageSeq(b: SeedBlock, i: number, cdnBase: string): Seq<SeededMessage> {
  return {
    length: b.perConversation,
    at: (j) => seededMessage(b, i, j, cdnBase),
    key: (j): Key => [conversationTime(b, i) - j * gap(b, i), seededMid(b.platform, b.no, i, j)],
  };
}

export function findSeededConversation(blocks: SeedBlock[], id: string) {
  const p = parseSeededConversationId(id);
  const b = p && blocks[p.block];
  return b && p.conv < b.conversations ? seededConversation(b, p.conv) : undefined;
}
export function findSeededCustomer(blocks: SeedBlock[], id: string) {
  const p = parseSeededCustomerId(id);
  const b = p && blocks[p.block];
  return b && p.conv < b.conversations ? seededConversation(b, p.conv) : undefined;
}
export function findSeededMessage(blocks: SeedBlock[], id: string, cdnBase: string) {
  const p = parseSeededMid(id);
  const b = p && blocks[p.block];
  return b && p.conv < b.conversations && p.msg < b.perConversation
    ? seededMessage(b, p.conv, p.msg, cdnBase)
    : undefined;
}
