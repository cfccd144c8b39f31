// Manual controls: home, jog with step sizes, extrude/retract, part fan, nozzle/bed temperatures with presets — all via printers.gcode.
import { useState } from 'react';
import type { PrinterSummary } from '../../../../../electron/shared/contract/printers.js';
import { useFarmClient } from '../../../lib/farm-hooks.js';
import { FeedbackLine } from '../FeedbackLine.js';
import { useFeedback } from '../use-feedback.js';
import { BambuControls } from './BambuControls.js';
import { JOG_STEPS, PRESETS, extrudeGcode, fanGcode, homeGcode, jogGcode, temperatureGcode, type Axis } from './gcode.js';

export function Controls({ printer }: { printer: PrinterSummary }) {
  const client = useFarmClient();
  const { feedback, run } = useFeedback();
  const [step, setStep] = useState<number>(10);
  const [extrudeMm, setExtrudeMm] = useState(5);
  const [fan, setFan] = useState<number>(printer.status.fans.part ?? 0);
  const tool = printer.status.tools[0];
  const [nozzle, setNozzle] = useState(String(tool?.target ?? 0));
  const [bed, setBed] = useState(String(printer.status.bed?.target ?? 0));
  const busy = printer.status.state === 'printing' || printer.status.state === 'preparing';
  const offline = printer.status.state === 'offline' || printer.status.state === 'connecting';
  const motionDisabled = busy || offline;

  const send = (label: string, gcode: string) => run(label, () => client.call('printers.gcode', { id: printer.id, gcode }), () => `${label}: acknowledged by the printer.`);

  return (
    <section className="panel" aria-labelledby="controls-heading">
      <h2 id="controls-heading">Controls</h2>
      {busy && <p className="muted small">Moves are locked while printing; temperatures and fan still work.</p>}
      <div className="control-group" role="group" aria-label="Home">
        <span className="control-label">Home</span>
        <button type="button" disabled={motionDisabled} onClick={() => void send('Home all', homeGcode())}>Home all</button>
        {(['X', 'Y', 'Z'] as Axis[]).map((a) => (
          <button key={a} type="button" disabled={motionDisabled} onClick={() => void send(`Home ${a}`, homeGcode([a]))}>Home {a}</button>
        ))}
      </div>

      <fieldset className="control-group">
        <legend>Jog step</legend>
        {JOG_STEPS.map((s) => (
          <label key={s} className="radio">
            <input type="radio" name={`step-${printer.id}`} checked={step === s} onChange={() => setStep(s)} />
            {s} mm
          </label>
        ))}
      </fieldset>
      <div className="control-group jog" role="group" aria-label="Jog">
        {(['X', 'Y', 'Z'] as Axis[]).map((a) => (
          <span key={a} className="jog__axis">
            <button type="button" disabled={motionDisabled} aria-label={`Move ${a} −${step} mm`} onClick={() => void send(`Move ${a} −${step} mm`, jogGcode(a, -step))}>{a}−</button>
            <button type="button" disabled={motionDisabled} aria-label={`Move ${a} +${step} mm`} onClick={() => void send(`Move ${a} +${step} mm`, jogGcode(a, step))}>{a}+</button>
          </span>
        ))}
      </div>

      <div className="control-group" role="group" aria-label="Extruder">
        <label htmlFor={`extrude-${printer.id}`}>Length (mm)</label>
        <input id={`extrude-${printer.id}`} type="number" min={0.1} max={200} step={0.1} value={extrudeMm} onChange={(e) => setExtrudeMm(Number(e.target.value))} className="num" />
        <button type="button" disabled={motionDisabled || !(extrudeMm > 0)} onClick={() => void send(`Extrude ${extrudeMm} mm`, extrudeGcode(extrudeMm))}>Extrude</button>
        <button type="button" disabled={motionDisabled || !(extrudeMm > 0)} onClick={() => void send(`Retract ${extrudeMm} mm`, extrudeGcode(-extrudeMm))}>Retract</button>
      </div>

      <div className="control-group" role="group" aria-label="Fan">
        <label htmlFor={`fan-${printer.id}`}>Part fan</label>
        <input
          id={`fan-${printer.id}`}
          type="range"
          min={0}
          max={100}
          step={5}
          value={fan}
          aria-valuetext={`${fan} %`}
          onChange={(e) => setFan(Number(e.target.value))}
          onPointerUp={() => void send(`Fan ${fan} %`, fanGcode(fan))}
          onKeyUp={(e) => e.key.startsWith('Arrow') || e.key === 'Home' || e.key === 'End' ? void send(`Fan ${fan} %`, fanGcode(fan)) : undefined}
        />
        <output htmlFor={`fan-${printer.id}`}>{fan} %</output>
        <span className="muted small">(printer reports {printer.status.fans.part ?? '—'} %)</span>
      </div>

      <div className="control-group" role="group" aria-label="Temperatures">
        <label htmlFor={`nozzle-${printer.id}`}>Nozzle °C</label>
        <input id={`nozzle-${printer.id}`} type="number" min={0} max={320} value={nozzle} onChange={(e) => setNozzle(e.target.value)} className="num" />
        <button type="button" disabled={offline} onClick={() => void send(`Nozzle ${nozzle} °C`, temperatureGcode({ nozzle: Number(nozzle) }))}>Set nozzle</button>
        <label htmlFor={`bed-${printer.id}`}>Bed °C</label>
        <input id={`bed-${printer.id}`} type="number" min={0} max={130} value={bed} onChange={(e) => setBed(e.target.value)} className="num" />
        <button type="button" disabled={offline} onClick={() => void send(`Bed ${bed} °C`, temperatureGcode({ bed: Number(bed) }))}>Set bed</button>
      </div>
      <div className="control-group" role="group" aria-label="Temperature presets">
        <span className="control-label">Presets</span>
        {PRESETS.map((p) => (
          <button
            key={p.name}
            type="button"
            disabled={offline}
            aria-label={p.name === 'Off' ? 'Heaters off' : `Preheat ${p.name} ${p.nozzle}/${p.bed} °C`}
            onClick={() => {
              setNozzle(String(p.nozzle));
              setBed(String(p.bed));
              void send(p.name === 'Off' ? 'Heaters off' : `Preheat ${p.name}`, temperatureGcode({ nozzle: p.nozzle, bed: p.bed }));
            }}
          >
            {p.name === 'Off' ? 'Off' : `${p.name} ${p.nozzle}/${p.bed}`}
          </button>
        ))}
      </div>
      <FeedbackLine feedback={feedback} />
      {printer.type === 'bambu' && <BambuControls printer={printer} />}
    </section>
  );
}
