// The printer terminal: recent lines from the engine's ring plus live lines, bounded to 10,000 in the view,
// a filter for temperature reports, command history on ArrowUp/ArrowDown, and autocomplete of common G-codes.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { EventPayload } from '../../../../../electron/shared/contract/events.js';
import { useFarmClient, useFarmEvent } from '../../../lib/farm-hooks.js';
import { FeedbackLine } from '../FeedbackLine.js';
import { useFeedback } from '../use-feedback.js';
import { COMMON_GCODES, isTemperatureReport } from './gcode.js';

export type TerminalLine = EventPayload<'printer:terminal'>['line'];
export const TERMINAL_VIEW_LIMIT = 10_000;
const PREFIX: Record<TerminalLine['direction'], string> = { sent: '→ ', received: '← ', info: '· ' };

export function Terminal({ id, onLines }: { id: string; onLines?: (lines: TerminalLine[]) => void }) {
  const client = useFarmClient();
  const [lines, setLines] = useState<TerminalLine[]>([]);
  const [hideTemps, setHideTemps] = useState(true);
  const [command, setCommand] = useState('');
  const history = useRef<string[]>([]);
  const historyIndex = useRef(-1);
  const pending = useRef<TerminalLine[]>([]);
  const output = useRef<HTMLPreElement>(null);
  const stick = useRef(true);
  const { feedback, run } = useFeedback();

  useEffect(() => {
    let cancelled = false;
    client.call('printers.terminal', { id, limit: 2000 }).then(
      (recent) => !cancelled && setLines((live) => [...recent, ...live].slice(-TERMINAL_VIEW_LIMIT)),
      () => undefined,
    );
    // Live lines are batched: a streaming printer can emit hundreds a second; one render per 100 ms is plenty.
    const timer = setInterval(() => {
      if (!pending.current.length) return;
      const batch = pending.current.splice(0);
      setLines((old) => (old.length + batch.length > TERMINAL_VIEW_LIMIT ? [...old, ...batch].slice(-TERMINAL_VIEW_LIMIT) : [...old, ...batch]));
    }, 100);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [client, id]);
  useFarmEvent('printer:terminal', (event) => {
    if (event.id === id) pending.current.push(event.line);
  });
  useEffect(() => onLines?.(lines), [lines, onLines]);

  useLayoutEffect(() => {
    const el = output.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  });

  const shown = hideTemps ? lines.filter((l) => !isTemperatureReport(l.text)) : lines;
  const text = shown.map((l) => PREFIX[l.direction] + l.text).join('\n');

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const gcode = command.trim();
    if (!gcode) return;
    if (history.current[history.current.length - 1] !== gcode) history.current.push(gcode);
    if (history.current.length > 200) history.current.shift();
    historyIndex.current = -1;
    setCommand('');
    void run(`Send ${gcode.split('\n')[0]}`, () => client.call('printers.gcode', { id, gcode }), () => `${gcode.split('\n')[0]}: ok`);
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    const h = history.current;
    if (!h.length || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    let i = historyIndex.current;
    if (e.key === 'ArrowUp') i = i < 0 ? h.length - 1 : Math.max(0, i - 1);
    else i = i < 0 ? -1 : i + 1 >= h.length ? -1 : i + 1;
    historyIndex.current = i;
    setCommand(i < 0 ? '' : h[i]);
  };

  return (
    <section className="panel terminal" aria-labelledby={`terminal-heading-${id}`}>
      <div className="row spread">
        <h2 id={`terminal-heading-${id}`}>Terminal</h2>
        <label className="small">
          <input type="checkbox" checked={hideTemps} onChange={(e) => setHideTemps(e.target.checked)} /> Hide temperature reports
        </label>
        <button type="button" onClick={() => setLines([])}>Clear view</button>
      </div>
      <pre
        ref={output}
        role="log"
        aria-label="Terminal output"
        aria-live="off"
        className="terminal__output"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {text}
      </pre>
      <p className="muted small">{shown.length.toLocaleString()} lines shown{hideTemps && lines.length !== shown.length ? ` (${(lines.length - shown.length).toLocaleString()} temperature reports hidden)` : ''}; the view keeps the last {TERMINAL_VIEW_LIMIT.toLocaleString()}.</p>
      <form className="row" onSubmit={submit} aria-label="Send a command">
        <label htmlFor={`cmd-${id}`} className="visually-hidden">G-code command</label>
        <input
          id={`cmd-${id}`}
          className="mono grow"
          list={`gcodes-${id}`}
          value={command}
          placeholder="G-code, e.g. M115 (↑/↓ for history)"
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setCommand(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <datalist id={`gcodes-${id}`}>
          {COMMON_GCODES.map(([code, what]) => <option key={code} value={code}>{what}</option>)}
        </datalist>
        <button type="submit">Send</button>
      </form>
      <FeedbackLine feedback={feedback} />
    </section>
  );
}
