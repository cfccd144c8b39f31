// Applies a settings patch from the printer's settings panel to its stored config (pure: validate, merge, classify).
import { FarmError } from '../../shared/contract/envelope.js';
import { PrinterConfig } from '../../shared/contract/printer-config.js';
import type { PrinterSettingsPatch } from '../../shared/contract/printers.js';

const MARLIN_ONLY = ['baud', 'streaming', 'gcode'] as const;
const BAMBU_ONLY = ['model', 'accessCode'] as const;
/** Fields the running driver reads (connection, snippets): changing them means re-creating the driver. */
const DRIVER_FIELDS = ['baud', 'streaming', 'gcode', 'model'] as const;

export interface AppliedSettings {
  /** The new config, without secrets. */
  config: PrinterConfig;
  /** A new access code to put in the secret store (never in the config row). */
  accessCode: string | null;
  /** True when the running driver must be re-created to pick the change up. */
  driverChanged: boolean;
}

export function applySettingsPatch(current: PrinterConfig, patch: PrinterSettingsPatch): AppliedSettings {
  const wrongType = (current.type === 'marlin' ? BAMBU_ONLY : MARLIN_ONLY).filter((k) => patch[k] !== undefined);
  if (wrongType.length) {
    throw new FarmError('invalid-input', `${wrongType.join(', ')} cannot be set on a ${current.type === 'marlin' ? 'USB (Marlin)' : 'Bambu'} printer.`);
  }
  const { accessCode = null, gcode, ...rest } = patch;
  const merged: Record<string, unknown> = { ...current, ...rest };
  if (gcode && current.type === 'marlin') merged.gcode = { ...current.gcode, ...gcode };
  if (patch.tags) merged.tags = [...new Set(patch.tags.map((t) => t.trim()).filter(Boolean))];
  const parsed = PrinterConfig.safeParse(merged);
  if (!parsed.success) {
    throw new FarmError('invalid-input', parsed.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`).join('; '));
  }
  const before = current as Record<string, unknown>;
  const after = parsed.data as Record<string, unknown>;
  const driverChanged = accessCode !== null || DRIVER_FIELDS.some((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  return { config: parsed.data, accessCode, driverChanged };
}
