import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const DIE_WITH_PARENT = fileURLToPath(new URL("./die-with-parent.ts", import.meta.url));

export type SuperviseOptions = {
  name: string;
  /** ANSI colour of the name in front of each of the child's lines. */
  color: number;
  /** Node arguments after the loaders, e.g. ["worker/src/main.ts"]. */
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Where the supervisor's own lines go (restarts). */
  say: (msg: string) => void;
  /** First restart delay; doubled after each crash in a row, up to maxDelayMs. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** A child that ran this long before crashing counts as healthy: the next delay is firstDelayMs again. */
  healthyAfterMs?: number;
};

export type Supervised = { readonly child: ChildProcess; stop(): Promise<void> };

/**
 * Runs a Node service and keeps it running: a child that exits on its own is started again after a delay
 * that doubles while it keeps crashing, and the console says so. The child dies with this process (see
 * die-with-parent.ts). stop() ends it with SIGTERM and resolves when it is gone.
 */
export function supervise(opts: SuperviseOptions): Supervised {
  const { name, color, say, firstDelayMs = 1_000, maxDelayMs = 30_000, healthyAfterMs = 60_000 } = opts;
  const tag = `\x1b[${color}m${name.padEnd(6)}\x1b[0m│ `;
  let stopping = false;
  let delay = firstDelayMs;
  let timer: NodeJS.Timeout | undefined;
  let child!: ChildProcess;

  const start = () => {
    // Node with tsx's loader rather than `npx tsx`, so our SIGTERM reaches the service itself.
    child = spawn(process.execPath, ["--import", "tsx", "--import", DIE_WITH_PARENT, ...opts.args], {
      env: { ...process.env, ...opts.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const startedAt = Date.now();
    for (const stream of [child.stdout, child.stderr]) {
      let buf = "";
      stream?.on("data", (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split("\n");
        buf = lines.pop() ?? "";
        for (const line of lines) process.stdout.write(`${tag}${line}\n`);
      });
    }
    // Our end of the child's stdin: never written, only closed (by us dying).
    child.stdin?.on("error", () => {});
    child.once("exit", (code, signal) => {
      if (stopping) return;
      if (Date.now() - startedAt >= healthyAfterMs) delay = firstDelayMs;
      say(`${name} exited with ${code ?? signal}; restarting in ${delay / 1000} s`);
      timer = setTimeout(() => {
        timer = undefined;
        if (stopping) return;
        start();
        say(`${name} restarted (pid ${child.pid})`);
      }, delay);
      delay = Math.min(delay * 2, maxDelayMs);
    });
  };
  start();

  return {
    get child() {
      return child;
    },
    stop() {
      stopping = true;
      clearTimeout(timer);
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      });
    },
  };
}
