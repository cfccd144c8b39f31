// SD card files of a Marlin printer: printers.sdFiles / printers.printSdFile when the driver offers them; otherwise
// M20 through the terminal (the listing is read from the terminal stream) and M23 + M24 to print.
import { useRef, useState } from 'react';
import { useFarmClient, useFarmEvent } from '../../../lib/farm-hooks.js';
import { FarmCallError } from '../../../lib/farm-client.js';
import { FeedbackLine } from '../FeedbackLine.js';
import { useFeedback } from '../use-feedback.js';
import { parseSdList } from './gcode.js';

interface SdEntry {
  name: string;
  size: number | null;
  longName?: string | null;
}

const unavailable = (e: unknown) => e instanceof FarmCallError && e.code === 'unavailable' && /SD card access/.test(e.message);

export function SdFiles({ id, canPrint }: { id: string; canPrint: boolean }) {
  const client = useFarmClient();
  const { feedback, run, sending } = useFeedback();
  const [files, setFiles] = useState<SdEntry[] | null>(null);
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

  const list = () =>
    void run(
      'List SD files',
      async () => {
        try {
          const found = await client.call('printers.sdFiles', { id });
          setFiles(found);
          return found.length;
        } catch (error) {
          if (!unavailable(error)) throw error;
          collecting.current = [];
          await client.call('printers.gcode', { id, gcode: 'M20' });
          return null;
        }
      },
      (n) => (n === null ? 'Asked the printer for its SD card listing (M20).' : `${n} file(s) on the SD card.`),
    );

  const print = (name: string) =>
    void run(
      `Print ${name}`,
      async () => {
        try {
          await client.call('printers.printSdFile', { id, name });
        } catch (error) {
          if (!unavailable(error)) throw error;
          await client.call('printers.gcode', { id, gcode: `M23 ${name}\nM24` });
        }
      },
      () => `Printing ${name} from the SD card.`,
    );

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
                <td><span className="mono">{f.name}</span>{f.longName && f.longName !== f.name ? <span className="muted small"> {f.longName}</span> : null}</td>
                <td>{f.size != null ? `${(f.size / 1024).toFixed(0)} KiB` : '—'}</td>
                <td>
                  <button type="button" disabled={!canPrint || sending} aria-label={`Print ${f.name} from SD`} onClick={() => print(f.name)}>
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
