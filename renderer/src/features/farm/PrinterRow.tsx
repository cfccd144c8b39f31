// One printer as a compact row (the wall-screen list view): name, state, progress, time left, temperatures, action.
import { memo } from 'react';
import type { FarmCard } from '../../../../electron/shared/contract/telemetry-types.js';
import { PrimaryAction, type CardActions } from './PrinterCard.js';
import { STATE_STYLE } from './state-style.js';

export const PrinterRow = memo(function PrinterRow({ card, actions, pending = false }: { card: FarmCard; actions: CardActions; pending?: boolean }) {
  const style = STATE_STYLE[card.state];
  const active = card.jobName !== null && card.state !== 'idle';
  return (
    <article className="prow" aria-label={card.name} data-state={card.state} style={{ borderLeftColor: style.color }}>
      <a className="prow__name" href={`#/printers/${encodeURIComponent(card.id)}`}>{card.name}</a>
      {card.virtual ? <span className="pcard__virtual">Virtual</span> : <span />}
      <span className="prow__state" aria-label="State" style={{ color: style.color }}>
        <span aria-hidden="true">{style.icon}</span> {style.word}
      </span>
      <span className="prow__job" title={card.jobName ?? ''}>{active ? card.jobName : (card.message ?? '')}</span>
      <span className="prow__bar" role="progressbar" aria-label="Progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={active ? (card.progress ?? 0) : 0}>
        <span style={{ width: `${active ? (card.progress ?? 0) : 0}%`, background: style.color }} />
      </span>
      <span>{active ? `${card.progress ?? 0} %` : ''}</span>
      <span>{active && card.remainingMinutes !== null && card.state !== 'finished' ? `${card.remainingMinutes} min left` : ''}</span>
      <span>{card.toolActual ?? '—'} / {card.bedActual ?? '—'} °C</span>
      <PrimaryAction card={card} actions={actions} pending={pending} />
    </article>
  );
});
