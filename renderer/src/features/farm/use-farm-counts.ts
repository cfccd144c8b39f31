// Farm summary counts (printing / idle / attention / offline) from the coalesced farm stream — for the top bar,
// which otherwise would need every raw printer:status event (1,000/s at 500 printers × 2 Hz).
import { useMemo } from 'react';
import { stateGroup, type StateGroup } from '../../app/printer-state.js';
import { useFarmCards } from './use-farm-cards.js';

export function useFarmStateCounts(): Record<StateGroup, number> {
  const farm = useFarmCards();
  return useMemo(() => {
    const counts: Record<StateGroup, number> = { printing: 0, idle: 0, attention: 0, offline: 0 };
    for (const card of farm.cards.values()) counts[stateGroup(card.state)]++;
    return counts;
  }, [farm]);
}
