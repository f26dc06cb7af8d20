import { Router } from "express";
import type { Deps } from "../../deps";

// Placeholder: replaced by the auth feature.
export function authRoutes(_deps: Deps): Router {
  return Router();
}
