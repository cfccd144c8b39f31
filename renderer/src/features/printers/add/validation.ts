// Add-printer form checks, in words the user can act on (the engine validates again; this answers before a round trip).

export interface BambuForm {
  name: string;
  host: string;
  serial: string;
  accessCode: string;
  model: string;
  /** MQTT over TLS port; Bambu printers listen on 8883 (change only behind port forwarding). */
  port: string;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** Field → message for every problem; empty when the form can be sent. */
export function validateBambu(form: BambuForm): Partial<Record<keyof BambuForm, string>> {
  const errors: Partial<Record<keyof BambuForm, string>> = {};
  const host = form.host.trim();
  // A host that looks numeric must be a real IPv4 address (catches 192.168.1.300 and typos like 192.168.1).
  if (!host || (/^[\d.]+$/.test(host) ? !IPV4.test(host) : !HOSTNAME.test(host))) {
    errors.host = 'Enter the printer’s IP address as four numbers from 0 to 255, like 192.168.1.40 (printer screen: Settings → Network).';
  }
  if (!/^[0-9A-Z]{15}$/i.test(form.serial.trim())) {
    errors.serial = 'The serial number is 15 letters and digits, like 01P00A123456789 (printer screen: Settings → Device, or the sticker on the back).';
  }
  if (!/^[0-9A-Za-z]{8}$/.test(form.accessCode.trim())) {
    errors.accessCode = 'The LAN access code is 8 characters (printer screen: Settings → Network → LAN access code).';
  }
  if (!form.name.trim()) errors.name = 'Give the printer a name.';
  const port = Number(form.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) errors.port = 'The MQTT port is a number from 1 to 65535; Bambu printers use 8883.';
  return errors;
}

export const BAMBU_MODELS = ['X1C', 'X1E', 'X1', 'P1S', 'P1P', 'A1', 'A1 mini', 'H2D'] as const;

/** Common rates first; 'auto' tries them in turn (issue #3). */
export const BAUD_RATES = ['auto', 250000, 115200, 57600, 38400, 19200, 9600] as const;

/** Reads the firmware name from an M115 reply line in the terminal ("FIRMWARE_NAME:Marlin 2.1.2 (…) SOURCE_CODE_URL:…"). */
export function firmwareFromLine(text: string): string | null {
  const match = /FIRMWARE_NAME:\s*(.+?)(?=\s+[A-Z_]{4,}:|$)/.exec(text);
  return match ? match[1].trim() : null;
}
