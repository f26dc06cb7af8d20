import type { GraphClient } from "../graph";

// WhatsApp has no history API: what it keeps for us is media behind ids, resolved to a short-lived URL
// (minutes) and downloaded with the same bearer token.

export async function downloadMedia(graph: GraphClient, token: string, mediaId: string): Promise<Response> {
  const info = await graph.get<{ url: string; mime_type?: string }>(`/${mediaId}`, {}, token);
  return graph.download(info.url, token);
}
