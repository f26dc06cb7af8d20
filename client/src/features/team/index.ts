// The team feature's public entry: other features and app/ import from here, never from its files.
export { TeamPage } from "./TeamPage";
