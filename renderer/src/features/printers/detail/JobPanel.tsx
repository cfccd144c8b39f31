// The current job: name, %, layer x/y, time left, finish clock time; pause/resume/cancel (cancel asks once, naming the loss).
import { useState } from 'react';
import type { PrinterSummary } from '../../../../../electron/shared/contract/printers.js';
import { useFarmClient } from '../../../lib/farm-hooks.js';
import { FeedbackLine } from '../FeedbackLine.js';
import { finishClock, formatDuration } from '../state-look.js';
import { useFeedback } from '../use-feedback.js';
import { InterruptedJob } from './InterruptedJob.js';

export function JobPanel({ printer }: { printer: PrinterSummary }) {
  const client = useFarmClient();
  const { feedback, run, sending } = useFeedback();
  const [confirming, setConfirming] = useState(false);
  const { state, job } = printer.status;
  const active = state === 'printing' || state === 'paused' || state === 'preparing';
  const interrupted = !active && job !== null && job.lastAckedLine != null && (state === 'offline' || state === 'error' || state === 'idle' || state === 'failed');

  return (
    <section className="panel" aria-labelledby="job-heading">
      <h2 id="job-heading">Job</h2>
      {!job && <p className="muted">No job on this printer. Start one from Jobs or Files, or print from the SD card below.</p>}
      {job && (
        <>
          <p className="job-name">{job.name}</p>
          <div className="progress" role="progressbar" aria-label="Job progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(job.progress)} aria-valuetext={`${job.progress.toFixed(1)} %`}>
            <div className="progress__bar" style={{ width: `${job.progress}%` }} />
          </div>
          <dl className="figures">
            <div><dt>Done</dt><dd>{job.progress.toFixed(1)} %</dd></div>
            <div><dt>Layer</dt><dd>{job.layer ?? '—'} / {job.totalLayers ?? '—'}</dd></div>
            <div><dt>Time left</dt><dd>{job.remainingMinutes != null ? formatDuration(job.remainingMinutes) : '—'}</dd></div>
            <div><dt>Finishes at</dt><dd>{job.remainingMinutes != null && active ? finishClock(job.remainingMinutes) : '—'}</dd></div>
          </dl>
        </>
      )}
      {interrupted && job && <InterruptedJob id={printer.id} job={job} />}
      <div className="row">
        {state === 'paused' ? (
          <button type="button" disabled={sending} onClick={() => void run('Resume', () => client.call('printers.resume', { id: printer.id }), () => 'Resumed.')}>Resume</button>
        ) : (
          <button type="button" disabled={sending || !active} onClick={() => void run('Pause', () => client.call('printers.pause', { id: printer.id }), () => 'Paused.')}>Pause</button>
        )}
        <button type="button" disabled={sending || !active} onClick={() => setConfirming(true)}>Cancel print</button>
      </div>
      {confirming && job && (
        <div role="alertdialog" aria-labelledby="cancel-q" aria-describedby="cancel-what" className="confirm">
          <p id="cancel-q"><strong>Cancel “{job.name}”?</strong></p>
          <p id="cancel-what">
            The print so far — {job.progress.toFixed(0)} %{job.layer != null ? `, layer ${job.layer}${job.totalLayers ? ` of ${job.totalLayers}` : ''}` : ''}
            {job.remainingMinutes != null ? `, ${formatDuration(job.remainingMinutes)} from done` : ''} — is lost and cannot be resumed. The cancel G-code then cools the printer down.
          </p>
          <div className="row">
            <button
              type="button"
              className="danger"
              autoFocus
              onClick={() => {
                setConfirming(false);
                void run('Cancel print', () => client.call('printers.cancel', { id: printer.id }), () => 'Print cancelled.');
              }}
            >
              Yes, cancel the print
            </button>
            <button type="button" onClick={() => setConfirming(false)}>Keep printing</button>
          </div>
        </div>
      )}
      <FeedbackLine feedback={feedback} />
    </section>
  );
}
