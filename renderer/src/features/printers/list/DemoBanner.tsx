// The demo banner: explains the virtual printers, how to add a real one, and removes them all in one click.
import { useFarmClient } from '../../../lib/farm-hooks.js';
import { FeedbackLine } from '../FeedbackLine.js';
import { useFeedback } from '../use-feedback.js';

export function DemoBanner({ count, onAdd }: { count: number; onAdd: () => void }) {
  const client = useFarmClient();
  const { feedback, run, sending } = useFeedback();
  return (
    <section className="banner" aria-label="Demo printers">
      <p>
        {count === 1 ? 'This is a virtual printer' : `These ${count} printers are virtual`} — simulated, so you can try everything without hardware.
        To add a real one, use <strong>Add printer</strong>: a USB printer by its serial port, or a Bambu Lab printer by IP address, serial number and access code.
      </p>
      <div className="row">
        <button type="button" onClick={onAdd}>Add a real printer</button>
        <button
          type="button"
          disabled={sending}
          onClick={() => void run('Remove demo printers', () => client.call('printers.removeVirtual'), (r) => `Removed ${r.removed} virtual printer(s).`)}
        >
          Remove demo printers
        </button>
      </div>
      <FeedbackLine feedback={feedback} />
    </section>
  );
}
