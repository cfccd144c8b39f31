// Bambu-only controls: speed preset (silent … ludicrous) and the chamber light, through the `bambu` contract group.
import type { PrinterSummary } from '../../../../../electron/shared/contract/printers.js';
import { useFarmClient } from '../../../lib/farm-hooks.js';
import { FeedbackLine } from '../FeedbackLine.js';
import { useFeedback } from '../use-feedback.js';

const LEVELS = [
  { level: 1, name: 'Silent' },
  { level: 2, name: 'Standard' },
  { level: 3, name: 'Sport' },
  { level: 4, name: 'Ludicrous' },
];

export function BambuControls({ printer }: { printer: PrinterSummary }) {
  const client = useFarmClient();
  const { feedback, run, sending } = useFeedback();
  const current = printer.status.speedLevel;
  const offline = printer.status.state === 'offline' || printer.status.state === 'connecting';
  return (
    <div className="control-group" role="group" aria-label="Speed and light">
      <span className="control-label">Speed</span>
      {LEVELS.map((l) => (
        <button
          key={l.level}
          type="button"
          aria-pressed={current === l.level}
          disabled={offline || sending}
          onClick={() => void run(`Speed ${l.name}`, () => client.call('bambu.setSpeedLevel', { id: printer.id, level: l.level }), () => `Speed set to ${l.name}.`)}
        >
          {l.name}
        </button>
      ))}
      <span className="control-label">Light</span>
      <button type="button" disabled={offline || sending} onClick={() => void run('Light on', () => client.call('bambu.setLight', { id: printer.id, node: 'chamber_light', on: true }), () => 'Chamber light on.')}>Light on</button>
      <button type="button" disabled={offline || sending} onClick={() => void run('Light off', () => client.call('bambu.setLight', { id: printer.id, node: 'chamber_light', on: false }), () => 'Chamber light off.')}>Light off</button>
      <FeedbackLine feedback={feedback} />
    </div>
  );
}
