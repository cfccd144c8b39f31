// Tests that need a Debian package call this first: installs it as root with apt, or fails with the exact command.
// @ts-expect-error plain .mjs module shared with scripts/test.mjs
import { ensureDebianPackages as ensure } from '../../scripts/debian-packages.mjs';

export function ensureDebianPackages(packages: string[]): void {
  (ensure as (p: string[]) => void)(packages);
}
