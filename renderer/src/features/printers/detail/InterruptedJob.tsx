// An interrupted job (link lost mid-print): where it stopped, why resuming backs off to a layer change, and the resume choice.
import { useState } from 'react';
import type { JobProgress } from '../../../../../electron/shared/contract/printer-status.js';
import { useFarmClient } from '../../../lib/farm-hooks.js';
import { FeedbackLine } from '../FeedbackLine.js';
import { useFeedback } from '../use-feedback.js';

export function InterruptedJob({ id, job }: { id: string; job: JobProgress }) {
  const client = useFarmClient();
  const { feedback, run, sending } = useFeedback();
  const [mode, setMode] = useState<'last-layer' | 'line'>('last-layer');
  const [line, setLine] = useState(String(job.lastAckedLine ?? 1));
  const lineNumber = Number(line);
  const lineValid = Number.isInteger(lineNumber) && lineNumber >= 1;

  const resume = () =>
    void run(
      mode === 'last-layer' ? 'Resume from layer' : `Resume from line ${lineNumber}`,
      () => client.call('printers.resumeInterrupted', { id, from: mode === 'last-layer' ? { kind: 'last-layer' } : { kind: 'line', line: lineNumber } }),
      () => 'Resuming: heating, homing X and Y, restoring Z, extrusion and fan…',
    );

  return (
    <div className="notice" role="region" aria-label="Interrupted job">
      <p>
        <strong>{job.name}</strong> was interrupted{job.layer != null ? ` on layer ${job.layer}` : ''}: the printer had acknowledged line{' '}
        {job.lastAckedLine?.toLocaleString()}
        {job.filePosition != null ? ` (byte ${job.filePosition.toLocaleString()} of the file)` : ''}.
      </p>
      <p className="small">
        The host cannot know which lines were still in the firmware’s buffer when the link dropped, so by default resuming backs off to
        the last layer change before that line. It then heats, homes X and Y (never Z: the nozzle would hit the part), restores Z,
        extrusion and the fan, and continues.
      </p>
      <fieldset className="row">
        <legend>Resume from</legend>
        <label className="radio">
          <input type="radio" name={`resume-${id}`} checked={mode === 'last-layer'} onChange={() => setMode('last-layer')} />
          the last layer change (recommended)
        </label>
        <label className="radio">
          <input type="radio" name={`resume-${id}`} checked={mode === 'line'} onChange={() => setMode('line')} />
          line
        </label>
        <input className="num" type="number" min={1} aria-label="Resume from line number" value={line} disabled={mode !== 'line'} onChange={(e) => setLine(e.target.value)} />
      </fieldset>
      <button type="button" disabled={sending || (mode === 'line' && !lineValid)} onClick={resume}>
        {mode === 'last-layer' ? 'Resume from layer' : 'Resume from line'}
      </button>
      <FeedbackLine feedback={feedback} />
    </div>
  );
}
