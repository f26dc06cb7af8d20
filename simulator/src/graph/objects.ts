import { createHmac, timingSafeEqual } from "node:crypto";
import type { Request, Response, Router } from "express";
import { cdnFile } from "../media";
import type { SimCore } from "../simulator";
import { INSTAGRAM_FIELDS, PAGE_FIELDS } from "../webhooks/fields";
import { authenticate, canAccess, noObject } from "./auth";
import {
  beyondDetailLimit,
  conversationJson,
  messageById,
  messageJson,
  resolveConversation,
  tooOldForDetails,
} from "./conversations";
import { graphError } from "./errors";
import { parseFields, project } from "./fields";

const MEDIA_URL_TTL_S = 5 * 60;
/** WhatsApp media ids live 7 days after the customer sent them. */
export const MEDIA_ID_TTL_MS = 7 * 86_400_000;
const str = (v: unknown) => (typeof v === "string" ? v : undefined);

export function mediaUrl(sim: SimCore, mediaId: string): string {
  const ext = String(Math.floor(Date.now() / 1000) + MEDIA_URL_TTL_S);
  const hash = createHmac("sha256", sim.appSecret).update(`${mediaId}:${ext}`).digest("hex").slice(0, 32);
  return `${sim.url}/whatsapp_business/attachments/?mid=${mediaId}&ext=${ext}&hash=${hash}`;
}

/** Objects addressed by id, and their small edges (subscribed_apps, templates, phone numbers). */
export function objectRoutes(sim: SimCore, r: Router) {
  const s = sim.state;

  r.get("/:id", (req: Request, res: Response) => {
    const tok = authenticate(sim, req);
    const id = req.params.id as string;
    const fields = parseFields(str(req.query.fields));

    const page = s.pages.get(id);
    if (page) {
      if (!canAccess(sim, tok, id)) throw noObject(id);
      const full: Record<string, unknown> = {
        id,
        name: page.name,
        category: "Shopping & retail",
        link: `https://www.facebook.com/${id}`,
      };
      if (page.instagram) full.instagram_business_account = { id: page.instagram.id };
      if (tok.kind === "USER" || tok.kind === "PAGE") full.access_token = page.accessToken;
      res.json(project(full, fields, ["id", "name"]));
      return;
    }
    const ig = s.igAccounts.get(id);
    if (ig) {
      if (!canAccess(sim, tok, id)) throw noObject(id);
      res.json(
        project(
          {
            id,
            username: ig.username,
            name: ig.name,
            profile_picture_url: ig.profilePictureUrl,
            followers_count: 1234,
          },
          fields,
          ["id"],
        ),
      );
      return;
    }
    const num = s.waNumbers.get(id);
    if (num) {
      if (!canAccess(sim, tok, id)) throw noObject(id);
      const full = {
        id,
        display_phone_number: formatDisplay(num.displayPhoneNumber),
        verified_name: num.verifiedName,
        quality_rating: "GREEN",
        code_verification_status: "VERIFIED",
        platform_type: "CLOUD_API",
        status: "CONNECTED",
        name_status: "APPROVED",
        throughput: { level: "STANDARD" },
        messaging_limit_tier: "TIER_1K",
      };
      res.json(
        project(full, fields, [
          "id",
          "display_phone_number",
          "verified_name",
          "quality_rating",
          "code_verification_status",
        ]),
      );
      return;
    }
    const waba = s.wabas.get(id);
    if (waba) {
      if (!canAccess(sim, tok, id)) throw noObject(id);
      res.json(
        project(
          {
            id,
            name: `${waba[0].verifiedName} WABA`,
            currency: "EUR",
            timezone_id: "1",
            message_template_namespace: `ns_${id}`,
          },
          fields,
          ["id", "name"],
        ),
      );
      return;
    }
    const media = s.media.get(id);
    if (media) {
      if (!canAccess(sim, tok, media.phoneNumberId)) throw noObject(id);
      if (media.createdAtMs !== undefined && media.createdAtMs + MEDIA_ID_TTL_MS < Date.now()) throw noObject(id);
      res.json({
        messaging_product: "whatsapp",
        url: mediaUrl(sim, id),
        mime_type: media.mimeType,
        sha256: media.sha256,
        file_size: media.bytes.length,
        id,
      });
      return;
    }
    const conv = resolveConversation(sim, id);
    if (conv) {
      const accountId = conv.kind === "live" ? conv.t.accountId : conv.c.block.accountId;
      if (!canAccess(sim, tok, accountId)) throw noObject(id);
      res.json(conversationJson(sim, conv, s.igAccounts.has(accountId) ? "instagram" : "messenger", fields, req));
      return;
    }
    const msg = messageById(sim, id);
    if (msg) {
      const accountId = msg.kind === "live" ? msg.t.accountId : msg.m.block.accountId;
      if (!canAccess(sim, tok, accountId)) throw noObject(id);
      const detailed = (fields ?? []).some((f) => f.name !== "id" && f.name !== "created_time");
      if (detailed && msg.kind === "live" && beyondDetailLimit(sim, { kind: "live", t: msg.t }, [msg.m.ms, msg.m.id]))
        throw tooOldForDetails();
      res.json(messageJson(sim, msg, fields));
      return;
    }
    const customer = sim.customer(id);
    if (customer && customer.platform !== "whatsapp") {
      if (!canAccess(sim, tok, customer.accountId)) throw noObject(id);
      const [first, ...rest] = customer.name.split(" ");
      const pic = `${sim.url}/cdn/image/profile-${id}.png`;
      const full: Record<string, unknown> =
        customer.platform === "messenger"
          ? { id, name: customer.name, first_name: first, last_name: rest.join(" "), profile_pic: pic }
          : {
              id,
              name: customer.name,
              username: customer.username,
              profile_pic: pic,
              follower_count: 87,
              is_user_follow_business: true,
              is_business_follow_user: false,
              is_verified_user: false,
            };
      res.json(
        project(
          full,
          fields,
          customer.platform === "messenger"
            ? ["first_name", "last_name", "profile_pic"]
            : ["name", "username", "profile_pic"],
        ),
      );
      return;
    }
    const user = s.users.get(id);
    if (user) {
      res.json(project({ id, name: user.name }, fields, ["id", "name"]));
      return;
    }
    throw noObject(id);
  });

  // Webhook subscription of our app on a Page, an IG account or a WABA.
  const subscribable = (req: Request) => {
    const tok = authenticate(sim, req);
    const id = req.params.id as string;
    if (!s.pages.has(id) && !s.igAccounts.has(id) && !s.wabas.has(id)) throw noObject(id);
    if (!canAccess(sim, tok, id)) throw graphError(200, { message: "(#200) Permissions error" });
    return id;
  };
  /**
   * `subscribed_fields` as Meta checks it: required on a Page (and an Instagram account), each name one of the
   * object's fields, else `(#100)`. A WABA takes none: its fields are chosen at the app level.
   */
  const fieldsOf = (req: Request, known: ReadonlySet<string>) => {
    const raw = str(req.query.subscribed_fields) ?? str((req.body as Record<string, unknown>)?.subscribed_fields);
    if (raw === undefined) throw graphError(100, { message: "(#100) The parameter subscribed_fields is required." });
    const fields = raw
      .split(",")
      .map((f) => f.trim())
      .filter(Boolean);
    if (!fields.length) throw graphError(100, { message: "(#100) The parameter subscribed_fields is required." });
    const unknown = fields.find((f) => !known.has(f));
    if (unknown) throw graphError(100, { message: `(#100) Tried accessing nonexisting field (${unknown})` });
    return [...new Set(fields)];
  };
  r.post("/:id/subscribed_apps", (req: Request, res: Response) => {
    const id = subscribable(req);
    if (s.wabas.has(id)) for (const n of s.wabas.get(id)!) n.subscribed = true;
    else if (s.igAccounts.has(id)) s.igAccounts.get(id)!.subscribedFields = fieldsOf(req, INSTAGRAM_FIELDS);
    else s.pages.get(id)!.subscribedFields = fieldsOf(req, PAGE_FIELDS);
    sim.failingSince.delete(id);
    res.json({ success: true });
  });
  r.get("/:id/subscribed_apps", (req: Request, res: Response) => {
    const id = subscribable(req);
    const waba = s.wabas.get(id);
    const app = { name: "Parley", id: sim.appId, link: `https://parley.example/${sim.appId}` };
    if (waba) {
      // A WABA lists each subscribed app as whatsapp_business_api_data (no fields: those are app-level).
      res.json({ data: waba.some((n) => n.subscribed) ? [{ whatsapp_business_api_data: app }] : [] });
      return;
    }
    const fields = s.pages.get(id)?.subscribedFields ?? s.igAccounts.get(id)?.subscribedFields;
    res.json({ data: fields ? [{ ...app, category: "Business", subscribed_fields: fields }] : [] });
  });
  r.delete("/:id/subscribed_apps", (req: Request, res: Response) => {
    const id = subscribable(req);
    if (s.wabas.has(id)) for (const n of s.wabas.get(id)!) n.subscribed = false;
    else if (s.igAccounts.has(id)) s.igAccounts.get(id)!.subscribedFields = undefined;
    else s.pages.get(id)!.subscribedFields = undefined;
    res.json({ success: true });
  });

  r.get("/:id/message_templates", (req: Request, res: Response) => {
    const tok = authenticate(sim, req);
    const id = req.params.id as string;
    const waba = s.wabas.get(id);
    if (!waba || !canAccess(sim, tok, id)) throw noObject(id);
    const status = str(req.query.status);
    const data = waba[0].templates
      .filter((t) => !status || t.status === status)
      .map((t) => ({
        name: t.name,
        language: t.language,
        status: t.status,
        category: t.category,
        id: t.id,
        components: t.components,
        parameter_format: "POSITIONAL",
      }));
    res.json({ data, paging: { cursors: { before: "MAZDZD", after: "MjQZD" } } });
  });

  r.get("/:id/phone_numbers", (req: Request, res: Response) => {
    const tok = authenticate(sim, req);
    const id = req.params.id as string;
    const waba = s.wabas.get(id);
    if (!waba || !canAccess(sim, tok, id)) throw noObject(id);
    res.json({
      data: waba.map((n) => ({
        id: n.phoneNumberId,
        display_phone_number: formatDisplay(n.displayPhoneNumber),
        verified_name: n.verifiedName,
        quality_rating: "GREEN",
        code_verification_status: "VERIFIED",
      })),
    });
  });

  r.post("/:id/register", (req: Request, res: Response) => {
    const tok = authenticate(sim, req);
    const id = req.params.id as string;
    if (!s.waNumbers.has(id) || !canAccess(sim, tok, id)) throw noObject(id);
    res.json({ success: true });
  });
}

/** Non-Graph hosts: Meta's CDN (public, expiring URLs) and WhatsApp media downloads (bearer token required). */
export function cdnRoutes(sim: SimCore, r: Router) {
  r.get("/cdn/:kind/:file", (req: Request, res: Response) => {
    const oe = str(req.query.oe);
    if (oe && Number.parseInt(oe, 16) * 1000 < Date.now()) {
      res.status(403).type("text/plain").send("URL signature expired");
      return;
    }
    const { mimeType, bytes } = cdnFile(req.params.kind as string, req.params.file as string);
    res.type(mimeType).set("Cache-Control", "public, max-age=86400").send(bytes);
  });

  r.get("/whatsapp_business/attachments/", (req: Request, res: Response) => {
    // Only the Authorization header counts here, as on Meta's media host.
    const t = /^Bearer\s+(.+)$/i.exec(req.get("authorization") ?? "")?.[1];
    const info = t ? sim.state.tokens.get(t) : undefined;
    const mid = str(req.query.mid) ?? "";
    const media = sim.state.media.get(mid);
    if (!info || info.invalid || !media || !canAccess(sim, info, media.phoneNumberId)) {
      res.status(401).json({ error: { message: "Invalid OAuth access token.", type: "OAuthException", code: 190 } });
      return;
    }
    const ext = str(req.query.ext) ?? "0";
    const expected = createHmac("sha256", sim.appSecret).update(`${mid}:${ext}`).digest("hex").slice(0, 32);
    const given = str(req.query.hash) ?? "";
    if (
      given.length !== expected.length ||
      !timingSafeEqual(Buffer.from(given), Buffer.from(expected)) ||
      Number(ext) * 1000 < Date.now()
    ) {
      res.status(404).type("text/plain").send("URL expired");
      return;
    }
    res.type(media.mimeType).set("Content-Length", String(media.bytes.length)).send(media.bytes);
  });
}

function formatDisplay(digits: string) {
  return digits.startsWith("1") && digits.length === 11
    ? `+1 ${digits.slice(1, 4)}-${digits.slice(4, 7)}-${digits.slice(7)}`
    : `+${digits}`;
}
