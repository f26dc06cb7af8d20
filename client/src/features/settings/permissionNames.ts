/** What each Facebook permission Parley asks for lets it do, in the words an owner needs to decide to grant it. */
const WHY: Record<string, string> = {
  pages_show_list: "see the Pages you manage, so you can choose which to connect",
  pages_messaging: "receive and answer Messenger conversations",
  pages_manage_metadata: "subscribe to your Page's messages, so they arrive as they are sent",
  pages_read_engagement: "read your Page's conversations and posts to import history",
  pages_manage_engagement: "answer, hide and delete comments on your Page's posts",
  pages_read_user_content: "read the comments people leave on your Page's posts",
  instagram_basic: "see the Instagram account linked to your Page",
  instagram_manage_messages: "receive and answer Instagram Direct messages",
  instagram_manage_comments: "read and answer comments on your Instagram posts",
  business_management: "reach Pages and accounts owned by your business portfolio",
};

export const permissionWhy = (permission: string) => WHY[permission] ?? "needed by Parley";
