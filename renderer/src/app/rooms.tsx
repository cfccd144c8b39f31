// The rooms of the app, each code-split (loaded when first opened). Add a room with one entry.
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export interface Room {
  path: string;
  label: string;
  /** A glyph shown beside the label (decorative: the label is the accessible name). */
  icon: string;
  component: LazyExoticComponent<ComponentType>;
}

export const rooms: Room[] = [
  { path: 'farm', label: 'Farm', icon: '▦', component: lazy(() => import('../features/farm/FarmRoom.js')) },
  { path: 'printers', label: 'Printers', icon: '▣', component: lazy(() => import('../features/printers/PrintersRoom.js')) },
  { path: 'jobs', label: 'Jobs', icon: '☰', component: lazy(() => import('../features/jobs/JobsRoom.js')) },
  { path: 'files', label: 'Files', icon: '▤', component: lazy(() => import('../features/files/FilesRoom.js')) },
  { path: 'planner', label: 'Planner', icon: '◷', component: lazy(() => import('../features/planner/PlannerRoom.js')) },
  { path: 'metrics', label: 'Metrics', icon: '∿', component: lazy(() => import('../features/metrics/MetricsRoom.js')) },
  { path: 'settings', label: 'Settings', icon: '⚙', component: lazy(() => import('../features/settings/SettingsRoom.js')) },
];
