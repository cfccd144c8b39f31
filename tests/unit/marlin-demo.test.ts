// Demo-mode virtual Marlin printers: many in one process, printing the bundled sample forever with 0.5 s temperatures.
import { afterAll, describe, expect, it } from 'vitest';
import { createDemoMarlin, type DemoMarlin } from '../../electron/engine/drivers/virtual/marlin/demo.js';
import { prepareJob } from '../../electron/engine/drivers/marlin/job-source.js';
import { sampleGcode } from '../../electron/engine/drivers/virtual/marlin/sample-gcode.js';

const demos: DemoMarlin[] = [];
afterAll(async () => {
  await Promise.all(demos.map((d) => d.stop()));
});

describe('createDemoMarlin', () => {
  it('the bundled sample is a real layered print', () => {
    const job = prepareJob('sample', sampleGcode());
    expect(job.layerStarts.length).toBe(40);
    expect(job.commands.filter((c) => c.startsWith('G1 X')).length).toBeGreaterThan(5000);
  });

  it('runs several printers that heat, print from SD and auto-report temperatures', async () => {
    for (let i = 0; i < 5; i++) demos.push(createDemoMarlin({ id: `demo-${i}`, timeScale: 40, tickMs: 50 }));
    const reports = new Map<string, number>();
    for (const d of demos) d.driver.onTerminal((l) => l.direction === 'received' && /^\s*T:/.test(l.text) && reports.set(d.driver.id, (reports.get(d.driver.id) ?? 0) + 1));
    await Promise.all(demos.map((d) => d.start()));
    const t0 = Date.now();
    while (Date.now() - t0 < 15000 && !demos.every((d) => (d.driver.status().job?.filePosition ?? 0) > 2000)) await new Promise((r) => setTimeout(r, 50));
    for (const d of demos) {
      const s = d.driver.status();
      expect(s.state).toBe('printing');
      expect(s.job?.name).toBe('SAMPLE.GCO');
      expect(s.job?.filePosition ?? 0).toBeGreaterThan(2000);
      expect(s.tools[0].target).toBe(210);
      expect(s.bed?.target).toBe(60);
      expect(d.driver.virtualPrinter?.sim.executed).toHaveLength(0); // demo keeps no command log
    }
    // At 40× a 50 ms tick is 2 simulated seconds: the 0.5 s auto-report then fires once per tick.
    const ticks = (Date.now() - t0) / 50;
    for (const d of demos) expect(reports.get(d.driver.id) ?? 0).toBeGreaterThan(ticks * 0.5);
  });
});
