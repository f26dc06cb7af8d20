// The analytics feature's public entry: app/ imports from here (lazily, so its charts load on first visit).
export { default as AnalyticsPage } from "./AnalyticsPage";
