// <TemperatureChart printerId>: live temperatures (actual solid, target dashed) streaming at 1 Hz, with ranges that
// reach back into history (15 min at 1 s, 6 h at 10 s, 7 days at 1 min) and drag-to-zoom (double-click resets).
import { useEffect, useMemo, useState } from 'react';
import type uPlot from 'uplot';
import type { HistorySlice } from '../../../../electron/shared/contract/telemetry-types.js';
import { LineChart, type ChartSeries } from '../../components/LineChart.js';
import { useFarmClient, useFarmEvent } from '../../lib/farm-hooks.js';

const RANGES = [
  { key: '15m', label: '15 min', ms: 15 * 60_000 },
  { key: '1h', label: '1 h', ms: 3_600_000 },
  { key: '6h', label: '6 h', ms: 6 * 3_600_000 },
  { key: '7d', label: '7 days', ms: 7 * 86_400_000 },
] as const;
type RangeKey = (typeof RANGES)[number]['key'];

// Column indexes in SERIES_NAMES order: toolActual, toolTarget, bedActual, bedTarget, chamberActual.
const COLUMNS = [0, 1, 2, 3, 4];
const SERIES: ChartSeries[] = [
  { label: 'Nozzle', color: '#f0883e' },
  { label: 'Nozzle target', color: '#f0883e', dashed: true },
  { label: 'Bed', color: '#3b8eea' },
  { label: 'Bed target', color: '#3b8eea', dashed: true },
  { label: 'Chamber', color: '#8b949e' },
];

function toAligned(slice: HistorySlice): uPlot.AlignedData {
  return [slice.times.map((t) => t / 1000), ...COLUMNS.map((c) => (slice.columns[c] ?? []).slice())] as uPlot.AlignedData;
}

export function TemperatureChart({ printerId, height = 220 }: { printerId: string; height?: number }) {
  const client = useFarmClient();
  const [range, setRange] = useState<RangeKey>('15m');
  const [slice, setSlice] = useState<HistorySlice | null>(null);
  const [error, setError] = useState<string | null>(null);
  const rangeMs = RANGES.find((r) => r.key === range)!.ms;

  // Load the range from history; the coarser tiers refresh every 10 s, the live 15 min view streams instead.
  useEffect(() => {
    let alive = true;
    const load = () =>
      client.call('telemetry.history', { id: printerId, fromMs: Date.now() - rangeMs }).then(
        (s) => alive && (setSlice(s), setError(null)),
        (e: Error) => alive && setError(e.message),
      );
    void load();
    const timer = range === '15m' ? null : setInterval(load, 10_000);
    return () => {
      alive = false;
      if (timer) clearInterval(timer);
    };
  }, [client, printerId, range, rangeMs]);

  // Ask the engine to stream this printer while the chart is mounted (a lease, renewed).
  useEffect(() => {
    const watch = () => void client.call('telemetry.watch', { id: printerId }).catch(() => undefined);
    watch();
    const timer = setInterval(watch, 10_000);
    return () => {
      clearInterval(timer);
      void client.call('telemetry.unwatch', { id: printerId }).catch(() => undefined);
    };
  }, [client, printerId]);

  // 1 Hz: each push carries the 1 s buckets closed since the last one.
  useFarmEvent('telemetry:printer', (push) => {
    if (push.id !== printerId || !push.points || range !== '15m') return;
    const points = push.points;
    setSlice((old) => {
      if (!old || old.resolutionMs !== points.resolutionMs) return old;
      const last = old.times.at(-1) ?? -Infinity;
      const keepFrom = Date.now() - rangeMs;
      let drop = 0;
      while (drop < old.times.length && old.times[drop] < keepFrom) drop++;
      const fresh = points.times.map((t, i) => [t, i] as const).filter(([t]) => t > last);
      return {
        resolutionMs: old.resolutionMs,
        times: [...old.times.slice(drop), ...fresh.map(([t]) => t)],
        columns: old.columns.map((col, c) => [...col.slice(drop), ...fresh.map(([, i]) => points.columns[c]?.[i] ?? null)]),
      };
    });
  });

  const data = useMemo(() => (slice ? toAligned(slice) : ([[], [], [], [], [], []] as uPlot.AlignedData)), [slice]);
  return (
    <section className="tchart" aria-label={`Temperatures of ${printerId}`} data-points={slice?.times.length ?? 0}>
      <div role="group" aria-label="Chart range" style={{ display: 'flex', gap: 6, marginBottom: 6 }}>
        {RANGES.map((r) => (
          <button key={r.key} type="button" aria-pressed={range === r.key} onClick={() => setRange(r.key)}>
            {r.label}
          </button>
        ))}
        <span className="muted" style={{ alignSelf: 'center' }}>
          {slice ? `${slice.resolutionMs / 1000} s buckets · drag to zoom, double-click to reset` : 'Loading…'}
        </span>
      </div>
      {error && <p role="alert">{error}</p>}
      <LineChart title="Temperature chart" yLabel="°C" series={SERIES} data={data} height={height} />
    </section>
  );
}
