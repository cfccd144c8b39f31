// `printfarm bambu probe|check`: field diagnostics for one Bambu printer on the LAN (certificate, access code, report).
import { parseArgs } from 'node:util';
import { FarmError } from '../../shared/contract/envelope.js';
import type { BambuPrinterConfig } from '../../shared/contract/printer-config.js';
import type { PrinterStatus } from '../../shared/contract/printer-status.js';
import { BambuCertificateError, BambuDriver, probeBambuCertificate } from '../../engine/drivers/bambu/index.js';
import { UsageError, type CliCommand } from '../command.js';

const usage = `Usage: printfarm bambu probe --host <ip> --serial <serial> [--port 8883] [--json]
       printfarm bambu check --host <ip> --serial <serial> --code <access code> [--trust <sha256>] [--port 8883] [--timeout 20] [--json]

  probe   TLS handshake only (the access code is not sent): shows the printer's certificate and whether it
          verifies against the Bambu CA with CN = serial. Use the fingerprint with --trust (or the app's
          "trust this printer's certificate") only if it is really your printer.
  check   Connects like the farm does (MQTT over TLS, user bblp + access code), asks for a full report and
          prints model, state, temperatures and AMS trays, then disconnects. Nothing is sent to the printer
          except get_version and pushall.

Exit code 0 on success, 1 when the printer refused or did not answer.`;

function config(values: Record<string, string | boolean | undefined>): BambuPrinterConfig {
  const host = values.host;
  const serial = values.serial;
  if (typeof host !== 'string' || typeof serial !== 'string') throw new UsageError('--host and --serial are required.');
  const port = Number(values.port ?? 8883);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError('--port must be 1–65535.');
  return {
    id: 'cli', name: `Bambu ${serial}`, type: 'bambu', virtual: false, tags: [], buildVolume: null, nozzleDiameter: null,
    host, port, serial, model: null,
    accessCode: typeof values.code === 'string' ? values.code : undefined,
    trustedCertFingerprint: typeof values.trust === 'string' ? values.trust : null,
  };
}

function describeStatus(model: string | null, s: PrinterStatus): string {
  const heater = (h: { actual: number; target: number } | null | undefined) => (h ? `${h.actual.toFixed(1)}/${h.target} °C` : '—');
  const lines = [
    `model     ${model ?? 'unknown'}`,
    `state     ${s.state}${s.message ? ` — ${s.message}` : ''}`,
    `nozzle    ${heater(s.tools[0])}   bed ${heater(s.bed)}   chamber ${heater(s.chamber)}`,
    `speed     level ${s.speedLevel ?? '—'} (${s.speedPercent ?? '—'} %)`,
  ];
  if (s.job) lines.push(`job       ${s.job.name}: ${s.job.progress} %, layer ${s.job.layer ?? '—'}/${s.job.totalLayers ?? '—'}, ${s.job.remainingMinutes ?? '—'} min left`);
  for (const unit of s.ams) {
    const trays = unit.trays.map((t) => `${t.id + 1}:${t.material ?? 'empty'}${t.color ? ` ${t.color}` : ''}${t.remainPercent !== null ? ` ${t.remainPercent}%` : ''}${t.active ? ' *' : ''}`);
    lines.push(`AMS ${unit.id}     ${trays.join('  ')}`);
  }
  for (const f of s.faults) lines.push(`fault     ${f.code} (${f.severity}): ${f.message}`);
  return lines.join('\n') + '\n';
}

async function check(cfg: BambuPrinterConfig, timeoutSeconds: number): Promise<{ model: string | null; status: PrinterStatus }> {
  if (!cfg.accessCode) throw new UsageError('--code is required for check.');
  const warnings: string[] = [];
  const log = { info: () => undefined, warn: (o: object) => warnings.push(JSON.stringify(o)), error: (o: object) => warnings.push(JSON.stringify(o)) };
  // No automatic retries: a diagnostic should say what happened on the first try.
  const driver = new BambuDriver(cfg, { log, dataDir: '.' }, { reconnect: { breakerThreshold: 1, breakerCooldownMs: 3_600_000 } });
  try {
    await driver.connect();
    const status = await new Promise<PrinterStatus>((resolve, reject) => {
      const done = (s: PrinterStatus) => s.state !== 'connecting' && s.state !== 'offline';
      if (done(driver.status())) return resolve(driver.status());
      const timer = setTimeout(() => {
        off();
        reject(new FarmError('timeout', `Connected, but no full report within ${timeoutSeconds} s (is another client connected? P1/A1 serve only one).`));
      }, timeoutSeconds * 1000);
      const off = driver.onStatus((s) => {
        if (!done(s)) return;
        clearTimeout(timer);
        off();
        resolve(s);
      });
    });
    await new Promise((r) => setTimeout(r, 300)); // let get_version arrive for the model
    return { model: driver.printerModel, status };
  } finally {
    await driver.disconnect();
  }
}

export const bambu: CliCommand = {
  name: 'bambu',
  summary: 'Diagnose a Bambu printer on the LAN: certificate probe, access-code check, first report',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        host: { type: 'string' },
        serial: { type: 'string' },
        port: { type: 'string' },
        code: { type: 'string' },
        trust: { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: true,
      strict: true,
    });
    const action = positionals[0];
    if (action !== 'probe' && action !== 'check') throw new UsageError("Say 'probe' or 'check'.");
    const cfg = config(values);
    const out = (json: unknown, text: string) => process.stdout.write(values.json ? JSON.stringify(json, null, 2) + '\n' : text);
    try {
      if (action === 'probe') {
        const info = await probeBambuCertificate(cfg);
        out({ ok: true, certificate: info }, `subject   ${info.subject}\nissuer    ${info.issuer}\nvalid to  ${info.validTo}\nsha256    ${info.fingerprint256}\nverified  ${info.verified ? 'yes (Bambu CA, CN = serial)' : `no (${info.verifyError})`}\n`);
        return 0;
      }
      const timeout = Number(values.timeout ?? 20);
      if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError('--timeout must be a positive number of seconds.');
      const { model, status } = await check(cfg, timeout);
      out({ ok: true, model, status }, describeStatus(model, status));
      return 0;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      const code = error instanceof FarmError ? error.code : 'internal';
      const message = error instanceof Error ? error.message : String(error);
      const cert = error instanceof BambuCertificateError ? { fingerprint256: error.fingerprint256, subject: error.subject, issuer: error.issuer } : undefined;
      out({ ok: false, error: { code, message }, certificate: cert }, `error (${code}): ${message}\n${cert ? `To trust it anyway: --trust ${cert.fingerprint256}\n` : ''}`);
      return 1;
    }
  },
};
