// Public surface of the Bambu driver: registration, the trust-certificate probe, and what the UI needs to render.
import type { BambuPrinterConfig } from '../../../shared/contract/printer-config.js';
import type { DriverRegistry } from '../registry.js';
import { bambuCaCertificates } from './ca-bundle.js';
import { BambuDriver, type BambuDriverOptions } from './driver.js';
import { probeCertificate, type PeerCertificateInfo } from './tls-gate.js';

export { BambuDriver, isCertificateError, type BambuDriverOptions, type StartPrintRequest } from './driver.js';
export { BambuCertificateError, normalizeFingerprint, type PeerCertificateInfo } from './tls-gate.js';
export { HMS_WORDS, PRINT_ERROR_WORDS, describeHms, hmsCodeString, printErrorCodeString } from './hms.js';
export { normalizeReport } from './normalize.js';
export { BambuReportCache } from './state.js';

/**
 * Register the 'bambu' driver type. Virtual printers (config.virtual) may use plain MQTT on a local
 * broker (demo mode) when `virtualTransport` is 'tcp'; real printers always use verified TLS.
 */
export function registerBambuDriver(registry: DriverRegistry, options: BambuDriverOptions & { virtualTransport?: 'tls' | 'tcp' } = {}): void {
  const { virtualTransport, ...driverOptions } = options;
  registry.register('bambu', (config, deps) =>
    new BambuDriver(config, deps, { ...driverOptions, transport: config.virtual && virtualTransport ? virtualTransport : 'tls' }),
  );
}

/**
 * "Trust this printer's certificate" flow, step 1: handshake only (no access code sent) and show the user
 * the certificate. Step 2 (the UI, after an explicit click): save the shown fingerprint256 into
 * config.trustedCertFingerprint and reconnect. The driver then accepts exactly that certificate.
 */
export function probeBambuCertificate(config: Pick<BambuPrinterConfig, 'host' | 'port' | 'serial'>, extraCa: string[] = []): Promise<PeerCertificateInfo> {
  return probeCertificate({ host: config.host, port: config.port, serial: config.serial, ca: [...bambuCaCertificates(), ...extraCa] });
}
