// Top bar: printing / idle / needs-attention / offline counts, engine connection, and an always-visible emergency stop.
import { useState } from 'react';
import { useFarmStateCounts } from '../features/farm/use-farm-counts.js';
import { useConnectionState, useFarmCommand } from '../lib/farm-hooks.js';

export function TopBar() {
  const connection = useConnectionState();
  const stopAll = useFarmCommand('printers.emergencyStopAll');
  const [notice, setNotice] = useState<string | null>(null);

  // Counts from the coalesced farm stream (≤ 10 updates/s), not the raw per-printer status events.
  const counts = useFarmStateCounts();
  return (
    <header className="topbar">
      <span className="topbar__brand">PrintFarm</span>
      <ul className="topbar__summary" aria-label="Farm summary">
        <li className="chip chip--printing">{counts.printing} printing</li>
        <li className="chip chip--idle">{counts.idle} idle</li>
        <li className="chip chip--attention">{counts.attention} need attention</li>
        <li className="chip chip--offline">{counts.offline} offline</li>
      </ul>
      <span className={`topbar__conn topbar__conn--${connection}`} role="status" aria-label="Engine connection">
        {connection === 'open' ? '● Connected' : connection === 'connecting' ? '◌ Connecting…' : '○ Disconnected'}
      </span>
      {notice && <span role="alert" className="topbar__notice">{notice}</span>}
      <button
        type="button"
        className="estop"
        onClick={() =>
          stopAll.mutate(undefined as never, {
            onSuccess: (r) => setNotice(r.failed.length ? `Stopped ${r.stopped}; ${r.failed.length} did not answer` : `Emergency stop sent to ${r.stopped} printer(s)`),
            onError: (e) => setNotice(`Emergency stop failed: ${e.message}`),
          })
        }
      >
        Emergency stop
      </button>
    </header>
  );
}
