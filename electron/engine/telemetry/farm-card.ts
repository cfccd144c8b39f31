// Turns a PrinterStatus into the flat farm-grid card, and diffs two cards into a field patch.
import type { PrinterStatus } from '../../shared/contract/printer-status.js';
import type { FarmCard, FarmCardPatch } from '../../shared/contract/telemetry-types.js';

/** What the grid needs from the printer's configuration (name, model, virtual label). */
export interface PrinterIdentity {
  name: string;
  model: string | null;
  type: 'marlin' | 'bambu';
  virtual: boolean;
}

/** Round to 1/perUnit (divide, not multiply by a step, so 2.8 stays 2.8 and not 2.8000000000000003). */
const round = (v: number | null | undefined, perUnit = 1): number | null =>
  v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * perUnit) / perUnit;

export function toFarmCard(id: string, identity: PrinterIdentity, status: PrinterStatus, stateSince: number): FarmCard {
  const tool = status.tools[0];
  // The loaded material: the first AMS tray with filament (Bambu); Marlin does not report one.
  let materialName: string | null = null;
  let materialColor: string | null = null;
  for (const unit of status.ams) {
    const tray = unit.trays.find((t) => t.material);
    if (tray) {
      materialName = tray.material;
      materialColor = tray.color;
      break;
    }
  }
  return {
    id,
    name: identity.name,
    model: identity.model,
    type: identity.type,
    virtual: identity.virtual,
    state: status.state,
    message: status.message,
    stateSince,
    jobName: status.job?.name ?? null,
    progress: round(status.job?.progress, 10),
    layer: status.job?.layer ?? null,
    totalLayers: status.job?.totalLayers ?? null,
    remainingMinutes: round(status.job?.remainingMinutes),
    // Whole degrees: a 0.3 °C wobble would otherwise re-render every card twice a second.
    toolActual: round(tool?.actual),
    toolTarget: round(tool?.target),
    bedActual: round(status.bed?.actual),
    bedTarget: round(status.bed?.target),
    materialName,
    materialColor,
    faultCount: status.faults.length,
  };
}

/** Fields of `next` that differ from `prev` (all of them when prev is undefined); null when nothing changed. */
export function diffCard(prev: FarmCard | undefined, next: FarmCard): FarmCardPatch | null {
  if (!prev) return next;
  let patch: FarmCardPatch | null = null;
  for (const key of Object.keys(next) as Array<keyof FarmCard>) {
    if (prev[key] !== next[key]) {
      patch ??= { id: next.id };
      (patch as Record<string, unknown>)[key] = next[key];
    }
  }
  return patch;
}
