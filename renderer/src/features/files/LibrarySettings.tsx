// Library settings: the watched import folder, and how to point a slicer's "OctoPrint" print host at this farm.
import { useEffect, useState, type FormEvent } from 'react';
import { useFarmCommand, useFarmQuery } from '../../lib/farm-hooks.js';
import { FeedbackLine } from '../printers/FeedbackLine.js';
import { useFeedback } from '../printers/use-feedback.js';
import { formatBytes } from './format.js';

export function LibrarySettings() {
  const watch = useFarmQuery('files.watchSettings');
  const upload = useFarmQuery('files.uploadInfo');
  const save = useFarmCommand('files.setWatchSettings', { invalidates: ['files.watchSettings', 'files.list'] });
  const { feedback, run, sending } = useFeedback();
  const [enabled, setEnabled] = useState(false);
  const [path, setPath] = useState('');
  const [folder, setFolder] = useState('');

  useEffect(() => {
    if (!watch.data) return;
    setEnabled(watch.data.enabled);
    setPath(watch.data.path ?? '');
    setFolder(watch.data.folder);
  }, [watch.data]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run('Save watched folder', () => save.mutateAsync({ enabled, path: path.trim() || null, folder }), (s) =>
      s.watching ? `Watching ${s.path}.` : 'The watched folder is off.',
    );
  };

  const origin = typeof location !== 'undefined' && location.protocol.startsWith('http') ? location.origin : 'http://<this computer>:8765';
  return (
    <section className="panel library-settings" aria-label="Library settings">
      <h2>Watched folder</h2>
      <form onSubmit={submit} className="library-settings__form">
        <label className="library-settings__check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Import new G-code from a folder
        </label>
        <label>
          Folder on this machine
          <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/me/Prints" />
        </label>
        <label>
          Library folder
          <input value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="(top folder)" />
        </label>
        <button type="submit" disabled={sending}>Save watched folder</button>
      </form>
      <FeedbackLine feedback={feedback} />
      {watch.data && (
        <p className="muted small" role="status">
          {watch.data.watching ? `Watching ${watch.data.path}` : 'Not watching a folder'}
          {watch.data.error ? ` · last problem: ${watch.data.error}` : ''}
        </p>
      )}
      <h2>Send from a slicer</h2>
      <p className="small">
        In PrusaSlicer, OrcaSlicer or Cura add a print host of type <strong>OctoPrint</strong> with the address{' '}
        <code>{origin}</code> and, as API key, the access token (<code>access-token</code> in the data folder). Files land in
        the library; “Upload and print” records a print request.
        {upload.data && ` Up to ${formatBytes(upload.data.maxBytes)} per file (${upload.data.accepted.join(', ')}).`}
      </p>
    </section>
  );
}
