import { Router } from "express";
import type { Deps } from "../../deps";

// Placeholder: replaced by the workspace feature.
export function workspaceRoutes(_deps: Deps): Router {
  return Router();
}
