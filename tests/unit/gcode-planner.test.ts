// The kinematic planner on hand-computed cases: trapezoids, triangles, jerk corners, junction deviation, limits.
import { describe, expect, it } from 'vitest';
import { Planner, MOVE_EXTRUDE, MOVE_TRAVEL } from '../../electron/engine/files/analysis/planner.js';
import { defaultLimits, type MachineLimits } from '../../electron/engine/files/analysis/limits.js';

function limits(patch: Partial<MachineLimits> = {}): MachineLimits {
  const l = defaultLimits();
  l.maxFeedrate.set([500, 500, 10, 50]);
  l.maxAxisAccel.set([10000, 10000, 10000, 10000]);
  l.jerk.set([10, 10, 0.4, 5]);
  l.maxAccelExtruding = 500;
  l.maxAccelTravel = 500;
  return Object.assign(l, patch);
}

function run(l: MachineLimits, moves: [number, number, number, number, number][], kind = MOVE_TRAVEL): number {
  const p = new Planner(l);
  for (const [dx, dy, dz, de, f] of moves) p.addMove(dx, dy, dz, de, f, kind, 0, 0);
  p.synchronize();
  return p.time;
}

describe('planner', () => {
  it('times a single move as a trapezoid starting and ending at the jerk speed', () => {
    // 100 mm at 50 mm/s, a = 500, start/end 10 mm/s: 2 × (50−10)/500 + (100 − 2×2.4)/50
    expect(run(limits(), [[100, 0, 0, 0, 50]])).toBeCloseTo(0.16 + 1.904, 6);
  });

  it('uses a triangle when the move is too short to reach cruise speed', () => {
    const peak = Math.sqrt(100 + 2 * 500 * 1);
    expect(run(limits(), [[2, 0, 0, 0, 50]])).toBeCloseTo((2 * (peak - 10)) / 500, 6);
  });

  it('does not slow down between collinear segments (look-ahead)', () => {
    const split = run(limits(), Array.from({ length: 10 }, () => [10, 0, 0, 0, 50] as [number, number, number, number, number]));
    expect(split).toBeCloseTo(run(limits(), [[100, 0, 0, 0, 50]]), 6);
  });

  it('slows to the jerk speed at a 90° corner', () => {
    const corner = run(limits(), [[50, 0, 0, 0, 50], [0, 50, 0, 0, 50]]);
    expect(corner).toBeCloseTo(2 * (0.16 + (50 - 4.8) / 50), 6);
    expect(corner).toBeGreaterThan(run(limits(), [[100, 0, 0, 0, 50]]));
  });

  it('a larger jerk makes corners faster', () => {
    const zigzag = Array.from({ length: 40 }, (_, i) => [5, i % 2 ? 5 : -5, 0, 0, 100] as [number, number, number, number, number]);
    expect(run(limits({ jerk: Float64Array.of(20, 20, 0.4, 5) }), zigzag)).toBeLessThan(run(limits(), zigzag));
  });

  it('caps the feedrate at the axis maximum (M203)', () => {
    const l = limits();
    l.maxFeedrate[0] = 20;
    // 100 mm capped to 20 mm/s, jerk 10: 2×(20−10)/500 + (100 − 2×0.3)/20
    expect(run(l, [[100, 0, 0, 0, 50]])).toBeCloseTo(0.04 + 99.4 / 20, 6);
  });

  it('limits acceleration by the axis maximum share (M201)', () => {
    const l = limits();
    l.maxAxisAccel[2] = 10;
    const slowZ = run(l, [[0, 0, 5, 0, 5]]);
    expect(slowZ).toBeGreaterThan(run(limits(), [[0, 0, 5, 0, 5]]));
  });

  it('junction deviation: a small JD is slower on a polygon than a large one, straight lines unaffected', () => {
    const polygon = Array.from({ length: 64 }, (_, i) => {
      const a = (i / 64) * 2 * Math.PI;
      return [Math.cos(a) * 2, Math.sin(a) * 2, 0, 0, 80] as [number, number, number, number, number];
    });
    const small = run(limits({ junctionModel: 'junction-deviation', junctionDeviation: 0.005 }), polygon);
    const large = run(limits({ junctionModel: 'junction-deviation', junctionDeviation: 0.2 }), polygon);
    expect(small).toBeGreaterThan(large);
    const straight = Array.from({ length: 10 }, () => [10, 0, 0, 0, 50] as [number, number, number, number, number]);
    expect(run(limits({ junctionModel: 'junction-deviation', junctionDeviation: 0.01 }), straight)).toBeLessThan(run(limits(), [[50, 0, 0, 0, 50], [0, 50, 0, 0, 50]]));
  });

  it('combined-XY jerk (Cura/Marlin 1.0) is stricter at diagonal corners than per-axis jerk', () => {
    const zig = Array.from({ length: 40 }, (_, i) => [5, i % 2 ? 5 : -5, 0, 0, 60] as [number, number, number, number, number]);
    expect(run(limits({ junctionModel: 'jerk-xy' }), zig, MOVE_EXTRUDE)).toBeGreaterThan(run(limits(), zig, MOVE_EXTRUDE));
  });

  it('adds dwell time on synchronize and uses M204 accelerations per move kind', () => {
    const p = new Planner(limits());
    p.synchronize(2.5);
    expect(p.time).toBe(2.5);
    const slow = new Planner(limits());
    slow.setTravelAcceleration(100);
    slow.addMove(100, 0, 0, 0, 50, MOVE_TRAVEL, 0, 0);
    slow.synchronize();
    const fast = new Planner(limits({ maxAccelTravel: 5000 }));
    fast.setTravelAcceleration(5000);
    fast.addMove(100, 0, 0, 0, 50, MOVE_TRAVEL, 0, 0);
    fast.synchronize();
    expect(slow.time).toBeGreaterThan(fast.time);
  });

  it('reports when each tagged layer starts', () => {
    const p = new Planner(limits());
    const starts: [number, number][] = [];
    p.onTagTime = (a, _b, t) => starts.push([a, t]);
    p.addMove(100, 0, 0, 0, 50, MOVE_TRAVEL, 0, 0);
    p.addMove(-100, 0, 0, 0, 50, MOVE_TRAVEL, 1, 1);
    p.synchronize();
    expect(starts.map((s) => s[0])).toEqual([0, 1]);
    expect(starts[1][1]).toBeCloseTo(2.064, 3);
  });
});
