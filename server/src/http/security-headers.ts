import helmet from "helmet";

/**
 * Headers on every response the app sends, the dashboard's files included. The CSP allows only the
 * dashboard's own scripts (no inline or injected script runs), no framing (clickjacking), and images and
 * media from Parley itself, `data:` and `blob:` (attachments and previews). Styles keep helmet's default,
 * which allows inline styles: the component libraries position popovers with style attributes.
 * `upgrade-insecure-requests` is left out: nginx redirects to HTTPS, and a plain-HTTP developer machine
 * must keep working.
 */
export const securityHeaders = helmet({
  contentSecurityPolicy: {
    directives: {
      "default-src": ["'self'"],
      "script-src": ["'self'"],
      "frame-ancestors": ["'none'"],
      "img-src": ["'self'", "data:", "blob:"],
      "media-src": ["'self'", "data:", "blob:"],
      "upgrade-insecure-requests": null,
    },
  },
  frameguard: { action: "deny" },
  referrerPolicy: { policy: "no-referrer" },
  // HSTS is nginx's job (it terminates TLS); the API may be reached over plain HTTP inside the network.
  strictTransportSecurity: false,
});
