// Marlin USB driver: jobs streamed by the sender (off the main loop), SD card, pause with park + retract, resume,
// cancel with cooldown, and resume-from-line/layer after a lost link. Connection lifecycle and status folding are
// in connection.ts. Implements PrinterDriver; status is the normalized PrinterStatus.
import { readFile } from 'node:fs/promises';
import { FarmError } from '../../../shared/contract/envelope.js';
import { MarlinConnection, type MarlinJob } from './connection.js';
import { prepareJob } from './job-source.js';
import type { SdFile } from './protocol.js';
import { planResume, type ResumePlan } from './resume.js';
import type { JobSpec } from './sender-host.js';

export { MarlinConnection } from './connection.js';
export type { FirmwareInfo, MarlinDriverOptions, MarlinJob, MarlinJobState } from './connection.js';

export class MarlinDriver extends MarlinConnection {
  async pause(): Promise<void> {
    const s = this.requireSender();
    const j = this.currentJob;
    if (!j || j.state !== 'printing') throw new FarmError('conflict', 'No print is running.');
    if (j.source === 'sd') await s.command('M25');
    else {
      await s.pauseJob();
      // Wait for the buffered moves, remember where the head was, then park (config snippet: retract + lift + move).
      await s.command('M400\nM114');
      this.parked = this.st.position ? { ...this.st.position } : null;
      if (this.config.gcode.pause) await s.command(this.config.gcode.pause);
    }
    j.state = 'paused';
    this.setState('paused', 'Paused');
  }

  async resume(): Promise<void> {
    const s = this.requireSender();
    const j = this.currentJob;
    if (!j || j.state !== 'paused') throw new FarmError('conflict', 'The print is not paused.');
    if (j.source === 'sd') await s.command('M24');
    else {
      const p = this.parked;
      const back = [this.config.gcode.resume];
      if (p) back.push('G91', 'G1 E2 F2400', 'G90', `G1 X${p.x} Y${p.y} F6000`, `G1 Z${p.z} F600`, `G92 E${p.e}`);
      await s.command(back.filter(Boolean).join('\n'));
      await s.resumeJob();
    }
    j.state = 'printing';
    this.setState('printing', null);
  }

  async cancel(): Promise<void> {
    const s = this.requireSender();
    const j = this.currentJob;
    if (!j || (j.state !== 'printing' && j.state !== 'paused')) throw new FarmError('conflict', 'No print to cancel.');
    if (j.source === 'sd') await s.command('M524');
    else j.progress = (await s.cancelJob()) ?? j.progress;
    j.state = 'cancelled';
    if (this.config.gcode.cancel) await s.command(this.config.gcode.cancel);
    this.st.job = null;
    this.setState('idle', 'Print cancelled');
  }

  /** Stream a G-code file (path read by the sender process) or text as a job. */
  async startJob(spec: JobSpec & { skipStartGcode?: boolean }): Promise<{ commands: number }> {
    const s = this.requireSender();
    if (this.currentJob && (this.currentJob.state === 'printing' || this.currentJob.state === 'paused')) throw new FarmError('conflict', 'A print is already running.');
    if (this.st.state !== 'idle' && this.st.state !== 'finished') throw new FarmError('conflict', `Printer is ${this.st.state}.`);
    if (this.config.gcode.start && !spec.skipStartGcode) await s.command(this.config.gcode.start);
    this.currentJob = { name: spec.name, source: 'host', spec: { name: spec.name, path: spec.path, text: spec.text }, state: 'printing', progress: null, reason: null };
    this.st.job = { name: spec.name, progress: 0, layer: null, totalLayers: null, remainingMinutes: null, lastAckedLine: null, filePosition: 0 };
    const r = await s.startJob(spec);
    this.setState('printing', null);
    return r;
  }

  async listSdFiles(timeoutMs = 5000): Promise<SdFile[]> {
    const s = this.requireSender();
    const files = new Promise<SdFile[]>((resolve, reject) => {
      const t = setTimeout(() => reject(new FarmError('timeout', 'The printer did not list its SD card.')), timeoutMs);
      this.sdWaiters.push((f) => {
        clearTimeout(t);
        resolve(f);
      });
    });
    await s.command('M20');
    return files;
  }

  async printSdFile(name: string): Promise<void> {
    const s = this.requireSender();
    if (this.currentJob && (this.currentJob.state === 'printing' || this.currentJob.state === 'paused')) throw new FarmError('conflict', 'A print is already running.');
    await s.command(`M23 ${name}`);
    if (this.fw.capabilities.AUTOREPORT_SD_STATUS) await s.command('M27 S2');
    this.currentJob = { name, source: 'sd', spec: null, state: 'printing', progress: null, reason: null };
    this.st.job = { name, progress: 0, layer: null, totalLayers: null, remainingMinutes: null, lastAckedLine: null, filePosition: 0 };
    this.setState('printing', null);
    await s.command('M24');
  }

  /** Plan a resume of the interrupted host job: which line, and the preamble that heats, homes X/Y, restores Z/E/fan. */
  async planResume(opts: { backOffToLayer?: boolean; startIndex?: number } = {}): Promise<ResumePlan> {
    const j = this.currentJob;
    if (!j || j.state !== 'interrupted' || !j.spec) throw new FarmError('conflict', 'No interrupted job to resume.');
    const text = j.spec.text ?? (j.spec.path ? await readFile(j.spec.path, 'latin1') : '');
    const job = prepareJob(j.name, text);
    return planResume(job, (j.progress?.acked ?? 0) - 1, opts);
  }

  /** Resume the interrupted job from a planned line (default: start of the layer that was printing). */
  async resumeFromLine(opts: { backOffToLayer?: boolean; startIndex?: number } = {}): Promise<ResumePlan> {
    const plan = await this.planResume(opts);
    const j = this.currentJob as MarlinJob;
    const s = this.requireSender();
    if (this.st.state !== 'idle') throw new FarmError('conflict', `Printer is ${this.st.state}.`);
    await s.command(plan.preamble);
    this.currentJob = null;
    await this.startJob({ ...(j.spec as JobSpec), startIndex: plan.startIndex, skipStartGcode: true });
    return plan;
  }
}
