// A virtual Bambu printer on a broker: serves device/<serial>/{report,request} like the real one, with faults.
import { cloneSafe, isPlainObject, type RawObject } from '../../bambu/merge.js';
import type { BrokerLink } from './links.js';
import { BambuSimulation, type SimCommandResult, type SimOptions } from './sim.js';

export interface VirtualBambuOptions {
  serial: string;
  link: BrokerLink;
  /** Real P1 printers push about once a second. */
  reportIntervalMs?: number;
  /** Simulated seconds per real second (tests print a whole job in a few seconds). */
  timeScale?: number;
  job?: { totalLayers?: number; durationSeconds?: number };
  sim?: SimOptions;
  /** Files on the "SD card" (shared with the virtual FTPS server). When set, project_file needs the file there. */
  files?: Map<string, Buffer>;
  /** Add ±1/32 °C noise so every tick carries a delta (telemetry load tests). */
  noise?: boolean;
  /** Restart the job when it finishes (demo farm). */
  loopJobs?: boolean;
  model?: 'P1S' | 'P1P' | 'A1' | 'X1C';
  /** Delay of the first report tick (ms), to spread a farm's reports over the interval. */
  phaseMs?: number;
  /** Add `t_sent_ms` (epoch ms, sub-ms precision) to every push, for latency benchmarks. */
  stampReports?: boolean;
}

const MAX_LOG = 500;

export class VirtualBambuPrinter {
  readonly sim: BambuSimulation;
  readonly serial: string;
  /** Requests received (parsed), newest last; bounded. */
  readonly requests: RawObject[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private phase: ReturnType<typeof setTimeout> | null = null;
  private reporting = true;
  private hmsDirty = false;
  private pushSequence = 1000;
  private closed = false;

  private constructor(private readonly o: VirtualBambuOptions) {
    this.serial = o.serial;
    this.sim = new BambuSimulation(o.sim);
    // Only the X1 family has a chamber sensor; P1/A1 report a constant 5 (which the driver drops).
    if (o.model === 'X1C') this.sim.setChamber(28);
  }

  static async start(options: VirtualBambuOptions): Promise<VirtualBambuPrinter> {
    const printer = new VirtualBambuPrinter(options);
    await options.link.subscribe(`device/${options.serial}/request`, (payload) => printer.onRequest(payload));
    const interval = options.reportIntervalMs ?? 1000;
    // Real printers are not phase-locked: spread the first tick so a farm does not report in one burst.
    printer.phase = setTimeout(() => {
      printer.phase = null;
      if (printer.closed) return;
      printer.timer = setInterval(() => printer.tick(interval), interval);
      printer.timer.unref?.();
    }, options.phaseMs ?? 0);
    printer.phase.unref?.();
    return printer;
  }

  get reportTopic(): string {
    return `device/${this.serial}/report`;
  }

  /** Requests with this command (e.g. 'project_file'), for assertions on what reached the printer. */
  requestsFor(command: string): RawObject[] {
    return this.requests.filter((r) => Object.values(r).some((body) => isPlainObject(body) && body.command === command));
  }

  // ---- faults ----------------------------------------------------------------------------------
  /** Go silent (no pushes, no acks) — the driver must show the printer offline after its watchdog. */
  setReporting(on: boolean): void {
    this.reporting = on;
  }
  raiseHms(attr: number, code: number): void {
    this.sim.raiseHms(attr, code);
    this.hmsDirty = true;
  }
  clearHms(): void {
    this.sim.clearHms();
    this.hmsDirty = true;
  }
  failPrint(printError = 0x07008011): void {
    this.sim.failPrint(printError);
    this.tick(0);
  }
  /** Publish anything on the report topic (hostile payload tests). */
  sendRaw(payload: string | Buffer): void {
    this.o.link.publish(this.reportTopic, payload);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.phase) clearTimeout(this.phase);
    if (this.timer) clearInterval(this.timer);
    await this.o.link.close();
  }

  // ---- reporting -------------------------------------------------------------------------------
  private publish(body: RawObject): void {
    if (!this.closed) this.o.link.publish(this.reportTopic, JSON.stringify(body));
  }

  private pushStatus(print: RawObject, full: boolean): void {
    this.pushSequence += 1;
    const stamp = this.o.stampReports ? { t_sent_ms: performance.timeOrigin + performance.now() } : {};
    this.publish({ print: { ...print, ...stamp, command: 'push_status', msg: full ? 0 : 1, sequence_id: String(this.pushSequence) } });
  }

  private tick(intervalMs: number): void {
    if (!this.reporting || this.closed) return;
    const seconds = (intervalMs / 1000) * (this.o.timeScale ?? 1);
    if (this.o.loopJobs && !this.sim.currentJob && ['IDLE', 'FINISH'].includes(this.sim.state)) this.startDemoJob();
    if (this.o.noise) this.sim.jitter();
    const delta = this.sim.advance(seconds, this.hmsDirty);
    this.hmsDirty = false;
    if (delta) this.pushStatus(delta, false);
  }

  private startDemoJob(): void {
    this.sim.startJob({
      name: `Demo part ${this.serial.slice(-3)}`,
      remoteName: 'demo.gcode.3mf',
      plate: 1,
      totalLayers: this.o.job?.totalLayers ?? 120,
      durationSeconds: this.o.job?.durationSeconds ?? 1800,
      tray: 0,
    });
  }

  // ---- requests --------------------------------------------------------------------------------
  private onRequest(payload: Buffer): void {
    if (this.closed) return;
    let request: unknown;
    try {
      request = JSON.parse(payload.toString('utf8'));
    } catch {
      return; // a real printer ignores garbage too
    }
    if (!isPlainObject(request)) return;
    this.requests.push(cloneSafe(request));
    if (this.requests.length > MAX_LOG) this.requests.shift();
    if (!this.reporting) return; // silent printer: requests arrive but nothing answers

    const [type, body] = Object.entries(request)[0] ?? [];
    if (!type || !isPlainObject(body)) return;
    const command = typeof body.command === 'string' ? body.command : '';
    const sequenceId = body.sequence_id === undefined ? '0' : String(body.sequence_id);

    if (type === 'pushing') {
      if (command === 'pushall' || command === 'start') this.pushStatus(this.sim.fullReport(), true);
      return;
    }
    if (type === 'info' && command === 'get_version') {
      this.publish({ info: { command, sequence_id: sequenceId, module: this.versionModules(), result: 'success', reason: '' } });
      return;
    }
    if (type === 'system' && command === 'ledctrl') {
      this.sim.setLight(String(body.led_node), String(body.led_mode));
      this.publish({ system: { ...body, result: 'success' } });
      return;
    }
    if (type !== 'print') return;
    const outcome = this.handlePrint(command, body);
    if (!outcome) return;
    this.publish({ print: { command, sequence_id: sequenceId, param: body.param ?? '', result: outcome.result, reason: outcome.reason ?? '' } });
    this.tick(0); // state changes show up in a delta right away, as on the printer
  }

  private handlePrint(command: string, body: RawObject): SimCommandResult | null {
    switch (command) {
      case 'pause':
        return this.sim.pause();
      case 'resume':
        return this.sim.resume();
      case 'stop':
        return this.sim.stop();
      case 'print_speed':
        return this.sim.setSpeed(Number(body.param));
      case 'gcode_line':
        return typeof body.param === 'string' && body.param.endsWith('\n') ? { result: 'success' } : { result: 'failed', reason: 'gcode must end with a newline' };
      case 'ams_filament_setting':
        return this.sim.setTray(Number(body.ams_id), Number(body.tray_id), {
          tray_type: body.tray_type, tray_color: body.tray_color, tray_info_idx: body.tray_info_idx, tray_sub_brands: '',
          nozzle_temp_min: String(body.nozzle_temp_min), nozzle_temp_max: String(body.nozzle_temp_max),
        });
      case 'project_file':
        return this.projectFile(body);
      case 'ams_control':
        return ['resume', 'reset', 'pause', 'done'].includes(String(body.param)) ? { result: 'success' } : { result: 'failed', reason: 'bad param' };
      case 'ams_change_filament':
        return this.sim.changeFilament(Number(body.target));
      case 'skip_objects':
        return Array.isArray(body.obj_list) ? this.sim.skipObjects(body.obj_list.map(Number)) : { result: 'failed', reason: 'obj_list missing' };
      default:
        return { result: 'failed', reason: `unsupported command ${command}` };
    }
  }

  private projectFile(body: RawObject): SimCommandResult {
    const url = typeof body.url === 'string' ? body.url : '';
    const name = url.replace(/^file:\/\/\/sdcard\//, '').replace(/^ftp:\/\/\//, '');
    if (this.o.files && !this.o.files.has(name)) return { result: 'failed', reason: `file not found: ${name}` };
    const plate = Number(/plate_(\d+)\.gcode$/.exec(String(body.param))?.[1] ?? 1);
    const mapping = Array.isArray(body.ams_mapping) ? body.ams_mapping.map(Number) : [];
    return this.sim.startJob({
      name: typeof body.subtask_name === 'string' ? body.subtask_name : name,
      remoteName: name,
      plate,
      totalLayers: this.o.job?.totalLayers ?? 50,
      durationSeconds: this.o.job?.durationSeconds ?? 600,
      tray: body.use_ams === true && mapping[0] !== undefined && mapping[0] >= 0 ? mapping[0] : 255,
    });
  }

  private versionModules(): RawObject[] {
    const project: Record<string, string> = { P1P: 'C11', P1S: 'C12', A1: 'N2S', X1C: 'BL_P001' };
    const model = this.o.model ?? 'P1S';
    return [
      { name: 'ota', project_name: project[model], sw_ver: '01.08.02.00', hw_ver: 'OTA', sn: this.serial, flag: 3 },
      { name: 'mc', project_name: 'P1', sw_ver: '00.00.27.38', hw_ver: 'MC01', sn: 'VIRTUAL', flag: 0 },
      { name: 'ams/0', project_name: '', sw_ver: '00.00.06.40', hw_ver: 'AMS08', sn: `${this.serial}-AMS0`, flag: 0 },
    ];
  }
}
