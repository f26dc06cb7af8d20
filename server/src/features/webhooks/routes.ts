import { Router } from "express";
import type { Deps } from "../../deps";

// Placeholder: replaced by the webhooks feature.
export function webhookRoutes(_deps: Deps): Router {
  return Router();
}
