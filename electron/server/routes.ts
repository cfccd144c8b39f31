// Extra HTTP route modules mounted before the contract API (each returns true when it handled the request).
import { octoprintApi, octoprintContinue } from './octoprint-api.js';
import type { Route } from './server.js';

export function serverRoutes(): Route[] {
  return [octoprintApi];
}

/** Early refusals on `Expect: 100-continue` (before the body crosses the wire). */
export function serverContinueChecks(): Route[] {
  return [octoprintContinue];
}
