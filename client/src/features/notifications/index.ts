// The notifications feature's public entry: other features import from here, never from its files.
export { notificationArrived } from "./arrived";
export { NotificationBell } from "./NotificationBell";
export { NotificationPreferencesForm } from "./NotificationPreferencesForm";
