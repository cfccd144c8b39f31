// Test PKI (throwaway CA + printer-style cert, CN = serial, no IP SAN) and a Debian Mosquitto with TLS + passwords.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureDebianPackages } from './debian.js';
import { freePort } from './free-port.js';

export interface TestPki {
  dir: string;
  caPem: string;
  /** Printer certificate (CN = serial, no SAN) and key, signed by caPem. */
  certPem: string;
  keyPem: string;
  /** SHA-256 fingerprint of certPem, as Node prints it (AA:BB:…). */
  fingerprint256: string;
  certFile: string;
  keyFile: string;
  caFile: string;
  cleanup(): void;
}

/** Generated per test run with openssl (nothing secret is committed). */
export function makeTestPki(serial: string): TestPki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bambu-pki-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=Farm Test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'printer.key', '-out', 'printer.csr', '-subj', `/CN=${serial}`);
  fs.writeFileSync(path.join(dir, 'printer.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n');
  run('x509', '-req', '-in', 'printer.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'printer.crt', '-days', '30', '-extfile', 'printer.ext');
  const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
  const certPem = read('printer.crt');
  return {
    dir,
    caPem: read('ca.crt'),
    certPem,
    keyPem: read('printer.key'),
    fingerprint256: new X509Certificate(certPem).fingerprint256,
    certFile: path.join(dir, 'printer.crt'),
    keyFile: path.join(dir, 'printer.key'),
    caFile: path.join(dir, 'ca.crt'),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export interface Mosquitto {
  port: number;
  pid: number;
  log(): string;
  stop(): Promise<void>;
  /** Start again on the same port (lost-connection tests). */
  restart(): Promise<void>;
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tryOnce = () => {
      const socket = net.connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`mosquitto did not listen on ${port}`));
        else setTimeout(tryOnce, 50);
      });
    };
    tryOnce();
  });
}

/** Mosquitto with ONE TLS listener using the printer-style certificate and a password file. */
export async function startMosquitto(pki: TestPki, users: Record<string, string>): Promise<Mosquitto> {
  ensureDebianPackages(['mosquitto']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bambu-mosq-'));
  const passwd = path.join(dir, 'passwd');
  fs.writeFileSync(passwd, '');
  for (const [user, password] of Object.entries(users)) execFileSync('mosquitto_passwd', ['-b', passwd, user, password], { stdio: 'pipe' });
  for (const f of ['ca.crt', 'printer.crt', 'printer.key']) fs.copyFileSync(path.join(pki.dir, f), path.join(dir, f));
  const port = await freePort();
  const logFile = path.join(dir, 'broker.log');
  fs.writeFileSync(
    path.join(dir, 'mosquitto.conf'),
    [
      'per_listener_settings false',
      'allow_anonymous false',
      `password_file ${passwd}`,
      'persistence false',
      'log_dest stdout',
      `listener ${port} 127.0.0.1`,
      `cafile ${dir}/ca.crt`,
      `certfile ${dir}/printer.crt`,
      `keyfile ${dir}/printer.key`,
      'tls_version tlsv1.2',
      'message_size_limit 0',
      '',
    ].join('\n'),
  );
  // Started as root, mosquitto drops to user "mosquitto", which must read these files.
  if (process.getuid?.() === 0) {
    try {
      execFileSync('chgrp', ['-R', 'mosquitto', dir]);
      fs.chmodSync(dir, 0o751);
      for (const f of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, f), 0o640);
    } catch {
      for (const f of fs.readdirSync(dir)) fs.chmodSync(path.join(dir, f), 0o644);
      fs.chmodSync(dir, 0o755);
    }
  }
  let child: ChildProcess;
  let output = '';
  const launch = async () => {
    child = spawn('mosquitto', ['-c', path.join(dir, 'mosquitto.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20000)));
    child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20000)));
    await waitForPort(port, 10_000);
  };
  const kill = () =>
    new Promise<void>((resolve) => {
      if (!child || child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      process.kill(child.pid!, 'SIGTERM');
    });
  await launch();
  return {
    port,
    get pid() {
      return child.pid!;
    },
    log: () => output,
    async stop() {
      await kill();
      fs.writeFileSync(logFile, output);
      fs.rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await kill();
      await launch();
    },
  };
}
