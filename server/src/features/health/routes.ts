import { Router } from "express";
import type { Deps } from "../../deps";

// Placeholder: replaced by the health feature.
export function healthRoutes(_deps: Deps): Router {
  return Router();
}
