// Extra HTTP route modules mounted before the contract API (each returns true when it handled the request).
import { octoprintApi } from './octoprint-api.js';
import type { Route } from './server.js';

export function serverRoutes(): Route[] {
  return [octoprintApi];
}
