// Bambu AMS units: each tray's colour swatch, material, remaining %, the active tray, and the unit's humidity.
import type { AmsUnit } from '../../../../../electron/shared/contract/printer-status.js';

export function AmsPanel({ ams }: { ams: AmsUnit[] }) {
  return (
    <section className="panel" aria-labelledby="ams-heading">
      <h2 id="ams-heading">AMS</h2>
      {ams.length === 0 && <p className="muted">No AMS reported (external spool only).</p>}
      {ams.map((unit) => (
        <div key={unit.id} className="ams-unit" role="group" aria-label={`AMS ${unit.id + 1}`}>
          <p className="small muted">
            AMS {unit.id + 1} · humidity {unit.humidity != null ? `${unit.humidity} %` : unit.humidityLevel != null ? `level ${unit.humidityLevel} of 5` : 'unknown'}
            {unit.temperature != null ? ` · ${unit.temperature.toFixed(0)} °C` : ''}
          </p>
          <ul className="trays">
            {unit.trays.map((tray) => (
              <li key={tray.id} className={`tray${tray.active ? ' tray--active' : ''}`} aria-label={`Tray ${tray.id + 1}: ${tray.material ?? 'empty'}${tray.remainPercent != null ? `, ${tray.remainPercent} % left` : ''}${tray.active ? ', feeding now' : ''}`}>
                <span className="swatch" style={{ background: tray.color ? tray.color.slice(0, 7) : 'transparent' }} aria-hidden="true" />
                <span>{tray.id + 1}. {tray.material ?? 'Empty'}{tray.name ? ` (${tray.name})` : ''}</span>
                <span className="muted">{tray.remainPercent != null ? `${tray.remainPercent} %` : 'remaining ?'}</span>
                {tray.active && <span className="small">◀ feeding</span>}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
