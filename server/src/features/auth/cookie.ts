import type { IssuedRefresh } from "@parley/core/auth/sessions";
import type { Config } from "@parley/core/config";
import type { CookieOptions, Request, Response } from "express";

export const REFRESH_COOKIE = "parley_rt";

// httpOnly: scripts never see it; SameSite=Strict + Path=/api/auth: only our own auth calls carry it.
const baseOptions = (cfg: Config): CookieOptions => ({
  httpOnly: true,
  sameSite: "strict",
  secure: cfg.NODE_ENV === "production",
  path: "/api/auth",
});

export function setRefreshCookie(res: Response, cfg: Config, refresh: IssuedRefresh): void {
  res.cookie(REFRESH_COOKIE, refresh.token, { ...baseOptions(cfg), expires: refresh.expiresAt });
}

export function clearRefreshCookie(res: Response, cfg: Config): void {
  res.clearCookie(REFRESH_COOKIE, baseOptions(cfg));
}

export const refreshCookieOf = (req: Request): string | undefined => {
  const v = req.cookies?.[REFRESH_COOKIE];
  return typeof v === "string" && v ? v : undefined;
};
