import { config } from "@parley/core/config";

// Placeholder entry until the API lands: parses config (refusing unsafe production settings).
try {
  config();
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
