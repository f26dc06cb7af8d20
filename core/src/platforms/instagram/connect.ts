// Instagram professional accounts are connected through their Page: the Page's token and its
// subscribed_apps subscription carry Instagram messaging too.
export { listPages, subscribePage, unsubscribePage } from "../messenger/connect";
