/**
 * Where Parley may fetch media from. Inbound media comes only from Meta's CDNs and media host (WhatsApp media
 * URLs are on lookaside.fbsbx.com), plus the configured Graph host itself, which in tests and the demo is the
 * simulator on loopback and is therefore trusted as configured. An agent's attachment may be any public https host.
 */
export type FetchPolicy = {
  /** `host[:port]` values trusted as configured: private addresses and plain http are allowed for them only. */
  trustedHosts: string[];
  /** A hostname check on top of the address check; absent means any public host. */
  allowHostname?: (hostname: string) => boolean;
};

const META_MEDIA_HOSTS = [
  /(^|\.)fbcdn\.net$/,
  /(^|\.)cdninstagram\.com$/,
  /^lookaside\.fbsbx\.com$/,
  /^lookaside\.instagram\.com$/,
];

export const isMetaMediaHostname = (hostname: string) =>
  META_MEDIA_HOSTS.some((re) => re.test(hostname.toLowerCase().replace(/\.$/, "")));

export function metaMediaPolicy(graphUrl: string): FetchPolicy {
  return { trustedHosts: [new URL(graphUrl).host], allowHostname: isMetaMediaHostname };
}

export const publicHttpsPolicy: FetchPolicy = { trustedHosts: [] };
