// Bambu request payloads, ack matching, reconnect backoff/breaker, start-print guard, certificate decision.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FarmError } from '../../electron/shared/contract/envelope.js';
import { AckTracker } from '../../electron/engine/drivers/bambu/acks.js';
import * as cmd from '../../electron/engine/drivers/bambu/commands.js';
import { ReconnectPolicy } from '../../electron/engine/drivers/bambu/reconnect.js';
import { classifyReport } from '../../electron/engine/drivers/bambu/report.js';
import { StartPrintGuard } from '../../electron/engine/drivers/bambu/start-guard.js';
import { certificateAccepted, normalizeFingerprint } from '../../electron/engine/drivers/bambu/tls-gate.js';

afterEach(() => vi.useRealTimers());

describe('request payloads', () => {
  it('encodes the documented shapes with a string sequence_id', () => {
    expect(JSON.parse(cmd.encodeRequest(cmd.pushAll(), '7'))).toEqual({ pushing: { sequence_id: '7', command: 'pushall', version: 1, push_target: 1 } });
    expect(JSON.parse(cmd.encodeRequest(cmd.pause(), '8'))).toEqual({ print: { sequence_id: '8', command: 'pause', param: '' } });
    expect(JSON.parse(cmd.encodeRequest(cmd.speedLevel(4), '9'))).toEqual({ print: { sequence_id: '9', command: 'print_speed', param: '4' } });
    expect(JSON.parse(cmd.encodeRequest(cmd.gcodeLine('G28\r\n\nM400 '), '1')).print.param).toBe('G28\nM400\n');
    expect(JSON.parse(cmd.encodeRequest(cmd.light('chamber_light', false), '2'))).toEqual({
      system: { sequence_id: '2', command: 'ledctrl', led_node: 'chamber_light', led_mode: 'off', led_on_time: 500, led_off_time: 500, loop_times: 0, interval_time: 0 },
    });
    expect(JSON.parse(cmd.encodeRequest(cmd.amsFilamentSetting({ amsId: 1, trayId: 2, trayInfoIdx: 'GFA00', color: '#a1b2c3', nozzleTempMin: 190, nozzleTempMax: 230, material: 'PLA' }), '3')).print).toMatchObject({
      command: 'ams_filament_setting', ams_id: 1, tray_id: 2, tray_color: 'A1B2C3FF', tray_type: 'PLA',
    });
  });

  it('project_file names the plate, the SD URL and the AMS mapping', () => {
    const body = JSON.parse(cmd.encodeRequest(cmd.projectFile({ remoteName: 'benchy.gcode.3mf', plate: 2, amsMapping: [0, -1, 3] }), '5')).print;
    expect(body).toMatchObject({
      command: 'project_file', param: 'Metadata/plate_2.gcode', url: 'file:///sdcard/benchy.gcode.3mf', subtask_name: 'benchy',
      use_ams: true, ams_mapping: [0, -1, 3], bed_leveling: true, bed_levelling: true, project_id: '0', task_id: '0',
    });
    expect(JSON.parse(cmd.encodeRequest(cmd.projectFile({ remoteName: 'a.3mf', plate: 1, amsMapping: [], urlScheme: 'ftp' }), '5')).print).toMatchObject({ url: 'ftp:///a.3mf', use_ams: false });
  });

  it('AMS control, load/unload and skip_objects payloads', () => {
    expect(JSON.parse(cmd.encodeRequest(cmd.amsControl('resume'), '1')).print).toEqual({ sequence_id: '1', command: 'ams_control', param: 'resume' });
    expect(JSON.parse(cmd.encodeRequest(cmd.amsChangeFilament({ amsId: 1, slotId: 2 }), '2')).print).toMatchObject({ command: 'ams_change_filament', ams_id: 1, slot_id: 2, target: 6 });
    expect(JSON.parse(cmd.encodeRequest(cmd.amsChangeFilament('unload'), '3')).print).toMatchObject({ target: 255 });
    expect(JSON.parse(cmd.encodeRequest(cmd.skipObjects([206, 310]), '4')).print).toMatchObject({ command: 'skip_objects', obj_list: [206, 310] });
    expect(() => cmd.amsChangeFilament({ amsId: 4, slotId: 0 })).toThrow(FarmError);
    expect(() => cmd.skipObjects([])).toThrow(FarmError);
  });

  it('refuses bad arguments with invalid-input', () => {
    for (const bad of [() => cmd.speedLevel(0), () => cmd.gcodeLine(' \n '), () => cmd.gcodeLine('G1\n'.repeat(10_000)), () => cmd.projectFile({ remoteName: 'x', plate: 0, amsMapping: [] })]) {
      expect(bad).toThrow(FarmError);
    }
  });
});

describe('acks', () => {
  it('matches by sequence_id AND command; ignores other clients', async () => {
    const acks = new AckTracker(10);
    const id = acks.nextSequenceId();
    expect(id).toBe('11');
    const waiting = acks.wait(id, 'pause', 1000);
    expect(acks.settle({ command: 'resume', sequenceId: id, ok: true, reason: '', body: {} })).toBe(false);
    expect(acks.settle({ command: 'pause', sequenceId: '0', ok: true, reason: '', body: {} })).toBe(false);
    expect(acks.settle({ command: 'pause', sequenceId: id, ok: true, reason: '', body: {} })).toBe(true);
    await expect(waiting).resolves.toMatchObject({ command: 'pause' });
  });

  it('a failure result rejects with the reason; silence times out; connection loss rejects everything', async () => {
    vi.useFakeTimers();
    const acks = new AckTracker();
    const refused = acks.wait('1', 'stop', 1000);
    acks.settle({ command: 'stop', sequenceId: '1', ok: false, reason: 'busy', body: {} });
    await expect(refused).rejects.toMatchObject({ code: 'rejected', message: expect.stringContaining('busy') });
    const silent = acks.wait('2', 'pause', 1000);
    vi.advanceTimersByTime(1001);
    await expect(silent).rejects.toMatchObject({ code: 'timeout' });
    const lost = acks.wait('3', 'resume', 1000);
    acks.rejectAll(new FarmError('unavailable', 'gone'));
    await expect(lost).rejects.toMatchObject({ code: 'unavailable' });
    expect(acks.pending).toBe(0);
  });

  it('report classification: ack result is case-insensitive; integer sequence ids are accepted', () => {
    const ack = classifyReport(JSON.stringify({ print: { command: 'pause', sequence_id: 12, result: 'SUCCESS' } }));
    expect(ack).toMatchObject({ kind: 'ack', sequenceId: '12', ok: true });
    expect(classifyReport(JSON.stringify({ print: { command: 'pause', sequence_id: '1', result: 'failed', reason: 'x' } }))).toMatchObject({ ok: false, reason: 'x' });
    expect(classifyReport(JSON.stringify({ mc_print: { command: 'push_info', param: 'log' } })).kind).toBe('ignored');
    expect(classifyReport(JSON.stringify({ event: { event: 'client.connected' } })).kind).toBe('ignored');
    expect(classifyReport('[]').kind).toBe('invalid');
  });
});

describe('reconnect policy', () => {
  it('backs off exponentially with jitter up to the cap, opens the breaker, resets on success', () => {
    const policy = new ReconnectPolicy({ baseMs: 1000, maxMs: 8000, breakerThreshold: 6, breakerCooldownMs: 60_000, random: () => 1 });
    expect([1, 2, 3, 4, 5].map(() => policy.failed().delayMs)).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(policy.failed()).toEqual({ delayMs: 60_000, circuitOpen: true, attempt: 6 });
    policy.succeeded();
    expect(policy.failed().delayMs).toBe(1000);
    const low = new ReconnectPolicy({ baseMs: 1000, random: () => 0 });
    expect(low.failed().delayMs).toBe(500);
  });
});

describe('start-print guard', () => {
  it('needs a key, a future expiry and a live connection; a key is used once', () => {
    const guard = new StartPrintGuard(() => 1000);
    expect(() => guard.admit('', 2000, 1, true)).toThrow(/idempotency key/);
    expect(() => guard.admit('k0', 999, 1, true)).toThrow(/expired/);
    expect(() => guard.admit('k1', 2000, 1, false)).toThrow(/never queued/);
    const ticket = guard.admit('k2', 2000, 1, true);
    expect(() => guard.admit('k2', 2000, 1, true)).toThrow(/never sent twice/);
    expect(() => guard.checkBeforeSend(ticket, 1, true)).not.toThrow();
    expect(() => guard.checkBeforeSend(ticket, 2, true)).toThrow(/will not be retried/);
    expect(() => guard.checkBeforeSend(ticket, 1, false)).toThrow(/will not be retried/);
  });

  it('a start that expires during the upload is not sent', () => {
    let now = 1000;
    const guard = new StartPrintGuard(() => now);
    const ticket = guard.admit('k', 5000, 3, true);
    now = 6000;
    expect(() => guard.checkBeforeSend(ticket, 3, true)).toThrow(/expired/);
  });
});

describe('certificate decision', () => {
  const info = { fingerprint256: 'AB:CD:EF', subject: '', issuer: '', validTo: '', verified: false, verifyError: 'SELF_SIGNED_CERT_IN_CHAIN' };
  it('accepts a verified chain, or exactly the pinned fingerprint', () => {
    expect(certificateAccepted({ ...info, verified: true }, null)).toBe(true);
    expect(certificateAccepted(info, null)).toBe(false);
    expect(certificateAccepted(info, 'abcdef')).toBe(true);
    expect(certificateAccepted(info, 'AB:CD:EE')).toBe(false);
    expect(certificateAccepted({ ...info, fingerprint256: '' }, '')).toBe(false);
    expect(normalizeFingerprint('ab:cd ef')).toBe('ABCDEF');
  });
});
