// Banner over a farm with virtual printers: says they are simulated, how to add a real one, and removes them in one click.
import { useState } from 'react';
import { useFarmCommand } from '../../lib/farm-hooks.js';

export function DemoBanner({ count }: { count: number }) {
  const remove = useFarmCommand('printers.removeVirtual', { invalidates: ['printers.list'] });
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="demo-banner" role="region" aria-label="Demo printers">
      <p>
        <strong>{count} virtual demo printer{count === 1 ? '' : 's'}</strong> — simulated, marked “Virtual” on every card. Add a real printer (USB
        Marlin or Bambu Lab on your LAN) in <a href="#/printers">Printers</a>.
      </p>
      <button type="button" disabled={remove.isPending} onClick={() => remove.mutate(undefined as never, { onError: (e) => setError(e.message) })}>
        {remove.isPending ? 'Removing…' : 'Remove demo printers'}
      </button>
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
