// Instagram history is read through the linked Page's Conversations API with platform=instagram. Meta details
// only the 20 most recent messages of each thread (INSTAGRAM_DETAILED_MESSAGES): reads stop there, and Meta's
// error for older ones ends the thread's history instead of failing the run.
export {
  fetchConversationsPage,
  fetchOlderMessages,
  type HistorySource,
  INSTAGRAM_DETAILED_MESSAGES,
} from "../messenger/history";
