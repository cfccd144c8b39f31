// Live temperatures for one printer over the last 15 minutes: actual solid, target dashed (from the printer:status stream).
import { useEffect, useMemo, useRef, useState } from 'react';
import type uPlot from 'uplot';
import type { PrinterStatus } from '../../../../../electron/shared/contract/printer-status.js';
import { LineChart, type ChartSeries } from '../../../components/LineChart.js';
import { useFarmEvent } from '../../../lib/farm-hooks.js';

const WINDOW_S = 15 * 60;
const COLORS = ['#ff7b54', '#ffb454', '#c678dd'];

interface Sample {
  t: number; // seconds
  values: Array<number | null>;
}

/** Series layout from the status: each hotend and the bed (and chamber when there is one), actual + target. */
function layout(status: PrinterStatus): ChartSeries[] {
  const out: ChartSeries[] = [];
  status.tools.forEach((_, i) => {
    const name = status.tools.length > 1 ? `Nozzle ${i}` : 'Nozzle';
    out.push({ label: name, color: COLORS[i % COLORS.length] }, { label: `${name} target`, color: COLORS[i % COLORS.length], dashed: true });
  });
  if (status.bed) out.push({ label: 'Bed', color: '#4aa3ff' }, { label: 'Bed target', color: '#4aa3ff', dashed: true });
  if (status.chamber) out.push({ label: 'Chamber', color: '#3fb950' }, { label: 'Chamber target', color: '#3fb950', dashed: true });
  return out;
}

function values(status: PrinterStatus): Array<number | null> {
  const out: Array<number | null> = [];
  for (const h of status.tools) out.push(h.actual, h.target);
  if (status.bed) out.push(status.bed.actual, status.bed.target);
  if (status.chamber) out.push(status.chamber.actual, status.chamber.target);
  return out;
}

export function TemperatureChart({ id, status }: { id: string; status: PrinterStatus }) {
  const series = useMemo(() => layout(status), [status.tools.length, !!status.bed, !!status.chamber]);
  const samples = useRef<Sample[]>([]);
  const [version, setVersion] = useState(0);

  const add = (s: PrinterStatus) => {
    if (!s.tools.length && !s.bed) return;
    const t = Date.now() / 1000;
    const ring = samples.current;
    ring.push({ t, values: values(s) });
    while (ring.length && ring[0].t < t - WINDOW_S) ring.shift();
  };
  useEffect(() => add(status), []); // seed with the status we opened with
  useFarmEvent('printer:status', (e) => e.id === id && add(e.status));
  // Redraw at most once a second; statuses may arrive faster.
  useEffect(() => {
    const timer = setInterval(() => setVersion((v) => v + 1), 1000);
    return () => clearInterval(timer);
  }, []);

  const data = useMemo<uPlot.AlignedData>(() => {
    const ring = samples.current.filter((s) => s.values.length === series.length);
    return [ring.map((s) => s.t), ...series.map((_, i) => ring.map((s) => s.values[i]))] as uPlot.AlignedData;
  }, [version, series]);

  if (!series.length) return <p className="muted">No temperatures reported yet.</p>;
  return <LineChart title="Temperatures, last 15 minutes (targets dashed)" series={series} data={data} height={200} yLabel="°C" />;
}
