import { Router } from "express";
import type { Deps } from "../../deps";

// Placeholder: replaced by the analytics feature.
export function analyticsRoutes(_deps: Deps): Router {
  return Router();
}
