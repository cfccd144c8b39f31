// Bambu tab: IP address, serial number, LAN access code (a password field) and model, checked in words before sending.
import { useState } from 'react';
import type { PrinterSummary } from '../../../../../electron/shared/contract/printers.js';
import { useFarmClient } from '../../../lib/farm-hooks.js';
import { FeedbackLine } from '../FeedbackLine.js';
import { useFeedback } from '../use-feedback.js';
import { AddedPrinter } from './AddedPrinter.js';
import { BAMBU_MODELS, validateBambu, type BambuForm } from './validation.js';

const FIELDS: Array<{ key: keyof BambuForm; label: string; type?: string; placeholder?: string }> = [
  { key: 'name', label: 'Name', placeholder: 'e.g. P1S by the window' },
  { key: 'host', label: 'IP address', placeholder: '192.168.1.40' },
  { key: 'serial', label: 'Serial number', placeholder: '01P00A123456789' },
  { key: 'accessCode', label: 'Access code', type: 'password', placeholder: '8 characters' },
];

export function BambuTab({ onClose }: { onClose: () => void }) {
  const client = useFarmClient();
  const [form, setForm] = useState<BambuForm>({ name: '', host: '', serial: '', accessCode: '', model: 'P1S', port: '8883' });
  const [errors, setErrors] = useState<Partial<Record<keyof BambuForm, string>>>({});
  const [added, setAdded] = useState<PrinterSummary | null>(null);
  const { feedback, run, sending } = useFeedback();

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const found = validateBambu(form);
    setErrors(found);
    if (Object.keys(found).length) return;
    const result = await run(
      'Add printer',
      () =>
        client.call('printers.add', {
          type: 'bambu',
          name: form.name.trim(),
          host: form.host.trim(),
          serial: form.serial.trim().toUpperCase(),
          accessCode: form.accessCode.trim(),
          model: form.model,
          port: Number(form.port),
        }),
      (p) => `Added ${p.name}; connecting…`,
    );
    if (result) setAdded(result);
  };

  if (added) return <AddedPrinter printer={added} onClose={onClose} />;
  return (
    <form onSubmit={submit} noValidate aria-label="Add a Bambu printer">
      {FIELDS.map((f) => (
        <div className="field" key={f.key}>
          <label htmlFor={`bambu-${f.key}`}>{f.label}</label>
          <input
            id={`bambu-${f.key}`}
            type={f.type ?? 'text'}
            autoComplete={f.type === 'password' ? 'new-password' : 'off'}
            placeholder={f.placeholder}
            value={form[f.key]}
            aria-invalid={errors[f.key] ? true : undefined}
            aria-describedby={errors[f.key] ? `bambu-${f.key}-error` : undefined}
            onChange={(e) => setForm({ ...form, [f.key]: e.target.value })}
          />
          {errors[f.key] && <p id={`bambu-${f.key}-error`} role="alert" className="feedback feedback--error">{errors[f.key]}</p>}
        </div>
      ))}
      <div className="field">
        <label htmlFor="bambu-model">Model</label>
        <select id="bambu-model" value={form.model} onChange={(e) => setForm({ ...form, model: e.target.value })}>
          {BAMBU_MODELS.map((m) => <option key={m} value={m}>{m}</option>)}
        </select>
      </div>
      <details open={errors.port ? true : undefined}>
        <summary>Advanced</summary>
        <div className="field">
          <label htmlFor="bambu-port">MQTT port</label>
          <input
            id="bambu-port"
            className="num"
            inputMode="numeric"
            value={form.port}
            aria-invalid={errors.port ? true : undefined}
            aria-describedby={errors.port ? 'bambu-port-error' : undefined}
            onChange={(e) => setForm({ ...form, port: e.target.value })}
          />
          {errors.port && <p id="bambu-port-error" role="alert" className="feedback feedback--error">{errors.port}</p>}
        </div>
      </details>
      <p className="muted small">The access code is stored encrypted on this computer and only ever sent to the printer.</p>
      <div className="row">
        <button type="submit" disabled={sending}>Add Bambu printer</button>
      </div>
      <FeedbackLine feedback={feedback} />
    </form>
  );
}
