// The admin feature's public entry: app/ imports from here, never from its files.
export { FailedEventsPage } from "./FailedEventsPage";
