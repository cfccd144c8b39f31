// The printer's settings: name, tags, build volume, nozzle; for USB printers the G-code snippets, baud and streaming mode.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { PrinterSettings, PrinterSettingsPatch } from '../../../../../electron/shared/contract/printers.js';
import { useFarmClient, useFarmQuery } from '../../../lib/farm-hooks.js';
import { FeedbackLine } from '../FeedbackLine.js';
import { useFeedback } from '../use-feedback.js';
import { BAUD_RATES } from '../add/validation.js';

type Snippet = 'start' | 'end' | 'pause' | 'resume' | 'cancel';
const SNIPPETS: Array<{ key: Snippet; label: string }> = [
  { key: 'start', label: 'Start G-code' },
  { key: 'end', label: 'End G-code' },
  { key: 'pause', label: 'Pause G-code' },
  { key: 'resume', label: 'Resume G-code' },
  { key: 'cancel', label: 'Cancel G-code' },
];

interface Draft {
  name: string;
  tags: string;
  x: string;
  y: string;
  z: string;
  nozzle: string;
  baud: string;
  streaming: 'windowed' | 'ping-pong';
  gcode: Record<Snippet, string>;
}

function toDraft(s: PrinterSettings): Draft {
  return {
    name: s.name,
    tags: s.tags.join(', '),
    x: s.buildVolume ? String(s.buildVolume.x) : '',
    y: s.buildVolume ? String(s.buildVolume.y) : '',
    z: s.buildVolume ? String(s.buildVolume.z) : '',
    nozzle: s.nozzleDiameter != null ? String(s.nozzleDiameter) : '',
    baud: s.type === 'marlin' ? String(s.baud) : 'auto',
    streaming: s.type === 'marlin' ? s.streaming : 'windowed',
    gcode: s.type === 'marlin' ? { ...s.gcode } : { start: '', end: '', pause: '', resume: '', cancel: '' },
  };
}

/** The form → a patch; returns a sentence instead when a field cannot be read. */
function toPatch(d: Draft, type: PrinterSettings['type']): PrinterSettingsPatch | string {
  const dims = [d.x, d.y, d.z].map((v) => v.trim());
  let buildVolume: PrinterSettingsPatch['buildVolume'] = null;
  if (dims.some(Boolean)) {
    const [x, y, z] = dims.map(Number);
    if (![x, y, z].every((n) => n > 0)) return 'Build volume needs all three sizes in millimetres (X, Y and Z), or none.';
    buildVolume = { x, y, z };
  }
  const nozzle = d.nozzle.trim() ? Number(d.nozzle) : null;
  if (nozzle !== null && !(nozzle > 0 && nozzle < 5)) return 'Nozzle diameter is in millimetres, e.g. 0.4.';
  if (!d.name.trim()) return 'The printer needs a name.';
  const patch: PrinterSettingsPatch = {
    name: d.name.trim(),
    tags: d.tags.split(',').map((t) => t.trim()).filter(Boolean),
    buildVolume,
    nozzleDiameter: nozzle,
  };
  if (type === 'marlin') Object.assign(patch, { baud: d.baud === 'auto' ? 'auto' : Number(d.baud), streaming: d.streaming, gcode: d.gcode });
  return patch;
}

export function SettingsPanel({ id }: { id: string }) {
  const client = useFarmClient();
  const queryClient = useQueryClient();
  const settings = useFarmQuery('printers.settings', { id });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const { feedback, run, sending } = useFeedback();
  useEffect(() => {
    if (settings.data && !draft) setDraft(toDraft(settings.data));
  }, [settings.data, draft]);

  if (settings.isError) return <section className="panel"><h2>Settings</h2><p role="alert">{settings.error.message}</p></section>;
  if (!settings.data || !draft) return <section className="panel"><h2>Settings</h2><p role="status">Loading settings…</p></section>;
  const type = settings.data.type;
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const patch = toPatch(draft, type);
    if (typeof patch === 'string') return setProblem(patch);
    setProblem(null);
    await run(
      'Save settings',
      () => client.call('printers.update', { id, patch }),
      (r) => (r.appliesAfterPrint ? 'Saved. Connection settings and snippets apply when the printer next connects (it is busy now).' : r.reconnected ? 'Saved; the printer reconnected with the new settings.' : 'Saved.'),
    );
    void queryClient.invalidateQueries({ queryKey: ['printers.settings', { id }] });
  };

  return (
    <section className="panel settings" aria-labelledby={`settings-heading-${id}`}>
      <h2 id={`settings-heading-${id}`}>Settings</h2>
      <form onSubmit={save} aria-label="Printer settings" noValidate>
        <div className="field"><label htmlFor={`s-name-${id}`}>Printer name</label><input id={`s-name-${id}`} value={draft.name} maxLength={80} onChange={(e) => set({ name: e.target.value })} /></div>
        <div className="field"><label htmlFor={`s-tags-${id}`}>Tags (comma separated)</label><input id={`s-tags-${id}`} value={draft.tags} onChange={(e) => set({ tags: e.target.value })} placeholder="left wall, PLA" /></div>
        <fieldset className="row">
          <legend>Build volume (mm)</legend>
          {(['x', 'y', 'z'] as const).map((k) => (
            <label key={k}>{k.toUpperCase()} <input className="num" type="number" min={1} value={draft[k]} onChange={(e) => set({ [k]: e.target.value })} aria-label={`Build volume ${k.toUpperCase()} (mm)`} /></label>
          ))}
        </fieldset>
        <div className="field"><label htmlFor={`s-nozzle-${id}`}>Nozzle diameter (mm)</label><input id={`s-nozzle-${id}`} className="num" type="number" step={0.05} min={0.1} value={draft.nozzle} onChange={(e) => set({ nozzle: e.target.value })} /></div>
        {type === 'marlin' && (
          <>
            <div className="row">
              <div className="field">
                <label htmlFor={`s-baud-${id}`}>Baud rate</label>
                <select id={`s-baud-${id}`} value={draft.baud} onChange={(e) => set({ baud: e.target.value })}>
                  {BAUD_RATES.map((b) => <option key={b} value={String(b)}>{b === 'auto' ? 'Auto' : b}</option>)}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`s-stream-${id}`}>Streaming mode</label>
                <select id={`s-stream-${id}`} value={draft.streaming} onChange={(e) => set({ streaming: e.target.value as Draft['streaming'] })}>
                  <option value="windowed">Windowed (several lines in flight; fastest)</option>
                  <option value="ping-pong">Ping-pong (one line per ok; for fragile firmware)</option>
                </select>
              </div>
            </div>
            {SNIPPETS.map((s) => (
              <div className="field" key={s.key}>
                <label htmlFor={`s-${s.key}-${id}`}>{s.label}</label>
                <textarea id={`s-${s.key}-${id}`} className="mono" rows={4} spellCheck={false} value={draft.gcode[s.key]} onChange={(e) => set({ gcode: { ...draft.gcode, [s.key]: e.target.value } })} />
              </div>
            ))}
          </>
        )}
        {problem && <p role="alert" className="feedback feedback--error">{problem}</p>}
        <button type="submit" disabled={sending}>Save settings</button>
        <FeedbackLine feedback={feedback} />
      </form>
    </section>
  );
}
