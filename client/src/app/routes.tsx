import { lazy, Suspense } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router";
import { Spinner } from "../components/ui/Spinner";
import { FailedEventsPage } from "../features/admin";
import { AcceptInvitePage, ForgotPasswordPage, ResetPasswordPage, SignInPage, useAuth } from "../features/auth";
import { InboxPage, LiveProvider } from "../features/inbox";
import { LabelsPage } from "../features/labels";
import { SavedRepliesPage } from "../features/saved-replies";
import { ChannelsPage, ProfilePage, SettingsLayout, WorkspacePage } from "../features/settings";
import { TeamPage } from "../features/team";
import { Shell } from "./Shell";

const AnalyticsPage = lazy(() => import("../features/analytics").then((m) => ({ default: m.AnalyticsPage })));

function FullPageSpinner() {
  return (
    <div className="flex h-full items-center justify-center text-zinc-400" role="status" aria-label="Loading">
      <Spinner className="h-6 w-6" />
    </div>
  );
}

// Pages a link in an email opens, signed in or not.
const EMAIL_LINK_PAGES = /^\/(invite\/|reset-password\/|forgot-password$)/;

export function AppRoutes() {
  const { status } = useAuth();
  const location = useLocation();
  if (EMAIL_LINK_PAGES.test(location.pathname)) {
    return (
      <Routes>
        <Route path="/invite/:token" element={<AcceptInvitePage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
        <Route path="/reset-password/:token" element={<ResetPasswordPage />} />
        <Route path="*" element={<Navigate to="/signin" replace />} />
      </Routes>
    );
  }
  if (status === "loading") return <FullPageSpinner />;
  if (status === "signedOut") {
    if (location.pathname !== "/signin") {
      const next = location.pathname + location.search;
      return <Navigate to={`/signin${next !== "/" ? `?next=${encodeURIComponent(next)}` : ""}`} replace />;
    }
    return <SignInPage />;
  }
  if (location.pathname === "/signin") {
    const next = new URLSearchParams(location.search).get("next");
    return <Navigate to={next?.startsWith("/") ? next : "/inbox"} replace />;
  }
  return (
    <LiveProvider>
      <Routes>
        <Route element={<Shell />}>
          <Route path="/inbox" element={<InboxPage />} />
          <Route path="/inbox/:conversationId" element={<InboxPage />} />
          <Route
            path="/analytics"
            element={
              <Suspense fallback={<FullPageSpinner />}>
                <AnalyticsPage />
              </Suspense>
            }
          />
          <Route path="/settings" element={<SettingsLayout />}>
            <Route index element={<Navigate to="/settings/workspace" replace />} />
            <Route path="workspace" element={<WorkspacePage />} />
            <Route path="team" element={<TeamPage />} />
            <Route path="channels" element={<ChannelsPage />} />
            <Route path="profile" element={<ProfilePage />} />
            <Route path="saved-replies" element={<SavedRepliesPage />} />
            <Route path="labels" element={<LabelsPage />} />
          </Route>
          <Route path="/admin/failed-events" element={<FailedEventsPage />} />
          <Route path="*" element={<Navigate to="/inbox" replace />} />
        </Route>
      </Routes>
    </LiveProvider>
  );
}
