// Host CPU and memory, live: the latest figures and a rolling chart of the last 5 minutes.
import { useState } from 'react';
import type { HostMetrics } from '../../../../electron/shared/contract/app.js';
import { LineChart } from '../../components/LineChart.js';
import { useFarmEvent, useFarmQuery } from '../../lib/farm-hooks.js';

const WINDOW = 150; // samples at 2 s = 5 minutes

export function HostPanel() {
  const initial = useFarmQuery('host.metrics');
  const [samples, setSamples] = useState<HostMetrics[]>([]);
  useFarmEvent('host:metrics', (sample) => setSamples((old) => [...old.slice(-(WINDOW - 1)), sample]));
  const latest = samples.at(-1) ?? initial.data ?? null;
  const data: [number[], number[], number[]] = [
    samples.map((s) => s.sampledAt / 1000),
    samples.map((s) => round1(s.cpu.loadPercent)),
    samples.map((s) => round1((100 * s.memory.usedBytes) / s.memory.totalBytes)),
  ];
  return (
    <section className="panel" aria-labelledby="host-heading">
      <h2 id="host-heading">Host</h2>
      {latest ? (
        <dl className="host-figures" style={{ display: 'flex', gap: 32, margin: 0 }}>
          <div>
            <dt className="muted">CPU load</dt>
            <dd className="figure" aria-label="CPU load">{round1(latest.cpu.loadPercent)} %</dd>
            <dd className="muted">{latest.cpu.cores} cores</dd>
          </div>
          <div>
            <dt className="muted">Memory used</dt>
            <dd className="figure" aria-label="Memory used">{gib(latest.memory.usedBytes)} GiB</dd>
            <dd className="muted">of {gib(latest.memory.totalBytes)} GiB</dd>
          </div>
          <div>
            <dt className="muted">CPU temperature</dt>
            <dd className="figure" aria-label="CPU temperature">{latest.temperatures.cpuMain === null ? '—' : `${round1(latest.temperatures.cpuMain)} °C`}</dd>
            <dd className="muted">{latest.temperatures.cpuMain === null ? 'no sensor on this host' : ''}</dd>
          </div>
          <div>
            <dt className="muted">Engine memory</dt>
            <dd className="figure" aria-label="Engine memory">{Math.round(latest.process.rssBytes / 2 ** 20)} MiB</dd>
          </div>
        </dl>
      ) : (
        <p role="status">Reading host figures…</p>
      )}
      <LineChart title="Host CPU and memory, last 5 minutes" yLabel="%" data={data} series={[{ label: 'CPU %', color: '#3b8eea' }, { label: 'Memory %', color: '#d29922' }]} />
    </section>
  );
}

const round1 = (v: number) => Math.round(v * 10) / 10;
const gib = (bytes: number) => (bytes / 2 ** 30).toFixed(1);
