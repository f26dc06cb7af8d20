// The workspace feature's public entry: other features import from here, never from its files.
export { useMembers, useWorkspaceSettings } from "./hooks";
