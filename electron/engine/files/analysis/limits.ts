// Machine limits the planner uses: defaults < slicer config block in the file < printer profile < M201/M203/M204/M205 in the file.
import type { AnalysisProfile } from '../../../shared/contract/gcode-analysis.js';

export const X = 0;
export const Y = 1;
export const Z = 2;
export const E = 3;

export type JunctionModel = 'jerk' | 'jerk-xy' | 'junction-deviation';

export interface MachineLimits {
  /** mm/s per axis (0 = unlimited). */
  maxFeedrate: Float64Array;
  /** mm/s² per axis (0 = unlimited). */
  maxAxisAccel: Float64Array;
  /** Classic jerk, mm/s per axis. */
  jerk: Float64Array;
  /** Caps on M204 values (PrusaSlicer clamps M204 to machine_max_acceleration_*); 0 = none. */
  maxAccelExtruding: number;
  maxAccelRetracting: number;
  /** 0 = the firmware has no separate travel acceleration (Marlin 1 / legacy): travel uses the print acceleration. */
  maxAccelTravel: number;
  minExtrudingRate: number;
  minTravelRate: number;
  /** Marlin junction deviation in mm (used when junctionModel is 'junction-deviation'). */
  junctionDeviation: number | null;
  /**
   * How corner speeds are limited: per-axis classic jerk (Marlin 1.1+/2 classic, PrusaSlicer's estimator),
   * one combined XY jerk (Marlin 1.0/Sprinter; what Cura's estimator assumes), or junction deviation (Marlin 2 JD).
   */
  junctionModel: JunctionModel;
  source: 'file' | 'profile' | 'default';
}

/**
 * Ender-3-class defaults (Creality Marlin config; also Cura's creality_ender3 definition): a file with no limits and
 * no profile is most likely from such a printer. Cura's own estimate uses exactly these.
 */
export function defaultLimits(): MachineLimits {
  return {
    maxFeedrate: Float64Array.of(500, 500, 10, 50),
    maxAxisAccel: Float64Array.of(500, 500, 100, 5000),
    jerk: Float64Array.of(10, 10, 0.4, 5),
    maxAccelExtruding: 500,
    maxAccelRetracting: 1000,
    maxAccelTravel: 0,
    minExtrudingRate: 0,
    minTravelRate: 0,
    junctionDeviation: null,
    junctionModel: 'jerk',
    source: 'default',
  };
}

function firstNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number.parseFloat(value.split(',')[0]);
  return Number.isFinite(n) ? n : undefined;
}

/** Apply the slicer's flattened config (PrusaSlicer/SuperSlicer/Orca/Bambu `machine_max_*` keys, first = normal mode). */
export function applyConfigLimits(limits: MachineLimits, config: ReadonlyMap<string, string>, flavor: string): boolean {
  let any = false;
  const set = (key: string, apply: (v: number) => void) => {
    const v = firstNumber(config.get(key));
    if (v !== undefined) {
      apply(v);
      any = true;
    }
  };
  const axes = ['x', 'y', 'z', 'e'];
  axes.forEach((a, i) => {
    set(`machine_max_feedrate_${a}`, (v) => (limits.maxFeedrate[i] = v));
    set(`machine_max_acceleration_${a}`, (v) => (limits.maxAxisAccel[i] = v));
    set(`machine_max_jerk_${a}`, (v) => (limits.jerk[i] = v));
  });
  set('machine_max_acceleration_extruding', (v) => (limits.maxAccelExtruding = v));
  set('machine_max_acceleration_retracting', (v) => (limits.maxAccelRetracting = v));
  // Only Marlin 2 / RRF (/Klipper) have a separate travel acceleration, and PrusaSlicer only uses it when it emits limits.
  const separateTravel = flavor === 'marlin2' || flavor === 'reprapfirmware' || flavor === 'klipper';
  const emits = (config.get('machine_limits_usage') ?? 'emit_to_gcode') === 'emit_to_gcode';
  if (separateTravel && emits) set('machine_max_acceleration_travel', (v) => (limits.maxAccelTravel = v));
  else if (config.has('machine_max_acceleration_travel')) limits.maxAccelTravel = 0;
  set('machine_min_extruding_rate', (v) => (limits.minExtrudingRate = v));
  set('machine_min_travel_rate', (v) => (limits.minTravelRate = v));
  if (any) limits.source = 'file';
  return any;
}

export function applyProfile(limits: MachineLimits, profile: AnalysisProfile | undefined): void {
  if (!profile) return;
  if (profile.maxFeedrate) limits.maxFeedrate.set(profile.maxFeedrate);
  if (profile.maxAxisAccel) limits.maxAxisAccel.set(profile.maxAxisAccel);
  if (profile.jerk) limits.jerk.set(profile.jerk);
  if (profile.maxAccel !== undefined) limits.maxAccelExtruding = profile.maxAccel;
  if (profile.retractAccel !== undefined) limits.maxAccelRetracting = profile.retractAccel;
  if (profile.travelAccel !== undefined) limits.maxAccelTravel = profile.travelAccel;
  if (profile.junctionDeviation !== undefined) {
    limits.junctionDeviation = profile.junctionDeviation;
    limits.junctionModel = 'junction-deviation';
  }
  limits.source = 'profile';
}
