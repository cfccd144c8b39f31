// One timer drives many simulated printers: real elapsed time × timeScale is fed to each sim's advance().
import type { VirtualMarlin } from './firmware.js';

export class SimTicker {
  private readonly sims = new Set<VirtualMarlin>();
  private timer: NodeJS.Timeout | null = null;
  private last = 0;

  constructor(
    private readonly tickMs = 1,
    private readonly timeScale = 1,
    /** Upper bound of simulated ms per tick, so a stalled event loop does not produce a burst. */
    private readonly maxStepMs = 50,
  ) {}

  add(sim: VirtualMarlin): () => void {
    this.sims.add(sim);
    if (!this.timer) {
      this.last = performance.now();
      this.schedule();
    }
    return () => {
      this.sims.delete(sim);
      if (this.sims.size === 0) this.stop();
    };
  }

  private schedule(): void {
    this.timer = setTimeout(() => this.tick(), this.tickMs);
    this.timer.unref?.();
  }

  private tick(): void {
    const now = performance.now();
    const dt = Math.min(this.maxStepMs * this.timeScale, (now - this.last) * this.timeScale);
    this.last = now;
    for (const s of this.sims) s.advance(dt);
    if (this.sims.size) this.schedule();
    else this.timer = null;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

let shared: SimTicker | null = null;
/** The default real-time 1 ms ticker shared by every test/pty sim in a process. */
export function realtimeTicker(): SimTicker {
  shared ??= new SimTicker(1, 1);
  return shared;
}
