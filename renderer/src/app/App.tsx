// The frame: left rail with the rooms, top bar with the farm summary, connection state and emergency stop.
import { Suspense, useState } from 'react';
import { rooms } from './rooms.js';
import { TopBar } from './TopBar.js';
import { useHashRoute } from './use-hash-route.js';

export function App() {
  const [roomPath, ...rest] = useHashRoute();
  const [collapsed, setCollapsed] = useState(false);
  const room = rooms.find((r) => r.path === roomPath) ?? rooms[0];
  const Room = room.component;
  return (
    <div className={`frame${collapsed ? ' frame--collapsed' : ''}`}>
      <nav className="rail" aria-label="Rooms">
        <button type="button" className="rail__toggle" aria-label={collapsed ? 'Expand navigation' : 'Collapse navigation'} aria-expanded={!collapsed} onClick={() => setCollapsed((c) => !c)}>
          {collapsed ? '»' : '«'}
        </button>
        <ul>
          {rooms.map((r) => (
            <li key={r.path}>
              <a href={`#/${r.path}`} aria-current={r === room ? 'page' : undefined} className="rail__link" title={r.label}>
                <span aria-hidden="true" className="rail__icon">{r.icon}</span>
                <span className="rail__label">{r.label}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <TopBar />
      <main className="room" aria-label={room.label}>
        <Suspense fallback={<p role="status">Loading {room.label}…</p>}>
          <Room key={room.path + '/' + rest.join('/')} />
        </Suspense>
      </main>
    </div>
  );
}
