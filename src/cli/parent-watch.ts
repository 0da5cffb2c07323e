// Under npm (`npx ringscan serve`, `npm run ringscan -- serve`) the server is a grandchild behind `sh -c`: npm's
// SIGTERM stops npm and the shell but never reaches node, which would keep serving as an orphan. When the
// parent that started us goes away (we are re-parented), treat it as SIGTERM. Only armed under npm, so
// `nohup ringscan serve &` keeps running after its shell exits, as nohup means.
export function isUnderNpm(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.npm_command !== undefined || env.npm_lifecycle_event !== undefined;
}

/** Calls `onOrphaned` once when this process's parent changes; returns a function that stops watching. */
export function watchParent(onOrphaned: () => void, intervalMs = 250): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onOrphaned();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
