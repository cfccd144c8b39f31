// Farm (the home room): "Needs you" strip, state filter, demo banner and the virtualized grid of printer cards.
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { FarmCard } from '../../../../electron/shared/contract/telemetry-types.js';
import { useFarmClient } from '../../lib/farm-hooks.js';
import { DemoBanner } from './DemoBanner.js';
import { NeedsYouStrip } from './NeedsYouStrip.js';
import { PrinterCard, type CardActions } from './PrinterCard.js';
import { PrinterRow } from './PrinterRow.js';
import { filterGroup, needsPerson, type FilterKey } from './state-style.js';
import { useFarmCards } from './use-farm-cards.js';
import { VirtualGrid } from './VirtualGrid.js';
import { recordCommit } from './frame-probe.js';
import './farm.css';

const FILTERS: Array<{ key: FilterKey; label: string }> = [
  { key: 'all', label: 'All' },
  { key: 'printing', label: 'Printing' },
  { key: 'attention', label: 'Needs attention' },
  { key: 'idle', label: 'Ready' },
  { key: 'offline', label: 'Offline' },
];

export default function FarmRoom() {
  const renderStart = performance.now();
  const farm = useFarmCards();
  const client = useFarmClient();
  const [filter, setFilter] = useState<FilterKey>('all');
  // Grid for desks, a compact list for wall screens (more printers per screen).
  const [view, setView] = useState<'grid' | 'list'>(() => (localStorage.getItem('farm.view') === 'list' ? 'list' : 'grid'));
  const chooseView = (next: 'grid' | 'list') => {
    setView(next);
    localStorage.setItem('farm.view', next);
  };
  const [notice, setNotice] = useState<string | null>(null);

  // Stable across renders, so memoized cards are not invalidated by a new callbacks object.
  // Printers with a command in flight: their button says so at once (feedback within 100 ms, UI.md) until the
  // printer acknowledged — a Marlin heating with M109 may take a while to accept a pause.
  const [pending, setPending] = useState<ReadonlySet<string>>(() => new Set());
  const actions = useMemo<CardActions>(() => {
    const mark = (id: string, on: boolean) =>
      setPending((old) => {
        const next = new Set(old);
        if (on) next.add(id);
        else next.delete(id);
        return next;
      });
    const run = (method: 'printers.pause' | 'printers.resume' | 'printers.connect', verb: string) => (id: string) => {
      mark(id, true);
      void client
        .call(method, { id })
        .catch((e: Error) => setNotice(`${verb} failed: ${e.message}`))
        .finally(() => mark(id, false));
    };
    return { pause: run('printers.pause', 'Pause'), resume: run('printers.resume', 'Resume'), reconnect: run('printers.connect', 'Reconnect') };
  }, [client]);

  const { items, counts, waiting, virtualCount } = useMemo(() => {
    const counts: Record<FilterKey, number> = { all: 0, printing: 0, attention: 0, idle: 0, offline: 0 };
    const items: FarmCard[] = [];
    const waiting: FarmCard[] = [];
    let virtualCount = 0;
    for (const id of farm.order) {
      const card = farm.cards.get(id);
      if (!card) continue;
      const group = filterGroup(card.state);
      counts.all++;
      counts[group]++;
      if (card.virtual) virtualCount++;
      if (needsPerson(card.state)) waiting.push(card);
      if (filter === 'all' || filter === group) items.push(card);
    }
    waiting.sort((a, b) => a.stateSince - b.stateSince);
    return { items, counts, waiting, virtualCount };
  }, [farm, filter]);

  // Commit time of the grid (render start → layout effect), for the benchmark's frame-time figure.
  const committed = useRef(0);
  useLayoutEffect(() => {
    committed.current++;
    recordCommit(performance.now() - renderStart);
  });

  return (
    <div className="farm">
      <div className="farm__top">
        <h1>Farm</h1>
        <div role="group" aria-label="Filter by state" className="farm__filters">
          {FILTERS.map((f) => (
            <button key={f.key} type="button" aria-pressed={filter === f.key} onClick={() => setFilter(f.key)}>
              {f.label} <span className="farm__count">{counts[f.key]}</span>
            </button>
          ))}
        </div>
        <div role="group" aria-label="Layout" className="farm__filters farm__layout">
          <button type="button" aria-pressed={view === 'grid'} onClick={() => chooseView('grid')}>Grid</button>
          <button type="button" aria-pressed={view === 'list'} onClick={() => chooseView('list')}>List</button>
        </div>
      </div>
      {virtualCount > 0 && <DemoBanner count={virtualCount} />}
      {notice && (
        <p role="alert" className="farm__notice">
          {notice} <button type="button" onClick={() => setNotice(null)}>Dismiss</button>
        </p>
      )}
      <NeedsYouStrip waiting={waiting} />
      {!farm.loaded ? (
        <p role="status">Loading the farm…</p>
      ) : counts.all === 0 ? (
        <p className="empty">No printers yet. Add one in <a href="#/printers">Printers</a>, or start with <code>printfarm serve --demo 6</code> to try the farm with virtual printers.</p>
      ) : view === 'grid' ? (
        <VirtualGrid
          key="grid"
          label="Printers"
          items={items}
          getKey={(c) => c.id}
          rowHeight={196}
          minColumnWidth={300}
          renderItem={(card) => <PrinterCard card={card} actions={actions} pending={pending.has(card.id)} />}
        />
      ) : (
        <VirtualGrid
          key="list"
          label="Printers"
          items={items}
          getKey={(c) => c.id}
          rowHeight={40}
          gap={4}
          minColumnWidth={100_000}
          renderItem={(card) => <PrinterRow card={card} actions={actions} pending={pending.has(card.id)} />}
        />
      )}
    </div>
  );
}
