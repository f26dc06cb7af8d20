import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { api, refreshAccessToken, tokens } from "../../lib/api";
import type { Session } from "../../lib/types";

/** What PATCH /api/me takes: a new display name, a new picture (an upload's id), or null for initials. */
export type ProfilePatch = { name?: string; avatarUploadId?: string | null };

type Status = "loading" | "signedIn" | "signedOut";

interface AuthValue {
  status: Status;
  session: Session | null;
  signIn: (email: string, password: string) => Promise<void>;
  register: (input: { name: string; email: string; password: string; workspaceName?: string }) => Promise<void>;
  signOut: () => Promise<void>;
  switchWorkspace: (workspaceId: string) => Promise<void>;
  /**
   * Changes the caller's name or picture; the session takes the answer and every query is refetched, so the
   * top bar, the Team page and the assignee menus show it at once, without a reload. Throws the API's 400s.
   */
  updateProfile: (patch: ProfilePatch) => Promise<void>;
  /** Signs in with a session another endpoint answered (accepting an invitation). */
  adopt: (session: Session) => Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const [status, setStatus] = useState<Status>("loading");
  const [session, setSession] = useState<Session | null>(null);

  const accept = useCallback((s: Session) => {
    if (s.accessToken) tokens.set(s.accessToken);
    setSession(s);
    setStatus("signedIn");
  }, []);

  const lose = useCallback(() => {
    tokens.set(null);
    setSession(null);
    setStatus("signedOut");
    qc.clear();
  }, [qc]);

  // A reload keeps the user signed in through the refresh cookie.
  useEffect(() => {
    tokens.onSessionLost(lose);
    let cancelled = false;
    (async () => {
      const token = await refreshAccessToken();
      if (cancelled) return;
      if (!token) return lose();
      try {
        const me = await api<Session>("/api/auth/me");
        if (!cancelled) accept(me);
      } catch {
        if (!cancelled) lose();
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [accept, lose]);

  const value = useMemo<AuthValue>(
    () => ({
      status,
      session,
      signIn: async (email, password) =>
        accept(await api<Session>("/api/auth/login", { body: { email, password }, noRefresh: true })),
      register: async (input) => {
        const body = { ...input, workspaceName: input.workspaceName || undefined };
        accept(await api<Session>("/api/auth/register", { body, noRefresh: true }));
      },
      switchWorkspace: async (workspaceId) => {
        const s = await api<Session>("/api/auth/switch-workspace", { body: { workspaceId } });
        qc.clear();
        // /me carries the list of workspaces; the switch answer may not.
        accept({ ...s, workspaces: s.workspaces ?? session?.workspaces });
      },
      updateProfile: async (patch) => {
        const me = await api<Session>("/api/me", { method: "PATCH", body: patch });
        accept(me);
        // Names are drawn from many answers (members, invitations' inviter, notes' authors): all are refetched,
        // except pictures already loaded, which are immutable under their versioned address.
        await qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== "media" });
      },
      adopt: async (s) => {
        qc.clear();
        tokens.set(s.accessToken ?? null);
        // /me carries the list of workspaces, which now includes the one just joined.
        accept(await api<Session>("/api/auth/me").catch(() => s));
      },
      signOut: async () => {
        await api("/api/auth/logout", { method: "POST", noRefresh: true }).catch(() => {});
        lose();
      },
    }),
    [status, session, accept, lose, qc],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error("useAuth outside AuthProvider");
  return v;
}

/** The signed-in session; only for screens behind the sign-in gate. */
export function useSession(): Session {
  const { session } = useAuth();
  if (!session) throw new Error("no session");
  return session;
}
