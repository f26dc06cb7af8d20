import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_EMAIL, DEMO_PASSWORD } from "../../scripts/demo";
import { freePort, waitFor } from "../support/processes";

/**
 * `npm start` as a newcomer runs it (scripts/start.ts), on ports other than the defaults, against this
 * test's database and Redis prefix: the demo comes up, a crashed worker is restarted, the services die with
 * the supervisor, and restarting never locks the demo out.
 */
type Stack = {
  proc: ChildProcess;
  output: () => string;
  waitFor: (re: RegExp, ms?: number) => Promise<RegExpExecArray>;
};
const stacks: Stack[] = [];
afterAll(() => {
  for (const s of stacks) if (s.proc.exitCode === null) s.proc.kill("SIGKILL");
});

function startStack(env: NodeJS.ProcessEnv): Stack {
  const proc = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: { ...process.env, LOG_LEVEL: "", WORKER_METRICS_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout?.on("data", (d) => (out += d));
  proc.stderr?.on("data", (d) => (out += d));
  const stack: Stack = {
    proc,
    output: () => out,
    waitFor: (re, ms = 120_000) =>
      waitFor(
        () => {
          // biome-ignore lint/suspicious/noControlCharactersInRegex: strip ANSI colours before matching
          const plain = out.replace(/\x1b\[[0-9;]*m/g, "");
          if (proc.exitCode !== null) throw new Error(`npm start exited with ${proc.exitCode}:\n${plain}`);
          return re.exec(plain);
        },
        ms,
        `${re} in the console`,
      ).catch((err: Error) => {
        throw new Error(`${err.message}\n${out.slice(-4000)}`);
      }),
  };
  stacks.push(stack);
  return stack;
}

/** Running, not a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

const login = (base: string) =>
  fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: DEMO_EMAIL, password: DEMO_PASSWORD }),
  });

describe("npm start", () => {
  it("on other ports: demo up; a killed worker is restarted; SIGKILLed, it leaves no orphans; restarted after sign-ups hit their limit, the demo comes back", {
    timeout: 300_000,
  }, async () => {
    const [port, simulatorPort] = [await freePort(), await freePort()];
    const env = { PORT: String(port), SIMULATOR_PORT: String(simulatorPort), HOST: "127.0.0.1" };
    const base = `http://127.0.0.1:${port}`;

    const first = startStack(env);
    await first.waitFor(new RegExp(`ready: open http://localhost:${port}\\b`));
    expect((await login(base)).status).toBe(200);
    const channels = await fetch(`${base}/api/platforms`, {
      headers: { Authorization: `Bearer ${(await (await login(base)).json()).accessToken}` },
    });
    expect((await channels.json()).length).toBe(3); // Messenger, Instagram and WhatsApp connected

    // The worker crashes: the supervisor says so and starts another.
    const workerPid = Number((await first.waitFor(/worker running \(pid (\d+)\)/))[1]);
    const apiPid = Number((await first.waitFor(/api running \(pid (\d+)\)/))[1]);
    process.kill(workerPid, "SIGKILL");
    await first.waitFor(/worker exited with SIGKILL; restarting in 1 s/, 10_000);
    const newWorkerPid = Number((await first.waitFor(/worker restarted \(pid (\d+)\)/, 10_000))[1]);
    expect(alive(newWorkerPid)).toBe(true);
    expect(alive(apiPid)).toBe(true);

    // Strangers use up the public sign-up limit for this machine (and the demo's email).
    let refused = false;
    for (let i = 0; i < 10 && !refused; i++) {
      const res = await fetch(`${base}/api/auth/register`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email: DEMO_EMAIL, password: "another-password-1", name: "X", workspaceName: "X" }),
      });
      refused = res.status === 429;
    }
    expect(refused).toBe(true);

    // The supervisor dies without any chance to clean up: its services follow.
    first.proc.kill("SIGKILL");
    await waitFor(() => !alive(apiPid) && !alive(newWorkerPid), 40_000, "the API and worker to exit");
    await expect(fetch(`${base}/readyz`)).rejects.toThrow();

    // Same ports again (nothing holds them), and the demo is not refused by the sign-up limit.
    const second = startStack(env);
    await second.waitFor(/ready: open/);
    expect((await login(base)).status).toBe(200);
    second.proc.kill("SIGTERM");
    await waitFor(() => second.proc.exitCode !== null, 40_000, "npm start to stop");
    expect(second.proc.exitCode).toBe(0);
  });
});
