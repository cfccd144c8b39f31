// Parses object labels: PrusaSlicer 2.5 "; printing object NAME id:N copy M", Klipper EXCLUDE_OBJECT_DEFINE, M486.
import type { ObjectLabel } from '../../../shared/contract/gcode-analysis.js';

/** "; printing object cone id:1 copy 0" → { id: '1', name: 'cone' } */
export function parsePrintingObject(text: string): ObjectLabel | null {
  const m = /^;\s*printing object\s+(.*?)(?:\s+id:(\d+))?(?:\s+copy\s+(\d+))?\s*$/.exec(text);
  if (!m) return null;
  const id = m[2] !== undefined ? (m[3] && m[3] !== '0' ? `${m[2]}.${m[3]}` : m[2]) : m[1];
  return { id, name: m[1] };
}

/** EXCLUDE_OBJECT_DEFINE NAME=part_1 CENTER=100,100 POLYGON=[[90,90],[110,90],[110,110]] */
export function parseExcludeObjectDefine(text: string): ObjectLabel | null {
  const name = /\bNAME=("[^"]*"|\S+)/i.exec(text)?.[1]?.replace(/^"|"$/g, '');
  if (!name) return null;
  const label: ObjectLabel = { id: name, name };
  const center = /\bCENTER=(-?[\d.]+),(-?[\d.]+)/i.exec(text);
  if (center) label.center = [Number(center[1]), Number(center[2])];
  const polygon = /\bPOLYGON=(\[\[.*?\]\])/i.exec(text);
  if (polygon) {
    try {
      const points = JSON.parse(polygon[1]) as unknown;
      if (Array.isArray(points) && points.every((p) => Array.isArray(p) && p.length >= 2 && p.every((v) => typeof v === 'number'))) {
        label.polygon = (points as number[][]).map((p) => [p[0], p[1]] as [number, number]);
      }
    } catch {
      // malformed polygon: keep name/center only
    }
  }
  return label;
}

/** M486 S<id> [A"name"] — returns a label for S ≥ 0 (S-1 ends the object). */
export function parseM486(text: string): ObjectLabel | null {
  const s = /\bS(-?\d+)/.exec(text.replace(/;.*$/, ''));
  if (!s) return null;
  const id = Number(s[1]);
  if (id < 0) return null;
  const name = /\bA"([^"]*)"|\bA(\S+)/.exec(text);
  return { id: String(id), name: name ? (name[1] ?? name[2]) : `Object ${id}` };
}
