// "Needs you": printers waiting for a person, longest wait first.
import { memo } from 'react';
import type { FarmCard } from '../../../../electron/shared/contract/telemetry-types.js';
import { STATE_STYLE } from './state-style.js';

const MAX_SHOWN = 12;

function waited(since: number, now: number): string {
  const minutes = Math.max(0, Math.round((now - since) / 60_000));
  return minutes < 1 ? 'just now' : minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export const NeedsYouStrip = memo(function NeedsYouStrip({ waiting }: { waiting: readonly FarmCard[] }) {
  const now = Date.now();
  return (
    <section className="needs" aria-labelledby="needs-heading">
      <h2 id="needs-heading" className="needs__title">
        Needs you <span className="needs__count">{waiting.length}</span>
      </h2>
      {waiting.length === 0 ? (
        <p className="muted needs__none">Nothing is waiting for a person.</p>
      ) : (
        <ul className="needs__list">
          {waiting.slice(0, MAX_SHOWN).map((c) => {
            const s = STATE_STYLE[c.state];
            return (
              <li key={c.id}>
                <a className="needs__item" href={`#/printers/${encodeURIComponent(c.id)}`} style={{ borderColor: s.color }}>
                  <strong>{c.name}</strong> <span style={{ color: s.color }}><span aria-hidden="true">{s.icon}</span> {s.word}</span>{' '}
                  <span className="muted">· {waited(c.stateSince, now)}</span>
                </a>
              </li>
            );
          })}
          {waiting.length > MAX_SHOWN && <li className="muted">+{waiting.length - MAX_SHOWN} more (filter: Needs attention)</li>}
        </ul>
      )}
    </section>
  );
});
