// A minimal virtual printer for demo mode and the telemetry benchmark: a deterministic print cycle
// (idle → heating → printing → finished → idle…) with heaters that approach their targets and a little noise.
import type { PrinterStatus } from '../../shared/contract/printer-status.js';
import { seededRandom } from '../drivers/virtual/marlin/faults.js';

export interface GeneratorOptions {
  kind: 'marlin' | 'bambu';
  seed: number;
  /** Length of one print in ms (default 6–20 min, picked from the seed). */
  printMs?: number;
}

type Phase = 'idle' | 'preparing' | 'printing' | 'paused' | 'finished' | 'error';

const JOBS = ['benchy.gcode', 'calibration-cube.gcode', 'bracket-v3.gcode', 'gear-set.3mf', 'phone-stand.gcode', 'vase-spiral.gcode', 'cable-clip-x20.3mf', 'lid-hinge.gcode'];
const COLORS: Array<[string, string]> = [['PLA', '#E8E8E8'], ['PLA', '#1E1E1E'], ['PETG', '#2E7DD7'], ['PLA', '#D7402E'], ['ABS', '#F2A900'], ['TPU', '#3DBB61']];

/** The same small deterministic PRNG as the virtual printers' faults, so a demo farm looks the same on every run. */
const rng = seededRandom;

export class StatusGenerator {
  private readonly random: () => number;
  private phase: Phase = 'idle';
  private phaseStart: number;
  private lastStep: number;
  private tool = 24;
  private bed = 23;
  private chamber = 26;
  private progressMs = 0; // time printed so far (excludes pauses)
  private job = JOBS[0];
  private readonly printMs: number;
  private readonly totalLayers: number;
  private readonly material: [string, string];
  private idleMs: number;
  /** Targets a person set by hand (M104/M140 from the Printers room); cleared when the phase changes. */
  private manual: { tool?: number; bed?: number } = {};

  constructor(
    private readonly options: GeneratorOptions,
    now: number,
  ) {
    this.random = rng(options.seed * 7919 + 17);
    this.printMs = options.printMs ?? (6 + Math.floor(this.random() * 14)) * 60_000;
    this.totalLayers = 80 + Math.floor(this.random() * 300);
    this.material = COLORS[options.seed % COLORS.length];
    // Start the farm mid-cycle so a fresh demo already shows every state.
    this.phaseStart = now;
    this.lastStep = now;
    this.idleMs = 5_000 + this.random() * 20_000;
    const start = this.random();
    if (start < 0.65) {
      this.phase = 'printing';
      this.progressMs = this.random() * this.printMs * 0.95;
      this.tool = this.targets().tool;
      this.bed = this.targets().bed;
    } else if (start < 0.75) this.phase = 'finished';
    else if (start < 0.8) this.phase = 'paused';
    this.job = JOBS[options.seed % JOBS.length];
  }

  get state(): Phase {
    return this.phase;
  }

  /** Person-driven transitions (the demo printer obeys Pause / Resume / Cancel). */
  pause(now: number): void {
    if (this.phase === 'printing' || this.phase === 'preparing') this.enter('paused', now);
  }
  resume(now: number): void {
    if (this.phase === 'paused') this.enter('printing', now);
  }
  cancel(now: number): void {
    if (this.phase !== 'idle') this.enter('idle', now);
  }
  /** A hand-set heater target (the demo printer obeys M104/M140 too). */
  setTarget(heater: 'tool' | 'bed', celsius: number): void {
    this.manual = { ...this.manual, [heater]: Math.max(0, celsius) };
  }
  /** Clear an error/finished plate (the "Confirm plate clear" action). */
  clear(now: number): void {
    if (this.phase === 'finished' || this.phase === 'error') this.enter('idle', now);
  }

  /** Advance the simulation to `now` and return a fresh status. */
  step(now: number): PrinterStatus {
    const dt = Math.max(0, now - this.lastStep);
    this.lastStep = now;
    const inPhase = now - this.phaseStart;
    switch (this.phase) {
      case 'idle':
        if (inPhase > this.idleMs) {
          this.job = JOBS[Math.floor(this.random() * JOBS.length)];
          this.progressMs = 0;
          this.enter('preparing', now);
        }
        break;
      case 'preparing': {
        const t = this.targets();
        if (Math.abs(this.tool - t.tool) < 3 && Math.abs(this.bed - t.bed) < 2) this.enter('printing', now);
        break;
      }
      case 'printing':
        this.progressMs += dt;
        if (this.progressMs >= this.printMs) this.enter('finished', now);
        else if (this.random() < dt / 3_600_000) this.enter('paused', now); // ~once an hour: filament runout
        else if (this.random() < dt / 14_400_000) this.enter('error', now); // ~every 4 h: a fault
        break;
      case 'paused':
        if (inPhase > 90_000) this.enter('printing', now); // someone reloaded filament
        break;
      case 'finished':
        if (inPhase > 30_000) this.enter('idle', now); // someone cleared the plate
        break;
      case 'error':
        if (inPhase > 60_000) this.enter('idle', now);
        break;
    }
    this.heat(dt);
    return this.status(now);
  }

  private enter(phase: Phase, now: number): void {
    this.phase = phase;
    this.phaseStart = now;
    this.manual = {};
    if (phase === 'idle') this.idleMs = 5_000 + this.random() * 25_000;
  }

  private targets(): { tool: number; bed: number } {
    return { ...this.phaseTargets(), ...this.manual };
  }

  private phaseTargets(): { tool: number; bed: number } {
    const active = this.phase === 'preparing' || this.phase === 'printing' || this.phase === 'paused';
    const hot = this.material[0] === 'ABS' ? { tool: 250, bed: 100 } : this.material[0] === 'PETG' ? { tool: 240, bed: 80 } : { tool: 215, bed: 60 };
    if (!active) return { tool: 0, bed: 0 };
    return this.phase === 'paused' ? { tool: 175, bed: hot.bed } : hot;
  }

  /** First-order approach to the target (heating ~3 °C/s near ambient), cooling to ~24 °C, with sensor noise. */
  private heat(dt: number): void {
    const t = this.targets();
    const k = 1 - Math.exp(-dt / 12_000);
    const kb = 1 - Math.exp(-dt / 30_000);
    this.tool += ((t.tool || 24) - this.tool) * k + (this.random() - 0.5) * 0.6;
    this.bed += ((t.bed || 23) - this.bed) * kb + (this.random() - 0.5) * 0.2;
    this.chamber += ((t.bed > 0 ? 38 : 26) - this.chamber) * (kb / 4);
  }

  private status(now: number): PrinterStatus {
    const t = this.targets();
    const bambu = this.options.kind === 'bambu';
    const jobActive = this.phase === 'printing' || this.phase === 'paused' || this.phase === 'preparing' || this.phase === 'finished';
    const fraction = this.phase === 'finished' ? 1 : Math.min(1, this.progressMs / this.printMs);
    return {
      state: this.phase,
      message:
        this.phase === 'paused' ? 'Filament runout — reload and resume' : this.phase === 'error' ? 'Nozzle clog detected (simulated)' : this.phase === 'finished' ? 'Done — confirm the plate is clear' : null,
      tools: [{ actual: round1(this.tool), target: t.tool }],
      bed: { actual: round1(this.bed), target: t.bed },
      chamber: bambu ? { actual: round1(this.chamber), target: 0 } : null,
      job: jobActive
        ? {
            name: this.job,
            progress: Math.round(fraction * 1000) / 10,
            layer: Math.max(1, Math.round(fraction * this.totalLayers)),
            totalLayers: this.totalLayers,
            remainingMinutes: Math.max(0, Math.round((this.printMs - this.progressMs) / 60_000)),
          }
        : null,
      fans: { part: this.phase === 'printing' ? 100 : 0, aux: bambu ? 0 : null, chamber: bambu ? 30 : null },
      speedPercent: 100,
      speedLevel: bambu ? 2 : null,
      position: null,
      ams: bambu
        ? [{ id: 0, humidity: 3, temperature: 25, trays: [{ id: 0, material: this.material[0], color: this.material[1], remainPercent: 80 }] }]
        : [],
      faults: this.phase === 'error' ? [{ code: 'demo-clog', severity: 'serious', message: 'Nozzle clog detected (simulated)' }] : [],
      reportedAt: now,
    };
  }
}

const round1 = (v: number) => Math.round(v * 10) / 10;
