import type { Express } from "express";

/**
 * Every route an Express 5 app answers, as "METHOD /full/pattern" (e.g. "GET /api/conversations/:id"),
 * read from the app's router stack. A mounted sub-app that is not ours to enumerate (the queue board)
 * appears once as "ALL /mount/*". Regexp routes that cannot answer under /api (the dashboard's SPA
 * fallback, present only when the client is built) are left out.
 */
export function appRoutes(app: Express): string[] {
  const out = new Set<string>();
  walk((app as unknown as { router: RouterLike }).router.stack, "", out);
  return [...out].sort();
}

type LayerLike = {
  name?: string;
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[]; router?: RouterLike; set?: unknown };
};
type RouterLike = { stack: LayerLike[] };

function walk(stack: LayerLike[], prefix: string, out: Set<string>): void {
  for (const layer of stack) {
    if (layer.route) {
      const methods = Object.keys(layer.route.methods).map((m) => (m === "_all" ? "ALL" : m.toUpperCase()));
      for (const path of paths(layer.route.path)) {
        if (path instanceof RegExp) {
          if (path.test("/api/x")) for (const m of methods) out.add(`${m} ${prefix}${path}`);
          continue;
        }
        for (const m of methods) out.add(`${m} ${join(prefix, String(path))}`);
      }
      continue;
    }
    const mount = paths(layer.rawPath).find((p): p is string => typeof p === "string") ?? "/";
    if (typeof layer.handle?.set === "function" || layer.name === "mounted_app") {
      // An Express sub-application (someone else's routes): one entry for the whole mount.
      out.add(`ALL ${join(prefix, mount)}/*`);
    } else if (Array.isArray(layer.handle?.stack)) {
      walk(layer.handle.stack, join(prefix, mount), out);
    }
  }
}

const paths = (p: unknown): unknown[] => (Array.isArray(p) ? p.flat(Infinity) : [p]);

function join(prefix: string, path: string): string {
  const full = `${prefix}/${path}`.replace(/\/+/g, "/");
  return full.length > 1 ? full.replace(/\/$/, "") : full;
}
