import type { Page, Route } from "playwright-core";
import * as f from "./fixtures";

/** Answers /api/* inside the browser from the fixtures, so screens can be designed before the backend exists. */
export async function mockApi(page: Page, opts: { signedIn: boolean }) {
  const convs = structuredClone(f.conversations);
  const msgs = structuredClone(f.messages) as Record<string, any[]>;
  await page.routeWebSocket(/\/ws/, () => {
    // accept and stay quiet
  });
  await page.route(/\/api\//, async (route: Route) => {
    const req = route.request();
    const url = new URL(req.url());
    const path = url.pathname;
    const method = req.method();
    const json = (body: unknown, status = 200) =>
      route.fulfill({ status, contentType: "application/json", body: JSON.stringify(body) });
    let m = [] as unknown as RegExpMatchArray;
    const at = (re: RegExp) => {
      const r = path.match(re);
      if (r) m = r;
      return r !== null;
    };
    if (path === "/api/auth/refresh")
      return opts.signedIn ? json(f.session) : json({ error: { code: "unauthorized", message: "No session" } }, 401);
    if (path === "/api/auth/me") return json(f.session);
    if (path === "/api/auth/login")
      return json({ error: { code: "invalid_credentials", message: "Invalid email or password" } }, 401);
    if (path === "/api/auth/register")
      return json(
        {
          error: {
            code: "validation_failed",
            message: "Check the highlighted fields",
            fields: { email: "An account with this email already exists.", password: "Use at least 8 characters." },
          },
        },
        400,
      );
    if (path === "/api/workspace/members") return json(f.members);
    if (path === "/api/labels") return json(f.labels);
    if (path === "/api/conversations") {
      const sp = url.searchParams;
      const items = convs.filter(
        (c) =>
          (!sp.get("status") || c.status === sp.get("status")) &&
          (!sp.get("platform") || c.platform === sp.get("platform")) &&
          (!sp.get("unread") || c.unreadCount > 0) &&
          (!sp.get("assignee") || c.assigneeId === f.me.id) &&
          (!sp.get("q") ||
            `${c.contact.name} ${c.lastMessagePreview}`.toLowerCase().includes(sp.get("q")!.toLowerCase())),
      );
      return json({ items, nextCursor: null });
    }
    if (at(/^\/api\/conversations\/([^/]+)$/)) {
      const c = convs.find((x) => x.id === m[1])!;
      if (method === "PATCH") Object.assign(c, req.postDataJSON());
      return json(c);
    }
    if (at(/^\/api\/conversations\/([^/]+)\/read$/)) {
      const c = convs.find((x) => x.id === m[1])!;
      c.unreadCount = 0;
      return json(c);
    }
    if (at(/^\/api\/conversations\/([^/]+)\/window$/)) {
      const c = convs.find((x) => x.id === m[1])!;
      const last = new Date(c.lastInboundAt).getTime();
      const open = Date.now() < last + 86_400_000;
      return json({
        platform: c.platform,
        lastInboundAt: c.lastInboundAt,
        closesAt: new Date(last + 86_400_000).toISOString(),
        open,
        humanAgentUntil: c.platform === "WHATSAPP" ? null : new Date(last + 7 * 86_400_000).toISOString(),
        needsTemplate: !open && c.platform === "WHATSAPP",
      });
    }
    if (at(/^\/api\/conversations\/([^/]+)\/messages$/)) {
      if (method === "POST") {
        const body = req.postDataJSON();
        const created = {
          ...msgs[m[1]][0],
          id: `new-${body.clientId}`,
          clientId: body.clientId,
          direction: "OUT",
          kind: "text",
          text: body.text,
          attachments: [],
          status: "QUEUED",
          replyTo: null,
          reactions: {},
          meta: null,
          timestamp: new Date().toISOString(),
          sentBy: { id: f.me.id, name: f.me.name },
        };
        msgs[m[1]].push(created);
        return json(created, 202);
      }
      return json({ items: msgs[m[1]] ?? [], nextCursor: null });
    }
    if (path === "/api/platforms") return json(f.platforms);
    if (at(/^\/api\/platforms\/([^/]+)\/templates$/)) return json(f.templates);
    if (path.startsWith("/api/platforms/meta/choices/")) return json(f.metaChoices);
    if (path === "/api/platforms/whatsapp/connect")
      return json(
        {
          error: {
            code: "validation_failed",
            message: "Meta refused these details",
            fields: { accessToken: "Meta says this token has expired. Generate a new system-user token." },
          },
        },
        400,
      );
    if (path === "/api/admin/webhook-events") return json({ items: f.failedEvents });
    return json({ error: { code: "not_found", message: `No mock for ${method} ${path}` } }, 404);
  });
}
