// SD card files of a Marlin printer: M20 lists them (the reply is read from the terminal stream), M23 + M24 prints one.
import { useRef, useState } from 'react';
import { useFarmClient, useFarmEvent } from '../../../lib/farm-hooks.js';
import { FeedbackLine } from '../FeedbackLine.js';
import { useFeedback } from '../use-feedback.js';
import { parseSdList } from './gcode.js';

export function SdFiles({ id, canPrint }: { id: string; canPrint: boolean }) {
  const client = useFarmClient();
  const { feedback, run, sending } = useFeedback();
  const [files, setFiles] = useState<Array<{ name: string; size: number | null }> | null>(null);
  const collecting = useRef<string[] | null>(null);

  useFarmEvent('printer:terminal', (event) => {
    if (event.id !== id || !collecting.current || event.line.direction !== 'received') return;
    collecting.current.push(event.line.text);
    const parsed = parseSdList(collecting.current);
    if (parsed) {
      collecting.current = null;
      setFiles(parsed);
    }
  });

  const list = () => {
    collecting.current = [];
    void run('List SD files', () => client.call('printers.gcode', { id, gcode: 'M20' }), () => 'SD card listed.');
  };

  return (
    <section className="panel" aria-labelledby={`sd-heading-${id}`}>
      <div className="row spread">
        <h2 id={`sd-heading-${id}`}>SD card</h2>
        <button type="button" disabled={sending} onClick={list}>List SD files</button>
      </div>
      {files === null && <p className="muted">Press “List SD files” to read the card (M20). Insert the card first if the printer reports none.</p>}
      {files?.length === 0 && <p className="muted">The SD card has no printable files.</p>}
      {files && files.length > 0 && (
        <table aria-label="SD card files">
          <thead><tr><th>File</th><th>Size</th><th /></tr></thead>
          <tbody>
            {files.map((f) => (
              <tr key={f.name}>
                <td className="mono">{f.name}</td>
                <td>{f.size != null ? `${(f.size / 1024).toFixed(0)} KiB` : '—'}</td>
                <td>
                  <button type="button" disabled={!canPrint || sending} aria-label={`Print ${f.name} from SD`} onClick={() => void run(`Print ${f.name}`, () => client.call('printers.gcode', { id, gcode: `M23 ${f.name}\nM24` }), () => `Printing ${f.name} from the SD card.`)}>
                    Print
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <FeedbackLine feedback={feedback} />
    </section>
  );
}
