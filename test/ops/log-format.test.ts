import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const script = `const { logger } = await import("@parley/core/logger"); logger.warn({ contacts: 3 }, "hello there");`;
const node = `${JSON.stringify(process.execPath)} --import tsx --input-type=module --eval ${JSON.stringify(script)}`;
const env = (extra: NodeJS.ProcessEnv) => {
  const e: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "info", ...extra };
  if (!("LOG_FORMAT" in extra)) delete e.LOG_FORMAT;
  return e;
};
// biome-ignore lint/suspicious/noControlCharactersInRegex: strip ANSI colours before matching
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "").replace(/\r/g, "");

describe("log format", () => {
  it("a terminal gets readable lines", () => {
    // script(1) runs the command on a pseudo-terminal, as a person's shell would.
    const out = spawnSync("script", ["-qec", node, "/dev/null"], { cwd: ROOT, env: env({}), encoding: "utf8" });
    const text = plain(out.stdout);
    expect(text).toMatch(/\d\d:\d\d:\d\d\] WARN: hello there/);
    expect(text).toContain("contacts: 3");
    expect(text).not.toContain('{"level"');
  });

  it("a pipe (docker, a log shipper) gets one JSON object a line; LOG_FORMAT overrides", () => {
    const piped = spawnSync("sh", ["-c", node], { cwd: ROOT, env: env({}), encoding: "utf8" });
    expect(JSON.parse(piped.stdout.trim().split("\n").at(-1) ?? "")).toMatchObject({ msg: "hello there", contacts: 3 });
    const forced = spawnSync("sh", ["-c", node], { cwd: ROOT, env: env({ LOG_FORMAT: "pretty" }), encoding: "utf8" });
    expect(plain(forced.stdout)).toMatch(/WARN: hello there/);
  });
});
