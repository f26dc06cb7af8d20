// The settings feature's public entry: other features and app/ import from here, never from its files.
export { ChannelsPage } from "./ChannelsPage";
export { usePlatforms } from "./hooks";
export { ProfilePage } from "./ProfilePage";
export { SettingsLayout, SettingsPage } from "./SettingsLayout";
export { WorkspacePage } from "./WorkspacePage";
