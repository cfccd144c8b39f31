// A socat pty pair: the virtual printer opens one end, the driver the other — a real tty path for serialport.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  /** The end the host/driver opens. */
  hostPath: string;
  /** The end the virtual printer opens. */
  simPath: string;
  pid: number;
  /** Kill socat (both ends vanish, like a USB unplug); resolves when it exited. */
  stop(): Promise<void>;
}

export async function startPtyPair(dir = mkdtempSync(join(tmpdir(), 'marlin-pty-')), names = { host: 'host', sim: 'printer' }): Promise<PtyPair> {
  const hostPath = join(dir, names.host);
  const simPath = join(dir, names.sim);
  const child: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${hostPath}`, `pty,raw,echo=0,link=${simPath}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.resume();
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const deadline = Date.now() + 5000;
  while (!(existsSync(hostPath) && existsSync(simPath))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('socat did not create the pty pair (is socat installed? apt-get install -y socat)');
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    hostPath,
    simPath,
    pid: child.pid as number,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      if (names.host === 'host') rmSync(dir, { recursive: true, force: true });
    },
  };
}
