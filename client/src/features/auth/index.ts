// The auth feature's public entry: other features and app/ import from here, never from its files.
export { AcceptInvitePage } from "./AcceptInvitePage";
export { AuthProvider, type ProfilePatch, useAuth, useSession } from "./AuthProvider";
export { ForgotPasswordPage } from "./ForgotPasswordPage";
export { ResetPasswordPage } from "./ResetPasswordPage";
export { SignInPage } from "./SignInPage";
