import { defineConfig } from "vitest/config";

// One id per run: every test file's Redis prefix starts with it, so global teardown removes this run's keys
// and nobody else's (several runs may share one Redis).
const runId = process.env.PARLEY_TEST_RUN ?? Math.random().toString(36).slice(2, 8);
const env = {
  NODE_ENV: "test",
  PARLEY_TEST_RUN: runId,
  DATABASE_URL: process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/parley_test",
  LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
};
Object.assign(process.env, env);

export default defineConfig({
  test: {
    reporters: ["default", "./test/summary-reporter.ts"],
    globalSetup: ["./test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "node",
          include: ["{core,server,worker,simulator}/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["**/node_modules/**"],
          environment: "node",
          setupFiles: ["./test/setup-env.ts"],
          env,
        },
      },
      {
        extends: true,
        test: {
          name: "client",
          include: ["client/src/**/*.test.{ts,tsx}"],
          environment: "jsdom",
          env,
        },
      },
    ],
  },
});
