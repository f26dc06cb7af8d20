import { randomUUID } from "node:crypto";
import type { RequestListener } from "node:http";
import { withLogContext } from "@parley/core/log-context";
import { logger } from "@parley/core/logger";
import cookieParser from "cookie-parser";
import express, { type Express } from "express";
import { pinoHttp } from "pino-http";
import type { Deps } from "./deps";
import { adminRoutes } from "./features/admin/routes";
import { analyticsRoutes } from "./features/analytics/routes";
import { authRoutes } from "./features/auth/routes";
import { commentRoutes } from "./features/comments/routes";
import { conversationRoutes } from "./features/conversations/routes";
import { healthRoutes } from "./features/health/routes";
import { invitationLinkRoutes, teamRoutes } from "./features/invitations/routes";
import { labelRoutes } from "./features/labels/routes";
import { meRoutes } from "./features/me/routes";
import { messageRoutes } from "./features/messages/routes";
import { noteRoutes } from "./features/notes/routes";
import { notificationRoutes } from "./features/notifications/routes";
import { httpMetrics } from "./features/ops/http-metrics";
import { metricsRoutes } from "./features/ops/metrics";
import { queueBoardRoutes } from "./features/ops/queue-board";
import { passwordResetRoutes } from "./features/password-reset/routes";
import { platformRoutes } from "./features/platforms/routes";
import { postRoutes } from "./features/posts/routes";
import { savedReplyRoutes } from "./features/saved-replies/routes";
import { uploadRoutes } from "./features/uploads/routes";
import { createWebhookAccept, type WebhookAccept } from "./features/webhooks/accept";
import { webhookRoutes } from "./features/webhooks/routes";
import { workspaceRoutes } from "./features/workspace/routes";
import { requireCurrentMember } from "./http/current-member";
import { errorHandler, notFoundHandler } from "./http/errors";
import { securityHeaders } from "./http/security-headers";
import { serveClient } from "./http/static";

/**
 * What the HTTP server runs: Meta's webhook deliveries go straight to their handler (features/webhooks/
 * accept.ts), everything else through the Express app.
 */
export function createRequestListener(deps: Deps): RequestListener {
  const accept = createWebhookAccept(deps);
  const app = createApp(deps, accept);
  return (req, res) => {
    const platform = accept.platformOf(req);
    if (platform) void accept.handle(req, res, platform);
    else app(req, res);
  };
}

/** The Express app without listen(): what supertest drives (createRequestListener serves it). */
export function createApp(deps: Deps, accept: WebhookAccept = createWebhookAccept(deps)): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", deps.config.TRUST_PROXY);
  app.use(securityHeaders);
  // Webhooks come first: Meta's machine traffic, outside the access log (accept.ts times and logs it), and
  // read as raw bytes (the signature), so before the JSON parser.
  app.use("/api/webhooks", webhookRoutes(deps, accept));
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const id = (req.headers["x-request-id"] as string) || randomUUID();
        res.setHeader("X-Request-Id", id);
        return id;
      },
      serializers: { req: (req) => ({ id: req.id, method: req.method, url: req.url?.split("?")[0] }) },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? "error" : "info"),
    }),
  );
  // Whatever a service logs while handling this request carries its id (core/src/log-context.ts).
  app.use((req, _res, next) => withLogContext({ reqId: req.id }, next));
  app.use(httpMetrics);
  app.use(healthRoutes(deps));
  app.use(metricsRoutes(deps));
  app.use(express.json({ limit: "1mb" }));
  app.use(cookieParser());
  app.use(queueBoardRoutes(deps));
  // A removed or demoted member's token stops working at once, not when it expires (issue 14).
  app.use("/api", requireCurrentMember(deps));
  app.use("/api/auth", authRoutes(deps));
  app.use("/api/auth", passwordResetRoutes(deps));
  app.use("/api/workspace", workspaceRoutes(deps));
  app.use("/api", teamRoutes(deps));
  app.use("/api", invitationLinkRoutes(deps));
  app.use("/api/platforms", platformRoutes(deps));
  app.use("/api", conversationRoutes(deps));
  app.use("/api", messageRoutes(deps));
  app.use("/api", uploadRoutes(deps));
  app.use("/api", commentRoutes(deps));
  app.use("/api", postRoutes(deps));
  app.use("/api", noteRoutes(deps));
  app.use("/api", notificationRoutes(deps));
  app.use("/api", meRoutes(deps));
  app.use("/api/saved-replies", savedReplyRoutes(deps));
  app.use("/api/labels", labelRoutes(deps));
  app.use("/api/analytics", analyticsRoutes(deps));
  app.use("/api/admin", adminRoutes(deps));
  app.use("/api", notFoundHandler);
  serveClient(app);
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
