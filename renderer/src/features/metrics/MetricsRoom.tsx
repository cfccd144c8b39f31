// Metrics room: host figures and per-call latency of the contract.
import { useFarmQuery } from '../../lib/farm-hooks.js';
import { EnginePanel } from './EnginePanel.js';
import { HostPanel } from './HostPanel.js';

export default function MetricsRoom() {
  const snapshot = useFarmQuery('metrics.snapshot', undefined, { refetchInterval: 2000 });
  const calls = Object.entries(snapshot.data?.calls ?? {}).sort((a, b) => b[1].count - a[1].count);
  return (
    <>
      <h1>Metrics</h1>
      <div className="panel-grid">
        <HostPanel />
        <EnginePanel />
        <section className="panel" aria-labelledby="calls-heading">
          <h2 id="calls-heading">Contract calls</h2>
          <table aria-label="Call latency">
            <thead>
              <tr><th>door:method</th><th>count</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>max ms</th></tr>
            </thead>
            <tbody>
              {calls.map(([name, h]) => (
                <tr key={name}>
                  <td>{name}</td><td>{h.count}</td><td>{h.p50.toFixed(2)}</td><td>{h.p95.toFixed(2)}</td><td>{h.p99.toFixed(2)}</td><td>{h.max.toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </>
  );
}
