import { Router } from "express";
import type { Deps } from "../../deps";

// Placeholder: replaced by the admin feature.
export function adminRoutes(_deps: Deps): Router {
  return Router();
}
