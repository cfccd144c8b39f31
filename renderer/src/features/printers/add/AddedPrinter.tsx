// After adding: the printer's live state, the firmware it reported (M115), and any connection problem with its fix.
import { useEffect, useState } from 'react';
import type { PrinterSummary } from '../../../../../electron/shared/contract/printers.js';
import { navigate } from '../../../app/use-hash-route.js';
import { useFarmClient, useFarmEvent } from '../../../lib/farm-hooks.js';
import { ConnectionProblem } from '../ConnectionProblem.js';
import { StateBadge } from '../StateBadge.js';
import { usePrinter } from '../use-printers.js';
import { firmwareFromLine } from './validation.js';

export function AddedPrinter({ printer: initial, onClose }: { printer: PrinterSummary; onClose: () => void }) {
  const client = useFarmClient();
  const live = usePrinter(initial.id);
  const printer = live.data ?? initial;
  const [firmware, setFirmware] = useState<string | null>(null);

  // The M115 reply may already be in the ring by the time we look; after that, watch the live lines.
  useEffect(() => {
    let cancelled = false;
    client.call('printers.terminal', { id: initial.id, limit: 500 }).then(
      (lines) => {
        const found = lines.map((l) => firmwareFromLine(l.text)).find(Boolean);
        if (!cancelled && found) setFirmware(found);
      },
      () => undefined,
    );
    return () => void (cancelled = true);
  }, [client, initial.id]);
  useFarmEvent('printer:terminal', ({ id, line }) => {
    if (id !== initial.id || firmware) return;
    const found = firmwareFromLine(line.text);
    if (found) setFirmware(found);
  });

  return (
    <div className="added" aria-label="Added printer">
      <p>
        <strong>{printer.name}</strong> added. <StateBadge state={printer.status.state} />
      </p>
      {printer.type === 'marlin' && (
        <p role="status" aria-label="Detected firmware">
          {firmware ? `Firmware detected: ${firmware}` : 'Waiting for the printer to report its firmware…'}
        </p>
      )}
      <ConnectionProblem printer={printer} />
      <div className="row">
        <button type="button" onClick={() => navigate('printers', printer.id)}>Open {printer.name}</button>
        <button type="button" onClick={onClose}>Done</button>
      </div>
    </div>
  );
}
