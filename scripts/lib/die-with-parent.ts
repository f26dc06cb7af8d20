/**
 * Preloaded (`node --import`) into every service `npm start` runs. The supervisor holds the write end of
 * the child's stdin and never writes; when the supervisor dies, however it dies (SIGKILL, a crash), the OS
 * closes that end and stdin reaches its end. The service then stops as on SIGTERM, so no API or worker lives
 * on as an orphan holding its port. Works without any cooperation from the dying parent.
 */
const onParentGone = () => {
  process.kill(process.pid, "SIGTERM");
  // A service that ignores SIGTERM (stuck) still goes.
  setTimeout(() => process.exit(1), 30_000).unref();
};
process.stdin.once("end", onParentGone);
process.stdin.once("error", onParentGone);
process.stdin.resume();
// Reading stdin must not keep an otherwise finished service alive.
(process.stdin as { unref?: () => void }).unref?.();
