// A virtual Marlin printer in its own process on one end of a pty (benchmarks: a stalled host main thread must not
// stall the printer). Options come as JSON in PRINTFARM_SIM_OPTIONS; the pty path in PRINTFARM_SIM_PTY.
// IPC: {t:'reset'} clears the counters; {t:'stats'} answers with them; {t:'stop'} exits.
import { attachSimToPty } from './link.js';
import type { VirtualMarlinOptions } from './firmware.js';

const path = process.env.PRINTFARM_SIM_PTY;
if (!path || !process.send) throw new Error('sim-process needs PRINTFARM_SIM_PTY and an IPC channel');
const opts = JSON.parse(process.env.PRINTFARM_SIM_OPTIONS ?? '{}') as VirtualMarlinOptions;
const v = await attachSimToPty(path, { ...opts, recordExecuted: true });
const send = process.send.bind(process);
process.on('message', async (m: { t: string }) => {
  if (m.t === 'reset') {
    v.sim.resetStats();
    send({ t: 'reset-done' });
  } else if (m.t === 'stats') {
    const p = v.sim.machine.planner;
    send({
      t: 'stats',
      executed: v.sim.executed.length,
      movesExecuted: p.movesExecuted,
      starvationMs: p.starvationMs,
      plannedMs: p.plannedMs,
      starvationEvents: p.starvationEvents,
      maxWireGapMs: v.sim.maxWireGapMs,
      wireIdleMs: v.sim.wireIdleMs,
      maxWireGapAt: v.sim.maxWireGapAt,
      rxOverflowBytes: v.sim.counters.rxOverflowBytes,
      lineErrors: v.sim.counters.lineErrors,
      simNow: v.sim.now,
    });
  } else if (m.t === 'stop') {
    await v.stop();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
send({ t: 'ready' });
