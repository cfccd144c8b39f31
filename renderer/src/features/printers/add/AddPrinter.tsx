// The add-printer flow: two tabs, USB (serial port, baud, name) and Bambu (IP, serial, access code, model).
import { useState } from 'react';
import { BambuTab } from './BambuTab.js';
import { UsbTab } from './UsbTab.js';

type Tab = 'usb' | 'bambu';

export function AddPrinter({ onClose }: { onClose: () => void }) {
  const [tab, setTab] = useState<Tab>('usb');
  const tabs: Array<{ id: Tab; label: string }> = [
    { id: 'usb', label: 'USB' },
    { id: 'bambu', label: 'Bambu' },
  ];
  return (
    <section id="add-printer" className="panel add-printer" aria-labelledby="add-printer-heading">
      <h2 id="add-printer-heading">Add a printer</h2>
      <div role="tablist" aria-label="Printer kind">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`add-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`add-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            onKeyDown={(e) => {
              if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
              const next = tab === 'usb' ? 'bambu' : 'usb';
              setTab(next);
              document.getElementById(`add-tab-${next}`)?.focus(); // roving focus, as the ARIA tabs pattern expects
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`add-panel-${tab}`} aria-labelledby={`add-tab-${tab}`}>
        {tab === 'usb' ? <UsbTab onClose={onClose} /> : <BambuTab onClose={onClose} />}
      </div>
    </section>
  );
}
