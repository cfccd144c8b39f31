// The only importer of systeminformation: host CPU load, memory and temperatures.
import si from 'systeminformation';

export interface HostReading {
  loadPercent: number;
  perCore: number[];
  totalBytes: number;
  usedBytes: number;
  availableBytes: number;
  cpuMain: number | null;
  cpuMax: number | null;
}

export async function readHost(): Promise<HostReading> {
  const [load, mem, temp] = await Promise.all([si.currentLoad(), si.mem(), si.cpuTemperature().catch(() => null)]);
  const finiteOrNull = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null);
  return {
    loadPercent: load.currentLoad,
    perCore: load.cpus.map((c) => c.load),
    totalBytes: mem.total,
    usedBytes: mem.active,
    availableBytes: mem.available,
    cpuMain: finiteOrNull(temp?.main),
    cpuMax: finiteOrNull(temp?.max),
  };
}
