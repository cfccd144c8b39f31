// Splits G2/G3 arcs into short chords the way firmware does (≈1 mm segments), so the planner sees real corners.

const MM_PER_SEGMENT = 1;
const MIN_SEGMENTS = 1;
const MAX_SEGMENTS = 2000;

/**
 * Calls `emit(x, y, t)` for each chord end (t = fraction 0..1 of the arc, last call exactly at the end point).
 * Centre from I/J (offset from start) or radius R (negative R = the long way round). Start == end with I/J = full circle.
 */
export function arcSegments(
  sx: number, sy: number, ex: number, ey: number, i: number, j: number, r: number, clockwise: boolean,
  emit: (x: number, y: number, t: number) => void,
): void {
  let cx: number;
  let cy: number;
  if (!Number.isNaN(r) && i === 0 && j === 0) {
    const dx = ex - sx;
    const dy = ey - sy;
    const chord = Math.hypot(dx, dy);
    const radius = Math.abs(r);
    if (chord === 0 || chord > 2 * radius + 1e-6) {
      emit(ex, ey, 1);
      return;
    }
    const h = Math.sqrt(Math.max(0, radius * radius - (chord / 2) * (chord / 2)));
    // Centre on the side chosen by direction and the sign of R.
    const side = (clockwise ? -1 : 1) * (r < 0 ? -1 : 1);
    cx = sx + dx / 2 - (side * h * dy) / chord;
    cy = sy + dy / 2 + (side * h * dx) / chord;
  } else {
    cx = sx + i;
    cy = sy + j;
  }
  const radius = Math.hypot(sx - cx, sy - cy);
  if (radius === 0) {
    emit(ex, ey, 1);
    return;
  }
  const a0 = Math.atan2(sy - cy, sx - cx);
  const a1 = Math.atan2(ey - cy, ex - cx);
  let sweep = a1 - a0;
  if (clockwise) {
    if (sweep >= -1e-9) sweep -= 2 * Math.PI;
  } else if (sweep <= 1e-9) sweep += 2 * Math.PI;
  const length = Math.abs(sweep) * radius;
  const segments = Math.min(MAX_SEGMENTS, Math.max(MIN_SEGMENTS, Math.floor(length / MM_PER_SEGMENT)));
  for (let k = 1; k < segments; k++) {
    const t = k / segments;
    const a = a0 + sweep * t;
    emit(cx + radius * Math.cos(a), cy + radius * Math.sin(a), t);
  }
  emit(ex, ey, 1);
}
