// Instagram history is read through the linked Page's Conversations API with platform=instagram; Meta returns
// only the most recent messages of each thread, so callers must accept a truncated history.
export { fetchConversationsPage, fetchOlderMessages, type HistorySource } from "../messenger/history";
