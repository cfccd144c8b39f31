// Engine metrics: event-loop lag, CPU, heap/RSS, telemetry throughput and latency (charts), per-driver rates (table).
import { useMemo } from 'react';
import type uPlot from 'uplot';
import { LineChart } from '../../components/LineChart.js';
import { useFarmQuery } from '../../lib/farm-hooks.js';

const MiB = 2 ** 20;
const r1 = (v: number) => Math.round(v * 10) / 10;

export function EnginePanel() {
  const engine = useFarmQuery('telemetry.engine', undefined, { refetchInterval: 2000 });
  const m = engine.data;
  const charts = useMemo(() => {
    const rt = m?.runtime ?? [];
    const t = rt.map((s) => s.at / 1000);
    return {
      loop: [t, rt.map((s) => r1(s.eventLoopP50Ms)), rt.map((s) => r1(s.eventLoopP99Ms)), rt.map((s) => r1(s.eventLoopMaxMs))] as uPlot.AlignedData,
      cpu: [t, rt.map((s) => r1(s.cpuPercent))] as uPlot.AlignedData,
      memory: [t, rt.map((s) => r1(s.heapUsedBytes / MiB)), rt.map((s) => r1(s.rssBytes / MiB))] as uPlot.AlignedData,
      rates: [t, rt.map((s) => r1(s.extra.statusReportsPerSecond ?? 0)), rt.map((s) => r1(s.extra.farmPushesPerSecond ?? 0))] as uPlot.AlignedData,
      latency: [t, rt.map((s) => r1(s.extra.dbWriteP99Ms ?? 0)), rt.map((s) => r1(s.extra.reportToPushP99Ms ?? 0))] as uPlot.AlignedData,
    };
  }, [m]);
  const drivers = useMemo(() => [...(m?.drivers ?? [])].sort((a, b) => b.reportsPerSecond - a.reportsPerSecond).slice(0, 50), [m]);
  const latest = m?.runtime.at(-1);

  return (
    <>
      <section className="panel" aria-labelledby="engine-heading">
        <h2 id="engine-heading">Engine</h2>
        {m ? (
          <dl className="host-figures" style={{ display: 'flex', gap: 32, margin: 0 }}>
            <div>
              <dt className="muted">Event-loop lag p99</dt>
              <dd className="figure" aria-label="Event-loop lag p99">{latest ? `${r1(latest.eventLoopP99Ms)} ms` : '—'}</dd>
            </div>
            <div>
              <dt className="muted">Engine CPU</dt>
              <dd className="figure" aria-label="Engine CPU">{latest ? `${r1(latest.cpuPercent)} %` : '—'}</dd>
            </div>
            <div>
              <dt className="muted">Heap used</dt>
              <dd className="figure" aria-label="Heap used">{latest ? `${Math.round(latest.heapUsedBytes / MiB)} MiB` : '—'}</dd>
            </div>
            <div>
              <dt className="muted">Printers · history memory</dt>
              <dd className="figure" aria-label="Printers">{m.printers}</dd>
              <dd className="muted">{r1(m.historyBytes / MiB)} MiB (≤ {r1(m.historyBytesBoundPerPrinter / 1024)} KiB each)</dd>
            </div>
          </dl>
        ) : (
          <p role="status">Reading engine figures…</p>
        )}
        <LineChart height={140} title="Event-loop lag" yLabel="ms" data={charts.loop} series={[{ label: 'p50', color: '#3fb950' }, { label: 'p99', color: '#d29922' }, { label: 'max', color: '#f85149' }]} />
        <LineChart height={140} title="Engine CPU" yLabel="% of one core" data={charts.cpu} series={[{ label: 'CPU %', color: '#3b8eea' }]} />
        <LineChart height={140} title="Engine memory" yLabel="MiB" data={charts.memory} series={[{ label: 'Heap', color: '#a371f7' }, { label: 'RSS', color: '#8b949e' }]} />
      </section>
      <section className="panel" aria-labelledby="telemetry-heading">
        <h2 id="telemetry-heading">Telemetry</h2>
        {m && (
          <p className="muted">
            DB write p50 {m.dbWrite.p50.toFixed(2)} ms · p99 {m.dbWrite.p99.toFixed(2)} ms · report→push p99 {m.reportToPush.p99.toFixed(1)} ms ·{' '}
            {m.rowsWritten.toLocaleString()} rows rolled up
          </p>
        )}
        <LineChart height={140} title="Telemetry rates" yLabel="per second" data={charts.rates} series={[{ label: 'Status reports/s', color: '#3b8eea' }, { label: 'Farm pushes/s', color: '#3fb950' }]} />
        <LineChart height={140} title="Telemetry latency" yLabel="ms" data={charts.latency} series={[{ label: 'DB write p99', color: '#d29922' }, { label: 'Report→push p99', color: '#a371f7' }]} />
        <table aria-label="Per-driver rates">
          <thead>
            <tr><th>printer</th><th>reports/s</th><th>messages/s</th><th>lines/s</th><th>resend ratio</th><th>reconnects</th></tr>
          </thead>
          <tbody>
            {drivers.map((d) => (
              <tr key={d.id}>
                <td>{d.id}</td><td>{r1(d.reportsPerSecond)}</td><td>{r1(d.messagesPerSecond)}</td><td>{r1(d.linesPerSecond)}</td>
                <td>{(d.resendRatio * 100).toFixed(2)} %</td><td>{d.reconnects}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
