import { addComment, createPost, type SimPost } from "./graph/comments";
import type { Simulator } from "./handle";

const PEOPLE = ["Nora Diaz", "Liam Chen", "Aisha Bello", "Jonas Weber", "Chloé Martin", "Ravi Patel", "Emma Rossi"];
const QUESTIONS = [
  "Price?",
  "Do you ship to Lyon?",
  "Is this available in pink?",
  "DM me please 🙏",
  "How long do they last?",
  "Can I order for Saturday delivery?",
  "Gorgeous 😍",
];

/**
 * Comment traffic for the demo: a few posts (one of them an ad) on the Page and the Instagram account, comments
 * with replies from other people at once, then a new comment every `everyMs`.
 */
export async function startCommentTraffic(
  sim: Simulator,
  opts: { pageId: string; igId?: string; everyMs?: number },
): Promise<{ stop(): void }> {
  const core = sim.core;
  const posts: SimPost[] = [
    createPost(core, { accountId: opts.pageId, caption: "Spring bouquets are here 🌷" }),
    createPost(core, { accountId: opts.pageId, caption: "Mother's Day: 20% off every bouquet", isAd: true }),
    ...(opts.igId ? [createPost(core, { accountId: opts.igId, caption: "Behind the scenes at the studio" })] : []),
  ];
  let n = 0;
  const person = () => {
    const name = PEOPLE[n % PEOPLE.length];
    return { id: `demo-commenter-${n++}`, name };
  };
  const comment = (post: SimPost, ms = Date.now(), parentId?: string) =>
    addComment(core, { postId: post.id, from: person(), text: QUESTIONS[n % QUESTIONS.length], ms, parentId });

  for (const [i, post] of posts.entries()) {
    const top = await comment(post, Date.now() - (i + 1) * 3_600_000);
    await comment(post, Date.now() - (i + 1) * 3_000_000, top.id);
    await comment(post, Date.now() - (i + 1) * 1_800_000);
  }
  const timer = setInterval(() => {
    void comment(posts[n % posts.length]).catch(() => {});
  }, opts.everyMs ?? 25_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
