// The inbox feature's public entry: app/ imports from here, never from its files.
export { InboxPage } from "./InboxPage";
export { ConnectionNote } from "./live/ConnectionNote";
export { LiveProvider, useLiveState } from "./live/LiveProvider";
