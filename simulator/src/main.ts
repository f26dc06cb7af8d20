import { parseArgs } from "node:util";
import { startSimulator } from "./index";
import { startTraffic } from "./traffic";

/**
 * Standalone simulator: `npx tsx simulator/src/main.ts --port 4100 --webhook-base http://127.0.0.1:3000/api/webhooks`
 * Webhooks go to <base>/messenger, <base>/instagram and <base>/whatsapp.
 */
const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.SIM_PORT ?? "4100" },
    host: { type: "string", default: process.env.SIM_HOST ?? "127.0.0.1" },
    "webhook-base": { type: "string", default: process.env.SIM_WEBHOOK_BASE },
    "app-id": { type: "string", default: process.env.META_APP_ID ?? "parley-sim-app" },
    "app-secret": { type: "string", default: process.env.META_APP_SECRET ?? "parley-dev-app-secret" },
    seed: { type: "boolean", default: false },
    rate: { type: "string", default: process.env.SIM_TRAFFIC_RATE },
  },
});

const base = values["webhook-base"]?.replace(/\/$/, "");
const PATHS = { page: "messenger", instagram: "instagram", whatsapp_business_account: "whatsapp" } as const;
const sim = await startSimulator({
  port: Number(values.port),
  host: values.host,
  appId: values["app-id"],
  appSecret: values["app-secret"],
  webhookUrl: (object) => (base ? `${base}/${PATHS[object]}` : undefined),
});
console.log(
  `Meta simulator listening on ${sim.url} (Graph API: ${sim.graphUrl}, OAuth dialog: ${sim.graphUrl}/dialog/oauth)`,
);
console.log(base ? `Webhooks → ${base}/{messenger,instagram,whatsapp}` : "No --webhook-base: webhooks are not sent");

if (values.seed) {
  const user = sim.createFacebookUser({ name: "Demo Owner" });
  const page = sim.createPage({ name: "Demo Café", ownerUserId: user.id, instagram: { username: "demo.cafe" } });
  const wa = sim.createWhatsAppNumber({ verifiedName: "Demo Café" });
  sim.seedHistory({ platform: "messenger", accountId: page.id, conversations: 40, messagesPerConversation: 12 });
  sim.seedHistory({
    platform: "instagram",
    accountId: page.instagram!.id,
    conversations: 25,
    messagesPerConversation: 10,
  });
  sim.autoReceipts({ deliveredAfterMs: 500, readAfterMs: 2000 });
  console.log(
    JSON.stringify(
      { user, page, whatsapp: { wabaId: wa.wabaId, phoneNumberId: wa.phoneNumberId, token: wa.token } },
      null,
      2,
    ),
  );
  const rate = Number(values.rate ?? 0);
  if (rate > 0) {
    startTraffic(sim, {
      ratePerSec: rate,
      customersPerAccount: 5,
      accounts: [
        { platform: "messenger", accountId: page.id },
        { platform: "instagram", accountId: page.instagram!.id },
        { platform: "whatsapp", accountId: wa.phoneNumberId },
      ],
    });
  }
}

const shutdown = async () => {
  await sim.close();
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
