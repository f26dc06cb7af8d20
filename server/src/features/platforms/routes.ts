import { Router } from "express";
import type { Deps } from "../../deps";

// Placeholder: replaced by the platforms feature.
export function platformRoutes(_deps: Deps): Router {
  return Router();
}
