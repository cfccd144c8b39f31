// Debian packages the tests need. Installed with apt when missing and running as root; otherwise the exact command is printed.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** package → a file whose presence means it is installed */
export const TEST_PACKAGES = {
  chromium: '/usr/bin/chromium',
  socat: '/usr/bin/socat',
  mosquitto: '/usr/sbin/mosquitto',
  udev: '/usr/bin/udevadm',
  openssl: '/usr/bin/openssl',
};

export function missingPackages(packages = Object.keys(TEST_PACKAGES)) {
  return packages.filter((p) => !fs.existsSync(TEST_PACKAGES[p] ?? `/usr/bin/${p}`));
}

export function ensureDebianPackages(packages = Object.keys(TEST_PACKAGES), log = (m) => process.stderr.write(m + '\n')) {
  const missing = missingPackages(packages);
  if (missing.length === 0) return;
  const command = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = fs.existsSync('/usr/bin/apt-get');
  if (!isRoot || !hasApt) {
    throw new Error(`These Debian packages are needed by the tests: ${missing.join(', ')}. Install them with: sudo ${command}`);
  }
  log(`Installing Debian packages the tests need: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let result = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  if (result.status !== 0) {
    // A fresh machine may have no package lists yet.
    execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
    result = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  }
  const still = missingPackages(packages);
  if (still.length) throw new Error(`Could not install ${still.join(', ')}. Run: ${command}`);
}
