// A small bundled sample print (a ribbed cylinder), generated so demo mode needs no file on disk.

export function sampleGcode(opts: { layers?: number; radius?: number; segments?: number } = {}): string {
  const layers = opts.layers ?? 40;
  const radius = opts.radius ?? 12;
  const segs = opts.segments ?? 72;
  const out = [
    '; PrintFarm demo sample: ribbed cylinder',
    'M140 S60',
    'M104 S210',
    'M190 S60',
    'M109 S210',
    'G28',
    'G90',
    'M83',
    'G92 E0',
    'M106 S255',
  ];
  for (let l = 0; l < layers; l++) {
    const z = (0.2 + l * 0.2).toFixed(2);
    out.push(';LAYER_CHANGE', `;Z:${z}`, `G1 Z${z} F600`);
    for (const r of [radius, radius - 0.45]) {
      out.push(`G1 X${(100 + r).toFixed(3)} Y100.000 F9000`, 'G1 F2400');
      for (let i = 1; i <= segs; i++) {
        const a = (i / segs) * Math.PI * 2;
        const rr = r + 0.3 * Math.sin(a * 12 + l * 0.3);
        out.push(`G1 X${(100 + rr * Math.cos(a)).toFixed(3)} Y${(100 + rr * Math.sin(a)).toFixed(3)} E${(((2 * Math.PI * r) / segs) * 0.0333).toFixed(5)}`);
      }
    }
  }
  out.push('M107', 'M104 S0', 'M140 S0', 'G1 Z60 F600', 'M84');
  return out.join('\n') + '\n';
}
