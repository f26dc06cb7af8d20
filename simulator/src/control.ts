import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { numericId } from "./ids";
import type { SimCore } from "./simulator";
import type { CustomerRefusal, Platform } from "./state";
import { type CustomerKind, KINDS_BY_PLATFORM } from "./webhooks/kinds";

const PLATFORMS: Platform[] = ["messenger", "instagram", "whatsapp"];
const REFUSALS: CustomerRefusal[] = ["blocked", "unavailable", "cannot_receive"];
/** Never echo credentials back: tests and evaluators read this list over plain HTTP. */
const SECRET_PARAMS = new Set(["access_token", "appsecret_proof", "client_secret", "input_token"]);

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const redact = (o: unknown): unknown =>
  o && typeof o === "object" && !Array.isArray(o)
    ? Object.fromEntries(Object.entries(o).filter(([k]) => !SECRET_PARAMS.has(k)))
    : o;

/**
 * The simulator's own control API under /_sim/ (Meta has no such thing): lets tests in other processes, the
 * e2e suite and anyone evaluating Parley see what Parley called and make customers and time do things.
 */
export function controlRoutes(sim: SimCore): Router {
  const r = express.Router();
  r.use(express.json());

  /**
   * Every Graph call Parley made, oldest first; `?since=<ISO time>` keeps those made at or after it. Inclusive:
   * times have millisecond resolution, and a call made in the very millisecond a caller noted must not be lost.
   */
  r.get("/sent", (req: Request, res: Response) => {
    const since = typeof req.query.since === "string" ? Date.parse(req.query.since) : Number.NaN;
    const calls = Number.isFinite(since) ? sim.calls.filter((c) => c.at.getTime() >= since) : sim.calls;
    res.json({
      data: calls.map((c) => ({
        method: c.method,
        path: c.path,
        query: redact(c.query),
        body: redact(c.body),
        time: c.at.toISOString(),
      })),
    });
  });

  /** Sender actions Parley sent: `typing_on`/`typing_off`/`mark_seen`, and WhatsApp's typing indicator as `typing_on`. */
  r.get("/sender-actions", (_req: Request, res: Response) => {
    res.json({
      data: sim.senderActions.map((a) => ({
        platform: a.platform,
        accountId: a.accountId,
        customerId: a.customerId,
        action: a.action,
        time: a.at.toISOString(),
      })),
    });
  });

  /** The person refuses the account's messages: `{as: "blocked" | "unavailable" | "cannot_receive"}` (default blocked). */
  r.post("/customers/:id/block", (req: Request, res: Response) => {
    const c = sim.customer(req.params.id as string, true);
    if (!c) throw new ControlError(404, `no customer ${req.params.id}`);
    const as = (req.body?.as ?? "blocked") as CustomerRefusal;
    if (!REFUSALS.includes(as)) throw new ControlError(400, `as must be one of ${REFUSALS.join(", ")}`);
    c.refuses = as;
    res.json({ id: c.id, refuses: as });
  });
  r.post("/customers/:id/unblock", (req: Request, res: Response) => {
    const c = sim.customer(req.params.id as string, true);
    if (!c) throw new ControlError(404, `no customer ${req.params.id}`);
    c.refuses = undefined;
    res.json({ id: c.id, refuses: null });
  });

  /**
   * Thread control moves between our app and another (handover protocol / conversation routing):
   * `{action: "take" | "pass" | "request", appId?}`. While another app owns the thread, its events come as standby.
   */
  r.post("/customers/:id/handover", async (req: Request, res: Response) => {
    const c = sim.customer(req.params.id as string, true);
    if (!c || c.platform === "whatsapp")
      throw new ControlError(404, `no Messenger or Instagram customer ${req.params.id}`);
    const action = req.body?.action;
    if (!["take", "pass", "request"].includes(action))
      throw new ControlError(400, "action must be take, pass or request");
    const out = await sim.handover({
      platform: c.platform,
      accountId: c.accountId,
      customerId: c.id,
      action,
      otherAppId: typeof req.body?.appId === "string" ? req.body.appId : undefined,
    });
    res.json({ delivered: out.delivered, status: out.status });
  });

  /** Meta drops our app's webhook subscription of a Page (with its Instagram account) or WABA. */
  r.delete("/subscriptions/:accountId", (req: Request, res: Response) => {
    try {
      sim.unsubscribe(req.params.accountId as string);
    } catch (e) {
      throw new ControlError(404, (e as Error).message);
    }
    res.json({ subscribed: false });
  });

  /**
   * A WhatsApp customer changes number: `{to?, type?}` (a random new wa_id by default; `type` may be the legacy
   * "customer_changed_number"). Answers once the system webhook was delivered (or not).
   */
  r.post("/customers/:id/change-number", async (req: Request, res: Response) => {
    const c = sim.customer(req.params.id as string);
    if (c?.platform !== "whatsapp") throw new ControlError(404, `no WhatsApp customer ${req.params.id}`);
    const b = (req.body ?? {}) as Record<string, unknown>;
    const to = b.to === undefined ? undefined : String(b.to).replace(/^\+/, "");
    if (to !== undefined && !/^\d{6,15}$/.test(to))
      throw new ControlError(400, "to must be a phone number (6 to 15 digits)");
    if (to && sim.customer(to)) throw new ControlError(409, `${to} already belongs to a customer`);
    const type = b.type ?? "user_changed_number";
    if (type !== "user_changed_number" && type !== "customer_changed_number")
      throw new ControlError(400, "type must be user_changed_number or customer_changed_number");
    res.json(await sim.changeNumber({ customerId: c.id, to, type }));
  });

  /**
   * The person unticks these permissions whenever the login dialog asks for them: `{permissions: [...]}` ([] stops
   * it). A permission declined once stays declined in later dialogs until Parley re-asks with auth_type=rerequest.
   */
  r.post("/oauth/decline", (req: Request, res: Response) => {
    const list = req.body?.permissions;
    if (!Array.isArray(list) || !list.every((p) => typeof p === "string" && p))
      throw new ControlError(400, "permissions must be a list of permission names");
    sim.declines = new Set(list as string[]);
    res.json({ permissions: [...sim.declines] });
  });
  /** A Facebook Login for Business configuration (what META_LOGIN_CONFIG_ID names): `{permissions}` → `{id}`. */
  r.post("/oauth/login-configs", (req: Request, res: Response) => {
    const list = req.body?.permissions;
    if (!Array.isArray(list) || !list.length || !list.every((p) => typeof p === "string" && p))
      throw new ControlError(400, "permissions must be a non-empty list of permission names");
    const id = String(req.body?.id ?? numericId(15, "1"));
    sim.state.loginConfigs.set(id, list as string[]);
    res.json({ id, permissions: list });
  });

  /** Moves the simulated clock forward (reply windows close, tokens and media expire); never back. */
  r.post("/clock", (req: Request, res: Response) => {
    const advanceMs = Number(req.body?.advanceMs);
    if (!Number.isFinite(advanceMs) || advanceMs < 0)
      throw new ControlError(400, "advanceMs must be a number of milliseconds ≥ 0");
    sim.clockOffsetMs += advanceMs;
    res.json({ now: new Date(sim.now()).toISOString(), offsetMs: sim.clockOffsetMs });
  });

  /**
   * A customer sends something: `{platform, accountExternalId, from?, text?, kind?, name?}`. An unknown or
   * missing `from` is a new customer (with that id when given). Answers once the webhook was delivered (or not).
   */
  r.post("/inbound", async (req: Request, res: Response) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const platform = b.platform as Platform;
    if (!PLATFORMS.includes(platform)) throw new ControlError(400, `platform must be one of ${PLATFORMS.join(", ")}`);
    const accountId = String(b.accountExternalId ?? "");
    if (sim.state.accountPlatform(accountId) !== platform)
      throw new ControlError(404, `no ${platform} account ${accountId} in the simulator`);
    const kind = (b.kind ?? "text") as CustomerKind;
    if (!(KINDS_BY_PLATFORM[platform] as readonly string[]).includes(kind))
      throw new ControlError(400, `kind must be one of ${KINDS_BY_PLATFORM[platform].join(", ")}`);
    const from = typeof b.from === "string" && b.from ? b.from : undefined;
    const known = from ? sim.customer(from) : undefined;
    if (known && known.accountId !== accountId)
      throw new ControlError(409, `customer ${from} belongs to another account`);
    const customerId =
      known?.id ??
      sim.createCustomer({
        platform,
        accountId,
        id: from,
        name: typeof b.name === "string" ? b.name : undefined,
      }).id;
    const out = await sim.customerSends({
      platform,
      accountId,
      customerId,
      kind,
      text: typeof b.text === "string" ? b.text : undefined,
    });
    res.json({ customerId, externalId: out.externalId, delivered: out.delivered, status: out.status });
  });

  r.use((_req: Request, _res: Response, next: NextFunction) => next(new ControlError(404, "unknown /_sim/ route")));
  r.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = err instanceof ControlError ? err.status : 500;
    res.status(status).json({ error: { message: (err as Error).message } });
  });
  return r;
}
