import type { Request, Response, Router } from "express";
import { oauthCode } from "../ids";
import { arraySeq, decodeCursor, encodeCursor, pageOf } from "../paging";
import type { SimCore } from "../simulator";
import type { Page } from "../state";
import { authenticate } from "./auth";
import { graphError } from "./errors";
import { parseFields } from "./fields";

const q = (req: Request, k: string) => (typeof req.query[k] === "string" ? (req.query[k] as string) : undefined);
const SHORT_LIVED_S = 2 * 3600;
const LONG_LIVED_S = 5_183_944; // ~60 days, as Meta answers

export function oauthRoutes(sim: SimCore, r: Router) {
  // The dialog auto-approves as the most recently created user (or ?sim_user=); ?sim_decline=1 declines the
  // whole dialog; ?sim_decline_permissions=a,b (and the /_sim/oauth/decline setting) unticks those permissions.
  r.get("/dialog/oauth", (req: Request, res: Response) => {
    const redirectUri = q(req, "redirect_uri");
    const state = q(req, "state");
    if (q(req, "client_id") !== sim.appId) {
      res
        .status(400)
        .type("html")
        .send("<h1>Invalid App ID</h1><p>The provided app ID does not look like a valid app ID.</p>");
      return;
    }
    if (!redirectUri) {
      res.status(400).type("html").send("<h1>Error</h1><p>redirect_uri is required.</p>");
      return;
    }
    const back = new URL(redirectUri);
    if (state !== undefined) back.searchParams.set("state", state);
    if (q(req, "sim_decline")) {
      back.searchParams.set("error", "access_denied");
      back.searchParams.set("error_code", "200");
      back.searchParams.set("error_description", "Permissions error");
      back.searchParams.set("error_reason", "user_denied");
      res.redirect(302, `${back.toString()}#_=_`);
      return;
    }
    let userId = q(req, "sim_user") ?? sim.state.lastUserId;
    if (!userId || !sim.state.users.has(userId)) userId = sim.createFacebookUser({}).id;
    const asked = askedPermissions(sim, req);
    if ("error" in asked) {
      res.status(400).type("html").send(`<h1>Error</h1><p>${asked.error}</p>`);
      return;
    }
    const { granted, declined } = answer(sim, userId, asked, {
      rerequest: q(req, "auth_type") === "rerequest",
      unticks: new Set([...sim.declines, ...(q(req, "sim_decline_permissions") ?? "").split(",").filter(Boolean)]),
    });
    const code = oauthCode();
    sim.state.oauthCodes.set(code, {
      userId,
      redirectUri,
      scopes: granted,
      declined,
      used: false,
      expiresAtMs: Date.now() + 10 * 60_000,
    });
    back.searchParams.set("code", code);
    res.redirect(302, `${back.toString()}#_=_`);
  });

  r.all("/oauth/access_token", (req: Request, res: Response) => {
    const p = { ...(req.query as Record<string, string>), ...((req.body as Record<string, string>) ?? {}) };
    if (p.client_id !== sim.appId)
      throw graphError(101, { message: "Error validating application. Invalid application ID." });
    if (p.client_secret !== sim.appSecret)
      throw graphError(1, { status: 400, message: "Error validating client secret." });
    if (p.grant_type === "fb_exchange_token") {
      const short = sim.state.tokens.get(p.fb_exchange_token ?? "");
      if (short?.kind !== "USER")
        throw graphError(190, { message: "Invalid OAuth access token - Cannot parse access token" });
      if (short.invalid || (short.expiresAtMs ?? Infinity) < Date.now())
        throw graphError(190, { subcode: 463, message: "Error validating access token: Session has expired." });
      const t = sim.addToken({
        kind: "USER",
        longLived: true,
        userId: short.userId,
        scopes: short.scopes,
        declined: short.declined,
        expiresAtMs: Date.now() + LONG_LIVED_S * 1000,
      });
      res.json({ access_token: t.token, token_type: "bearer", expires_in: LONG_LIVED_S });
      return;
    }
    if (p.grant_type === "client_credentials") {
      res.json({ access_token: `${sim.appId}|${sim.appSecret}`, token_type: "bearer" });
      return;
    }
    const c = sim.state.oauthCodes.get(p.code ?? "");
    if (!c) throw graphError(100, { subcode: 36007, message: "Invalid verification code format." });
    if (c.used) throw graphError(100, { subcode: 36009, message: "This authorization code has been used." });
    if (c.expiresAtMs < Date.now())
      throw graphError(100, { subcode: 36007, message: "This authorization code has expired." });
    if (c.redirectUri !== p.redirect_uri) {
      throw graphError(100, {
        subcode: 36008,
        message:
          "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request",
      });
    }
    c.used = true;
    const t = sim.addToken({
      kind: "USER",
      userId: c.userId,
      scopes: c.scopes,
      declined: c.declined,
      expiresAtMs: Date.now() + SHORT_LIVED_S * 1000,
    });
    res.json({ access_token: t.token, token_type: "bearer", expires_in: SHORT_LIVED_S });
  });

  r.get("/debug_token", (req: Request, res: Response) => {
    const input = q(req, "input_token");
    const t = input ? sim.state.tokens.get(input) : undefined;
    if (!t) {
      res.json({ data: { is_valid: false, error: { code: 190, message: "Invalid OAuth access token." }, scopes: [] } });
      return;
    }
    const valid = !t.invalid && (t.expiresAtMs ?? Infinity) > sim.now();
    res.json({
      data: {
        app_id: sim.appId,
        type: t.kind,
        application: "Parley (simulated)",
        data_access_expires_at: Math.floor((Date.now() + 90 * 86_400_000) / 1000),
        expires_at: t.expiresAtMs ? Math.floor(t.expiresAtMs / 1000) : 0,
        is_valid: valid,
        ...(t.invalid ? { error: { code: 190, subcode: t.invalid.subcode, message: t.invalid.message } } : {}),
        scopes: t.scopes,
        ...(t.userId ? { user_id: t.userId } : {}),
        ...(t.pageId ? { profile_id: t.pageId } : {}),
        ...(t.wabaId
          ? {
              granular_scopes: [
                { scope: "whatsapp_business_messaging", target_ids: [t.wabaId] },
                { scope: "whatsapp_business_management", target_ids: [t.wabaId] },
              ],
            }
          : {}),
      },
    });
  });

  r.get("/me", (req: Request, res: Response) => {
    const t = authenticate(sim, req);
    if (t.kind === "PAGE") {
      const page = sim.state.pages.get(t.pageId!)!;
      const out: Record<string, unknown> = { id: page.id, name: page.name };
      if ((q(req, "fields") ?? "").includes("instagram_business_account") && page.instagram)
        out.instagram_business_account = { id: page.instagram.id };
      res.json(out);
      return;
    }
    if (t.kind === "USER") {
      const u = sim.state.users.get(t.userId!)!;
      res.json({ id: u.id, name: u.name });
      return;
    }
    res.json({ id: t.wabaId, name: "System User" });
  });

  // What the person granted and declined, as Meta lists it: `{data: [{permission, status}]}`.
  r.get("/me/permissions", (req: Request, res: Response) => {
    const t = authenticate(sim, req);
    if (t.kind !== "USER")
      throw graphError(100, { message: "(#100) Tried accessing nonexisting field (permissions) on node type (Page)" });
    const granted = ["public_profile", ...t.scopes.filter((p) => p !== "public_profile")];
    res.json({
      data: [
        ...granted.map((permission) => ({ permission, status: "granted" })),
        ...(t.declined ?? []).map((permission) => ({ permission, status: "declined" })),
      ],
    });
  });

  const accounts = (req: Request, res: Response) => {
    const t = authenticate(sim, req);
    if (t.kind !== "USER")
      throw graphError(100, { message: "(#100) Tried accessing nonexisting field (accounts) on node type (Page)" });
    if (req.params.userId && req.params.userId !== t.userId) throw graphError(100, { subcode: 33 });
    const pages = [...sim.state.pages.values()]
      .filter((p) => !p.ownerUserId || p.ownerUserId === t.userId)
      .sort((a, b) => (a.id < b.id ? 1 : -1));
    const limit = Math.min(100, Number(q(req, "limit") ?? 25) || 25);
    const after = q(req, "after");
    const page = pageOf([arraySeq(pages, (p) => [0, p.id] as const)], {
      limit,
      after: after ? decodeCursor(after) : undefined,
    });
    const fields = parseFields(q(req, "fields")) ?? [
      { name: "id", params: {} },
      { name: "name", params: {} },
      { name: "access_token", params: {} },
    ];
    const data = page.items.map((p) =>
      pageAccount(
        p,
        fields.map((f) => f.name),
        fields.find((f) => f.name === "instagram_business_account")?.children?.map((c) => c.name),
      ),
    );
    const out: Record<string, unknown> = {
      data,
      paging: {
        cursors: {
          before: page.first ? encodeCursor(page.first) : "",
          after: page.last ? encodeCursor(page.last) : "",
        },
      },
    };
    if (page.hasNext && page.last) {
      const next = new URL(`${sim.graphUrl}/me/accounts`);
      for (const [k, v] of Object.entries(req.query))
        if (typeof v === "string" && k !== "after") next.searchParams.set(k, v);
      next.searchParams.set("after", encodeCursor(page.last));
      (out.paging as Record<string, unknown>).next = next.toString();
    }
    res.json(out);
  };
  r.get("/me/accounts", accounts);
  r.get("/:userId/accounts", accounts);
}

function pageAccount(p: Page, names: string[], igFields?: string[]) {
  const out: Record<string, unknown> = { id: p.id };
  for (const n of names) {
    if (n === "name") out.name = p.name;
    if (n === "access_token") out.access_token = p.accessToken;
    if (n === "category") out.category = "Shopping & retail";
    if (n === "tasks") out.tasks = ["ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MESSAGING", "MODERATE", "MANAGE"];
    if (n === "instagram_business_account" && p.instagram) {
      const ig = p.instagram;
      const full: Record<string, unknown> = {
        id: ig.id,
        username: ig.username,
        name: ig.name,
        profile_picture_url: ig.profilePictureUrl,
      };
      const keep = igFields ?? ["id"];
      out.instagram_business_account = Object.fromEntries(
        Object.entries(full).filter(([k]) => k === "id" || keep.includes(k)),
      );
    }
  }
  return out;
}

type Asked = { permissions: string[]; business: boolean } | { error: string };

/**
 * Facebook Login asks for `scope`; Facebook Login for Business for a configuration (`config_id`, set up in the
 * app dashboard), which decides the permissions and takes precedence over any scope.
 */
function askedPermissions(sim: SimCore, req: Request): Asked {
  const configId = q(req, "config_id");
  if (configId !== undefined) {
    const permissions = sim.state.loginConfigs.get(configId);
    if (!permissions)
      return { error: "Invalid config_id: this app has no such Facebook Login for Business configuration." };
    return { permissions, business: true };
  }
  return { permissions: (q(req, "scope") ?? "").split(/[ ,]+/).filter(Boolean), business: false };
}

/**
 * What the person grants. In Facebook Login they may untick permissions; one they declined before is not asked
 * again (it stays declined) unless the app re-asks with `auth_type=rerequest`. Facebook Login for Business has
 * them grant every permission of the configuration, or nothing.
 */
function answer(
  sim: SimCore,
  userId: string,
  asked: { permissions: string[]; business: boolean },
  opts: { rerequest: boolean; unticks: Set<string> },
): { granted: string[]; declined: string[] } {
  const before = sim.state.declinedByUser.get(userId) ?? new Set<string>();
  sim.state.declinedByUser.set(userId, before);
  const granted: string[] = [];
  for (const p of asked.permissions) {
    const declines = !asked.business && (opts.unticks.has(p) || (before.has(p) && !opts.rerequest));
    if (declines) before.add(p);
    else {
      before.delete(p);
      granted.push(p);
    }
  }
  return { granted, declined: asked.permissions.filter((p) => !granted.includes(p)) };
}
