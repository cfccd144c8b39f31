// Settings room: appearance and what this engine is (version, data directory, mode).
import { useState } from 'react';
import { applyTheme, currentTheme, type Theme } from '../../app/theme.js';
import { useFarmQuery } from '../../lib/farm-hooks.js';

export default function SettingsRoom() {
  const info = useFarmQuery('app.info');
  const [theme, setTheme] = useState<Theme>(currentTheme());
  const choose = (next: Theme) => {
    setTheme(next);
    applyTheme(next);
  };
  return (
    <>
      <h1>Settings</h1>
      <div className="panel-grid">
        <section className="panel" aria-labelledby="appearance-heading">
          <h2 id="appearance-heading">Appearance</h2>
          <fieldset style={{ border: 0, padding: 0, display: 'flex', gap: 16 }}>
            <legend className="muted">Theme</legend>
            {(['dark', 'light'] as const).map((t) => (
              <label key={t}>
                <input type="radio" name="theme" value={t} checked={theme === t} onChange={() => choose(t)} /> {t === 'dark' ? 'Dark' : 'Light'}
              </label>
            ))}
          </fieldset>
        </section>
        <section className="panel" aria-labelledby="engine-heading">
          <h2 id="engine-heading">This engine</h2>
          {info.data ? (
            <dl>
              <dt className="muted">Version</dt>
              <dd>{info.data.version}</dd>
              <dt className="muted">Mode</dt>
              <dd>{info.data.mode === 'desktop' ? 'Desktop app' : 'Headless server'}</dd>
              <dt className="muted">Data directory</dt>
              <dd><code>{info.data.dataDir}</code></dd>
              <dt className="muted">Runtime</dt>
              <dd>Node {info.data.node} on {info.data.platform}</dd>
            </dl>
          ) : (
            <p role="status">Loading…</p>
          )}
        </section>
      </div>
    </>
  );
}
