// Extra HTTP route modules mounted before the contract API (each returns true when it handled the request).
import type { Route } from './server.js';

export function serverRoutes(): Route[] {
  return [];
}
