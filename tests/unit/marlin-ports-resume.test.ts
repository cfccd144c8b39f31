// Pure parts of the Marlin driver: re-attaching a printer by USB serial number, backoff, and resume-from-layer G-code.
import { describe, expect, it } from 'vitest';
import { prepareJob } from '../../electron/engine/drivers/marlin/job-source.js';
import { backoffMs, matchPort, PortOwners } from '../../electron/engine/drivers/marlin/ports.js';
import { planResume, reconstruct } from '../../electron/engine/drivers/marlin/resume.js';
import { layerOf } from '../../electron/engine/drivers/marlin/sender.js';

const ports = [
  { path: '/dev/ttyUSB0', serialNumber: 'AAA', vendorId: '1a86', productId: '7523' },
  { path: '/dev/ttyUSB1', serialNumber: 'BBB', vendorId: '0403', productId: '6001' },
  { path: '/dev/ttyACM0', serialNumber: null, vendorId: null, productId: null },
];

describe('port matching', () => {
  it('finds the printer by USB serial on a new path', () => {
    expect(matchPort({ port: '/dev/ttyUSB0', usbSerial: 'BBB', usbVendorId: '0403', usbProductId: '6001' }, ports)).toBe('/dev/ttyUSB1');
  });
  it('refuses the old path when another device now sits there', () => {
    expect(matchPort({ port: '/dev/ttyUSB0', usbSerial: 'ZZZ', usbVendorId: null, usbProductId: null }, ports)).toBeNull();
  });
  it('falls back to the configured path when no serial is known', () => {
    expect(matchPort({ port: '/dev/ttyACM0', usbSerial: null, usbVendorId: null, usbProductId: null }, ports)).toBe('/dev/ttyACM0');
    expect(matchPort({ port: '/dev/ttyACM9', usbSerial: null, usbVendorId: null, usbProductId: null }, ports)).toBeNull();
  });
  it('vendor/product must agree when configured', () => {
    expect(matchPort({ port: '/dev/x', usbSerial: 'AAA', usbVendorId: '0403', usbProductId: null }, ports)).toBeNull();
  });
  it('one owner per port; backoff grows and caps', () => {
    const o = new PortOwners();
    expect(o.claim('/dev/a', 'p1')).toBe(true);
    expect(o.claim('/dev/a', 'p2')).toBe(false);
    o.release('/dev/a', 'p1');
    expect(o.claim('/dev/a', 'p2')).toBe(true);
    expect([0, 1, 2, 10].map(backoffMs)).toEqual([1000, 2000, 4000, 30000]);
  });
});

const GCODE = `M140 S60
M104 S215
M190 S60
M109 S215
G28
G90
M83
T0
;LAYER_CHANGE
;Z:0.2
G1 Z0.2 F600
G1 X10 Y10 E1 F1200
M106 S128
G1 X20 Y10 E1
;LAYER_CHANGE
;Z:0.4
G1 Z0.4
G1 X20 Y20 E1.5 F1500
G1 X10 Y20 E1
`;

describe('resume from line / layer', () => {
  const job = prepareJob('part', GCODE);
  it('tracks source lines, offsets and layer starts', () => {
    expect(job.commands[0]).toBe('M140 S60');
    expect(job.layerStarts).toEqual([8, 12]);
    expect(job.sourceLine[8]).toBe(11);
    expect(layerOf(job.layerStarts, 13)).toBe(2);
    expect(layerOf(job.layerStarts, 3)).toBeNull();
  });
  it('reconstructs temperatures, fan, modes, tool and position', () => {
    const st = reconstruct(job.commands, 12);
    expect(st).toMatchObject({ hotend: 215, bed: 60, fan: 128, relativeE: true, tool: 0, x: 20, y: 10, z: 0.2, f: 1200 });
  });
  it('backs off to the start of the layer being printed and builds a safe preamble', () => {
    const plan = planResume(job, 13); // acked up to "G1 X20 Y20 …" on layer 2
    expect(plan.startIndex).toBe(12);
    expect(plan.layer).toBe(2);
    const lines = plan.preamble.split('\n');
    expect(lines).toContain('M190 S60');
    expect(lines).toContain('M109 S215');
    expect(lines).toContain('G28 X Y');
    expect(lines.some((l) => /^G28$|^G28 Z/.test(l))).toBe(false); // never home Z into the part
    expect(lines).toContain('G92 Z0.2');
    expect(lines).toContain('M83');
    expect(lines).toContain('M106 S128');
    expect(lines.indexOf('M109 S215')).toBeLessThan(lines.indexOf('G1 X20 Y10 F6000'));
    expect(plan.note).toMatch(/cannot know/);
  });
  it('can resume exactly after the last acked line', () => {
    expect(planResume(job, 13, { backOffToLayer: false }).startIndex).toBe(14);
  });
});
