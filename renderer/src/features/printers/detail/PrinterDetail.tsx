// One printer (#/printers/<id>): header with state and emergency stop, job, live temperatures, controls, terminal,
// SD card (Marlin) or AMS (Bambu), faults, and settings.
import { navigate } from '../../../app/use-hash-route.js';
import { useFarmClient } from '../../../lib/farm-hooks.js';
import { ConnectionProblem } from '../ConnectionProblem.js';
import { FeedbackLine } from '../FeedbackLine.js';
import { StateBadge, VirtualLabel } from '../StateBadge.js';
import { useFeedback } from '../use-feedback.js';
import { usePrinter } from '../use-printers.js';
import { AmsPanel } from './AmsPanel.js';
import { Controls } from './Controls.js';
import { FaultsPanel } from './FaultsPanel.js';
import { JobPanel } from './JobPanel.js';
import { SdFiles } from './SdFiles.js';
import { SettingsPanel } from './SettingsPanel.js';
// The telemetry engineer's chart: live 1 Hz stream plus history ranges and zoom (actual solid, target dashed).
import { TemperatureChart } from '../../farm/TemperatureChart.js';
import { Terminal } from './Terminal.js';

export function PrinterDetail({ id }: { id: string }) {
  const client = useFarmClient();
  const query = usePrinter(id);
  const stop = useFeedback();
  const link = useFeedback();

  if (query.isError) {
    return (
      <>
        <p><a href="#/printers">← Printers</a></p>
        <p role="alert">{query.error.message}</p>
      </>
    );
  }
  if (!query.data) return <p role="status">Loading printer…</p>;
  const printer = query.data;
  const { status } = printer;
  const online = status.state !== 'offline' && status.state !== 'connecting';

  return (
    <article className="printer-detail" aria-labelledby="printer-name">
      <p className="crumbs"><a href="#/printers" onClick={(e) => (e.preventDefault(), navigate('printers'))}>← Printers</a></p>
      <header className="detail-head">
        <div>
          <h1 id="printer-name">{printer.name} {printer.virtual && <VirtualLabel />}</h1>
          <p className="muted small">
            {printer.type === 'bambu' ? `Bambu Lab ${printer.model ?? ''}` : 'USB (Marlin)'} · <span className="mono">{printer.address}</span>
          </p>
        </div>
        <div className="detail-head__state" aria-label="Printer state" role="group">
          <StateBadge state={status.state} />
          {status.message && <span className="muted small">{status.message}</span>}
        </div>
        <div className="row">
          {online ? (
            <button type="button" disabled={link.sending} onClick={() => void link.run('Disconnect', () => client.call('printers.disconnect', { id }), () => 'Disconnected.')}>Disconnect</button>
          ) : (
            <button type="button" disabled={link.sending} onClick={() => void link.run('Connect', () => client.call('printers.connect', { id }), () => 'Connected.')}>Connect</button>
          )}
          {/* Always visible and never asks (UI.md): a stop that needs confirming is too slow. */}
          <button type="button" className="estop" onClick={() => void stop.run('Emergency stop', () => client.call('printers.emergencyStop', { id }), () => 'Emergency stop sent.')}>
            Emergency stop this printer
          </button>
        </div>
      </header>
      <FeedbackLine feedback={stop.feedback.kind !== 'idle' ? stop.feedback : link.feedback} />
      <ConnectionProblem printer={printer} />
      <FaultsPanel faults={status.faults} />

      <div className="detail-grid">
        <JobPanel printer={printer} />
        <section className="panel" aria-labelledby="temps-heading">
          <h2 id="temps-heading">Temperatures</h2>
          <ul className="temps" aria-label="Current temperatures">
            {status.tools.map((t, i) => (
              <li key={i}>{status.tools.length > 1 ? `Nozzle ${i}` : 'Nozzle'}: <span aria-label={`Nozzle${status.tools.length > 1 ? ` ${i}` : ''} temperature`}>{t.actual.toFixed(1)} °C</span> → <span aria-label={`Nozzle${status.tools.length > 1 ? ` ${i}` : ''} target`}>{t.target.toFixed(0)} °C</span></li>
            ))}
            {status.bed && <li>Bed: <span aria-label="Bed temperature">{status.bed.actual.toFixed(1)} °C</span> → <span aria-label="Bed target">{status.bed.target.toFixed(0)} °C</span></li>}
            {status.chamber && <li>Chamber: {status.chamber.actual.toFixed(1)} °C → {status.chamber.target.toFixed(0)} °C</li>}
          </ul>
          <TemperatureChart printerId={id} />
        </section>
        <Controls printer={printer} />
        <Terminal id={id} />
        {printer.type === 'marlin' ? <SdFiles id={id} canPrint={status.state === 'idle'} /> : <AmsPanel ams={status.ams} />}
        <SettingsPanel id={id} />
      </div>
    </article>
  );
}
