// The saved-replies feature's public entry: other features and app/ import from here, never from its files.
export { SavedRepliesPage } from "./SavedRepliesPage";
export { useSavedReplyPicker } from "./useSavedReplyPicker";
