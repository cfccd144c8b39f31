// The printers table: state word + icon + colour, Virtual label, job progress, and the add-printer flow.
import { useState } from 'react';
import { navigate } from '../../../app/use-hash-route.js';
import { AddPrinter } from '../add/AddPrinter.js';
import { StateBadge, VirtualLabel } from '../StateBadge.js';
import { usePrinterList } from '../use-printers.js';
import { DemoBanner } from './DemoBanner.js';

export function PrinterList() {
  const list = usePrinterList();
  const [adding, setAdding] = useState(false);
  const printers = list.data ?? [];
  const virtualCount = printers.filter((p) => p.virtual).length;
  return (
    <>
      <div className="room-head">
        <h1>Printers</h1>
        <button type="button" aria-expanded={adding} aria-controls="add-printer" onClick={() => setAdding((a) => !a)}>
          {adding ? 'Close' : 'Add printer'}
        </button>
      </div>
      {virtualCount > 0 && <DemoBanner count={virtualCount} onAdd={() => setAdding(true)} />}
      {adding && <AddPrinter onClose={() => setAdding(false)} />}
      {list.isError && <p role="alert">Could not load the printers: {list.error.message}</p>}
      {list.isSuccess && printers.length === 0 && (
        <p className="empty">No printers yet. Add a USB printer (Marlin, Prusa, Creality…) by its serial port, or a Bambu Lab printer by its IP address, serial number and LAN access code.</p>
      )}
      {printers.length > 0 && (
        <table aria-label="Printers" className="printer-table">
          <thead>
            <tr><th>Name</th><th>State</th><th>Job</th><th>Nozzle</th><th>Bed</th><th>Connection</th></tr>
          </thead>
          <tbody>
            {printers.map((p) => {
              const tool = p.status.tools[0];
              const job = p.status.job;
              return (
                <tr key={p.id}>
                  <td>
                    <a href={`#/printers/${encodeURIComponent(p.id)}`} onClick={(e) => (e.preventDefault(), navigate('printers', p.id))}>{p.name}</a>
                    {p.virtual && <> <VirtualLabel /></>}
                    <div className="muted small">{p.type === 'bambu' ? `Bambu ${p.model ?? ''}` : 'USB (Marlin)'}{p.tags.length ? ` · ${p.tags.join(', ')}` : ''}</div>
                  </td>
                  <td>
                    <StateBadge state={p.status.state} />
                    {p.status.message && <div className="muted small">{p.status.message}</div>}
                  </td>
                  <td>{job ? `${job.name} · ${job.progress.toFixed(0)} %` : <span className="muted">—</span>}</td>
                  <td>{tool ? `${tool.actual.toFixed(0)} / ${tool.target.toFixed(0)} °C` : '—'}</td>
                  <td>{p.status.bed ? `${p.status.bed.actual.toFixed(0)} / ${p.status.bed.target.toFixed(0)} °C` : '—'}</td>
                  <td className="mono small">{p.address}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
