// Records the farm grid's commit durations in a small ring on window, read by the telemetry benchmark in Chromium.
declare global {
  interface Window {
    __farmCommits?: number[];
  }
}

const KEEP = 5000;

export function recordCommit(ms: number): void {
  const ring = (window.__farmCommits ??= []);
  ring.push(ms);
  if (ring.length > KEEP) ring.splice(0, ring.length - KEEP);
}
