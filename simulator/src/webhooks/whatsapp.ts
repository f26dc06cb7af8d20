/**
 * WhatsApp Cloud API webhook entries (`object: "whatsapp_business_account"`), docs/meta-platform.md.
 * Each returns one `entry[]` item with one change; several messages/statuses may share a value.
 */
export type WaIds = { wabaId: string; phoneNumberId: string; displayPhoneNumber: string };

export const seconds = (ms = Date.now()) => String(Math.floor(ms / 1000));

export function waEntry(ids: WaIds, value: Record<string, unknown>) {
  return {
    id: ids.wabaId,
    changes: [
      {
        field: "messages",
        value: {
          messaging_product: "whatsapp",
          metadata: { display_phone_number: ids.displayPhoneNumber, phone_number_id: ids.phoneNumberId },
          ...value,
        },
      },
    ],
  };
}

export type WaMessage = {
  from: string;
  id: string;
  timestamp: string;
  type: string;
  context?: { from?: string; id?: string; forwarded?: boolean; frequently_forwarded?: boolean };
  referral?: Record<string, unknown>;
  errors?: WaError[];
  [content: string]: unknown;
};
export type WaError = { code: number; title: string; message: string; error_data?: { details: string }; href?: string };

/** Messages from customers; `contacts` carries their profile names. */
export const messages = (ids: WaIds, contacts: { waId: string; name: string }[], msgs: WaMessage[]) =>
  waEntry(ids, { contacts: contacts.map((c) => ({ profile: { name: c.name }, wa_id: c.waId })), messages: msgs });

export type WaStatus = {
  id: string;
  status: "sent" | "delivered" | "read" | "failed" | "played";
  timestamp: string;
  recipient_id: string;
  conversation?: Record<string, unknown>;
  pricing?: Record<string, unknown>;
  errors?: WaError[];
};

export const statuses = (ids: WaIds, list: WaStatus[]) => waEntry(ids, { statuses: list });

export function status(
  wamid: string,
  recipientId: string,
  state: WaStatus["status"],
  opts: { ms?: number; error?: { code: number; title: string; details?: string } } = {},
): WaStatus {
  const s: WaStatus = { id: wamid, status: state, timestamp: seconds(opts.ms), recipient_id: recipientId };
  if (state === "sent" || state === "delivered") {
    s.pricing = { billable: false, pricing_model: "PMP", type: "free_customer_service", category: "service" };
  }
  if (state === "failed") {
    const e = opts.error ?? {
      code: 131026,
      title: "Receiver is incapable of receiving this message",
      details: "Message Undeliverable.",
    };
    s.errors = [
      {
        code: e.code,
        title: e.title,
        message: e.title,
        error_data: { details: e.details ?? e.title },
        href: "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
      },
    ];
  }
  return s;
}

/** System-level errors (value.errors[]), e.g. 130429. */
export const systemErrors = (ids: WaIds, errors: WaError[]) => waEntry(ids, { errors });

/**
 * A customer changed their WhatsApp number. As Meta documents it today: `type: "system"` from the OLD number,
 * `system.wa_id` the new one, `system.type: "user_changed_number"` (formerly `customer_changed_number`), and,
 * unlike other inbound messages, no `contacts[]`.
 */
export function numberChanged(
  ids: WaIds,
  c: { from: string; to: string; name: string; id: string; ms: number; type?: string },
) {
  const msg: WaMessage = {
    from: c.from,
    id: c.id,
    timestamp: seconds(c.ms),
    type: "system",
    system: {
      body: `User ${c.name} changed from ${c.from} to ${c.to}`,
      wa_id: c.to,
      type: c.type ?? "user_changed_number",
    },
  };
  return waEntry(ids, { messages: [msg] });
}
