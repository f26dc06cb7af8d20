// The auth feature's public entry: other features and app/ import from here, never from its files.
export { AuthProvider, useAuth, useSession } from "./AuthProvider";
export { SignInPage } from "./SignInPage";
