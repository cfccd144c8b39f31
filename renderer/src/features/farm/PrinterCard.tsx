// One printer card on the farm grid (UI.md): name/model, state word+icon+colour, job and progress, temperatures,
// material swatch, the "Virtual" label and one primary action. Memoized: re-renders only when its card object changes.
import { memo } from 'react';
import type { FarmCard } from '../../../../electron/shared/contract/telemetry-types.js';
import { STATE_STYLE } from './state-style.js';

export interface CardActions {
  pause(id: string): void;
  resume(id: string): void;
  reconnect(id: string): void;
}

function finishClock(minutes: number | null): string {
  if (minutes === null) return '';
  const at = new Date(Date.now() + minutes * 60_000);
  return at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

function duration(minutes: number | null): string {
  if (minutes === null) return '—';
  const h = Math.floor(minutes / 60);
  return h ? `${h} h ${minutes % 60} min` : `${minutes} min`;
}

const temp = (actual: number | null, target: number | null) =>
  actual === null ? '—' : target ? `${actual} / ${target} °C` : `${actual} °C`;

export const PrinterCard = memo(function PrinterCard({ card, actions, pending = false }: { card: FarmCard; actions: CardActions; pending?: boolean }) {
  const style = STATE_STYLE[card.state];
  const titleId = `card-${card.id}`;
  const showJob = card.jobName !== null && card.state !== 'idle';
  return (
    <article className="pcard" aria-labelledby={titleId} style={{ borderTopColor: style.color }} data-state={card.state}>
      <header className="pcard__head">
        <div>
          <h3 id={titleId} className="pcard__name">
            <a href={`#/printers/${encodeURIComponent(card.id)}`}>{card.name}</a>
          </h3>
          <span className="muted">{card.model ?? (card.type === 'bambu' ? 'Bambu Lab' : 'Marlin')}</span>
          {card.virtual && <span className="pcard__virtual">Virtual</span>}
        </div>
        <span className="pcard__state" aria-label="State" style={{ color: style.color }}>
          <span aria-hidden="true">{style.icon}</span> {style.word}
        </span>
      </header>
      {showJob ? (
        <div className="pcard__job">
          <div className="pcard__jobname" title={card.jobName ?? ''}>{card.jobName}</div>
          <div className="pcard__bar" role="progressbar" aria-label="Progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={card.progress ?? 0}>
            <span style={{ width: `${card.progress ?? 0}%`, background: style.color }} />
          </div>
          <div className="pcard__meta">
            <span>{card.progress ?? 0} %</span>
            <span>{card.layer !== null ? `Layer ${card.layer}/${card.totalLayers ?? '?'}` : ''}</span>
            <span>{card.state === 'finished' ? 'Done' : `${duration(card.remainingMinutes)} left · ${finishClock(card.remainingMinutes)}`}</span>
          </div>
        </div>
      ) : (
        <div className="pcard__job muted">{card.message ?? (card.state === 'idle' ? 'Ready for the next job' : '')}</div>
      )}
      {showJob && card.message && <div className="pcard__msg">{card.message}</div>}
      <footer className="pcard__foot">
        <span><span className="muted">Nozzle</span> {temp(card.toolActual, card.toolTarget)}</span>
        <span><span className="muted">Bed</span> {temp(card.bedActual, card.bedTarget)}</span>
        {card.materialName && (
          <span className="pcard__material">
            <span className="pcard__swatch" style={{ background: card.materialColor ?? 'transparent' }} aria-hidden="true" />
            {card.materialName}
          </span>
        )}
        <PrimaryAction card={card} actions={actions} pending={pending} />
      </footer>
    </article>
  );
});

export function PrimaryAction({ card, actions, pending = false }: { card: FarmCard; actions: CardActions; pending?: boolean }) {
  const label = `${card.name}`;
  const button = (verb: string, busy: string, run: (id: string) => void) => (
    <button type="button" className="pcard__action" aria-label={`${verb} ${label}`} aria-busy={pending} disabled={pending} onClick={() => run(card.id)}>
      {pending ? busy : verb}
    </button>
  );
  switch (card.state) {
    case 'printing':
    case 'preparing':
      return button('Pause', 'Pausing…', actions.pause);
    case 'paused':
      return button('Resume', 'Resuming…', actions.resume);
    case 'finished':
    case 'failed':
      // Plate confirmation belongs to the job queue (jobs issue); the card links there.
      return <a className="pcard__action" href={`#/jobs/${encodeURIComponent(card.id)}`} aria-label={`Confirm plate clear on ${label}`}>Confirm plate clear</a>;
    case 'idle':
      return <a className="pcard__action" href="#/jobs" aria-label={`Start next job on ${label}`}>Start next</a>;
    default:
      return button('Reconnect', 'Reconnecting…', actions.reconnect);
  }
}
