// USB tab: pick a serial port (with USB vendor/product/serial), a baud rate (or Auto), a name; then show the firmware found.
import { useState } from 'react';
import type { PrinterSummary, SerialPortEntry } from '../../../../../electron/shared/contract/printers.js';
import { useFarmClient, useFarmQuery } from '../../../lib/farm-hooks.js';
import { FeedbackLine } from '../FeedbackLine.js';
import { useFeedback } from '../use-feedback.js';
import { AddedPrinter } from './AddedPrinter.js';
import { BAUD_RATES } from './validation.js';

const VIRTUAL = 'virtual';
/** A path typed by hand: /dev/serial/by-id/…, a pty, or a port the OS does not enumerate. */
const MANUAL = 'manual';

function describePort(p: SerialPortEntry): string {
  const usb = p.vendorId ? ` — USB ${p.vendorId}:${p.productId ?? '?'}` : '';
  const maker = p.manufacturer ? ` ${p.manufacturer}` : '';
  const serial = p.serialNumber ? `, serial ${p.serialNumber}` : '';
  const used = p.printerId ? ` (used by ${p.printerId})` : '';
  return `${p.path}${usb}${maker}${serial}${used}`;
}

export function UsbTab({ onClose }: { onClose: () => void }) {
  const client = useFarmClient();
  const ports = useFarmQuery('printers.ports', undefined, { staleTime: 0 });
  const [port, setPort] = useState('');
  const [baud, setBaud] = useState<string>('auto');
  const [name, setName] = useState('');
  const [manualPath, setManualPath] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [added, setAdded] = useState<PrinterSummary | null>(null);
  const { feedback, run, sending } = useFeedback();

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!port) return setProblem('Choose the serial port the printer is plugged into (or a virtual printer to try things out).');
    if (port === MANUAL && !manualPath.trim()) return setProblem('Type the port path, e.g. /dev/serial/by-id/usb-Prusa… or COM3.');
    if (!name.trim()) return setProblem('Give the printer a name.');
    setProblem(null);
    const info = ports.data?.find((p) => p.path === port);
    const isVirtual = port === VIRTUAL;
    const result = await run('Add printer', () =>
      client.call('printers.add', {
        type: 'marlin',
        name: name.trim(),
        port: isVirtual ? `virtual:${name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-')}` : port === MANUAL ? manualPath.trim() : port,
        baud: baud === 'auto' ? 'auto' : Number(baud),
        virtual: isVirtual,
        usbSerial: info?.serialNumber ?? null,
        usbVendorId: info?.vendorId ?? null,
        usbProductId: info?.productId ?? null,
      }),
      (p) => `Added ${p.name}; connecting…`,
    );
    if (result) setAdded(result);
  };

  if (added) return <AddedPrinter printer={added} onClose={onClose} />;
  return (
    <form onSubmit={submit} noValidate aria-label="Add a USB printer">
      <div className="field">
        <label htmlFor="usb-port">Serial port</label>
        <div className="row">
          <select id="usb-port" value={port} onChange={(e) => setPort(e.target.value)}>
            <option value="">{ports.isLoading ? 'Looking for ports…' : 'Choose a port'}</option>
            {ports.data?.map((p) => (
              <option key={p.path} value={p.path} disabled={p.printerId !== null}>{describePort(p)}</option>
            ))}
            <option value={MANUAL}>Other port (type its path)…</option>
            <option value={VIRTUAL}>Virtual printer (simulated, for trying things out)</option>
          </select>
          <button type="button" onClick={() => void ports.refetch()}>Refresh ports</button>
        </div>
        {port === MANUAL && (
          <>
            <label htmlFor="usb-path">Port path</label>
            <input id="usb-path" className="mono" value={manualPath} onChange={(e) => setManualPath(e.target.value)} placeholder="/dev/ttyUSB0" />
          </>
        )}
        {ports.isError && <p role="alert">Could not list serial ports: {ports.error.message}</p>}
        {ports.isSuccess && ports.data.length === 0 && <p className="muted small">No serial ports found. Plug the printer in by USB and press Refresh ports.</p>}
      </div>
      <div className="field">
        <label htmlFor="usb-baud">Baud rate</label>
        <select id="usb-baud" value={baud} onChange={(e) => setBaud(e.target.value)}>
          {BAUD_RATES.map((b) => (
            <option key={b} value={String(b)}>{b === 'auto' ? 'Auto (try common rates)' : b}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="usb-name">Name</label>
        <input id="usb-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Prusa MK3S left" maxLength={80} />
      </div>
      {problem && <p role="alert" className="feedback feedback--error">{problem}</p>}
      <div className="row">
        <button type="submit" disabled={sending}>Add USB printer</button>
      </div>
      <FeedbackLine feedback={feedback} />
    </form>
  );
}
