import type { GraphClient } from "../graph";

// WhatsApp has no history API: what it keeps for us is media behind ids, resolved to a short-lived URL
// (minutes) and downloaded with the same bearer token.

/** The short-lived download URL of a media id (fetched by core/src/media with the same token, host-checked). */
export async function whatsappMediaUrl(graph: GraphClient, token: string, mediaId: string): Promise<string> {
  const info = await graph.get<{ url: string; mime_type?: string }>(`/${mediaId}`, {}, token);
  return info.url;
}
