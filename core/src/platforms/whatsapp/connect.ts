import type { GraphClient } from "../graph";

export type PhoneNumberInfo = {
  id: string;
  displayPhoneNumber: string;
  verifiedName: string | null;
  qualityRating: string | null;
  status: string | null;
};

export type Template = {
  name: string;
  language: string;
  category: string | null;
  status: string;
  components: unknown[];
};

export async function getPhoneNumber(
  graph: GraphClient,
  token: string,
  phoneNumberId: string,
): Promise<PhoneNumberInfo> {
  const r = await graph.get<{
    id: string;
    display_phone_number?: string;
    verified_name?: string;
    quality_rating?: string;
    status?: string;
  }>(`/${phoneNumberId}`, { fields: "display_phone_number,verified_name,quality_rating,status" }, token);
  return {
    id: r.id ?? phoneNumberId,
    displayPhoneNumber: r.display_phone_number ?? phoneNumberId,
    verifiedName: r.verified_name ?? null,
    qualityRating: r.quality_rating ?? null,
    status: r.status ?? null,
  };
}

/** Every message template of the WABA (paged), whatever its review status. */
export async function listTemplates(graph: GraphClient, token: string, wabaId: string): Promise<Template[]> {
  const out: Template[] = [];
  let after: string | undefined;
  do {
    const res = await graph.get<{
      data?: { name: string; language: string; category?: string; status: string; components?: unknown[] }[];
      paging?: { next?: string; cursors?: { after?: string } };
    }>(
      `/${wabaId}/message_templates`,
      { fields: "name,language,category,status,components", limit: 100, after },
      token,
    );
    for (const t of res.data ?? [])
      out.push({
        name: t.name,
        language: t.language,
        category: t.category ?? null,
        status: t.status,
        components: t.components ?? [],
      });
    after = res.paging?.next ? res.paging.cursors?.after : undefined;
  } while (after);
  return out;
}

/** The phone number ids registered in a WABA (paged). */
export async function listWabaNumbers(graph: GraphClient, token: string, wabaId: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  do {
    const res = await graph.get<{ data?: { id: string }[]; paging?: { next?: string; cursors?: { after?: string } } }>(
      `/${wabaId}/phone_numbers`,
      { fields: "id,display_phone_number,verified_name", limit: 100, after },
      token,
    );
    for (const n of res.data ?? []) ids.push(n.id);
    after = res.paging?.next ? res.paging.cursors?.after : undefined;
  } while (after);
  return ids;
}

/** Subscribes the app to the WABA's webhooks (POST /{WABA_ID}/subscribed_apps). */
export async function subscribeWaba(graph: GraphClient, token: string, wabaId: string): Promise<void> {
  await graph.post(`/${wabaId}/subscribed_apps`, undefined, token);
}

/** Whether Meta still lists our app on the WABA (`GET /{WABA_ID}/subscribed_apps`). */
export async function isWabaSubscribed(graph: GraphClient, token: string, wabaId: string, appId: string) {
  const res = await graph.get<{ data?: { whatsapp_business_api_data?: { id?: string | number } }[] }>(
    `/${wabaId}/subscribed_apps`,
    {},
    token,
  );
  return (res.data ?? []).some((a) => String(a.whatsapp_business_api_data?.id) === appId);
}

export async function unsubscribeWaba(graph: GraphClient, token: string, wabaId: string): Promise<void> {
  await graph.delete(`/${wabaId}/subscribed_apps`, token);
}
