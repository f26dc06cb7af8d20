import express, { type NextFunction, type Request, type Response } from "express";
import { controlRoutes } from "./control";
import { commentReadRoutes } from "./graph/comment-reads";
import { commentRoutes } from "./graph/comments";
import { conversationRoutes } from "./graph/conversations";
import { GraphHttpError } from "./graph/errors";
import { faults } from "./graph/faults";
import { mediaUploadRoutes } from "./graph/media-upload";
import { oauthRoutes } from "./graph/oauth";
import { cdnRoutes, objectRoutes } from "./graph/objects";
import { sendRoutes } from "./graph/send";
import { fbtraceId } from "./ids";
import type { SimCore } from "./simulator";

const VERSIONED = /^\/v\d+\.\d+(\/.*)?$/;

/** The simulator's HTTP surface: Graph API under /vNN.N, plus the CDN and WhatsApp media hosts. */
export function buildApp(sim: SimCore) {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.get("/health", (_req, res) => {
    res.json({ ok: true });
  });

  app.use("/_sim", controlRoutes(sim));

  const hosts = express.Router();
  cdnRoutes(sim, hosts);
  app.use(hosts);

  const graph = express.Router();
  graph.use(express.json({ limit: "5mb" }), express.urlencoded({ extended: true, limit: "5mb" }));
  graph.use(faults(sim));
  oauthRoutes(sim, graph);
  conversationRoutes(sim, graph);
  commentRoutes(sim, graph);
  commentReadRoutes(sim, graph);
  sendRoutes(sim, graph);
  mediaUploadRoutes(sim, graph);
  objectRoutes(sim, graph);
  graph.use((req: Request, _res: Response, next: NextFunction) => {
    next(
      new GraphHttpError(400, {
        error: {
          message: `Unknown path components: ${req.path}`,
          type: "OAuthException",
          code: 2500,
          fbtrace_id: fbtraceId(),
        },
      }),
    );
  });

  app.use((req: Request, res: Response, next: NextFunction) => {
    const m = VERSIONED.exec(req.path);
    if (!m) return next();
    const q = req.url.indexOf("?");
    req.url = (m[1] ?? "/") + (q >= 0 ? req.url.slice(q) : "");
    graph(req, res, next);
  });

  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof GraphHttpError) {
      res
        .status(err.status)
        .set(err.headers)
        .set(
          "WWW-Authenticate",
          `OAuth "Facebook Platform" "invalid_request" "${String(err.body.error.message).replace(/"/g, "'")}"`,
        )
        .json(err.body);
      return;
    }
    const e = err as { status?: number; type?: string; message?: string };
    if (e.type === "entity.parse.failed" || e.status === 400) {
      res.status(400).json({
        error: {
          message: "(#100) Invalid JSON for postcard",
          type: "OAuthException",
          code: 100,
          fbtrace_id: fbtraceId(),
        },
      });
      return;
    }
    res.status(500).json({
      error: { message: "An unknown error has occurred.", type: "OAuthException", code: 1, fbtrace_id: fbtraceId() },
    });
  });
  return app;
}
