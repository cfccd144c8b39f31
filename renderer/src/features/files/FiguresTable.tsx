// The slicer's own figures beside PrintFarm's analysis, with our difference from the slicer.
import type { AnalysisSummary } from '../../../../electron/shared/contract/files.js';
import { formatDifference, formatDimensions, formatDuration, formatFilament, formatGrams, sum } from './format.js';

const SLICER_NAMES: Record<string, string> = {
  prusaslicer: 'PrusaSlicer',
  superslicer: 'SuperSlicer',
  orcaslicer: 'OrcaSlicer',
  bambustudio: 'Bambu Studio',
  cura: 'Cura',
  unknown: 'Slicer',
};

export function FiguresTable({ summary }: { summary: AnalysisSummary }) {
  const { slicer, own } = summary;
  const slicerName = `${SLICER_NAMES[slicer.slicer] ?? 'Slicer'}${slicer.slicerVersion ? ` ${slicer.slicerVersion}` : ''}`;
  const rows: Array<[string, string, string, string]> = [
    ['Print time', formatDuration(slicer.estimatedSeconds), formatDuration(own.estimatedSeconds), formatDifference(own.estimatedSeconds, slicer.estimatedSeconds)],
    ['Heat-up waits', '—', own.heatWaits > 0 ? `${formatDuration(own.heatUpSeconds)} (${own.heatWaits} waits)` : '—', ''],
    ['Filament', formatFilament(slicer.filamentMm), formatFilament(own.filamentMm), formatDifference(sum(own.filamentMm), sum(slicer.filamentMm))],
    ['Weight', formatGrams(slicer.filamentG), '—', ''],
    ['Layers', slicer.layerCount?.toString() ?? '—', String(own.layerCount), ''],
    ['Dimensions', formatDimensions(slicer.bbox), formatDimensions(own.printBbox ?? own.bbox), ''],
    ['Tool changes', '—', String(own.toolChanges), ''],
  ];
  return (
    <table className="figures" aria-label="Slicer figures beside PrintFarm's">
      <thead>
        <tr><th scope="col">Figure</th><th scope="col">{slicerName}</th><th scope="col">PrintFarm</th><th scope="col">Difference</th></tr>
      </thead>
      <tbody>
        {rows.map(([label, theirs, ours, diff]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td>{theirs}</td>
            <td>{ours}</td>
            <td className="muted">{diff}</td>
          </tr>
        ))}
      </tbody>
      <caption className="muted small">
        {[
          slicer.filamentType?.length ? `Filament ${slicer.filamentType.join(', ')}` : null,
          slicer.nozzleDiameter?.length ? `nozzle ${slicer.nozzleDiameter.join('/')} mm` : null,
          slicer.layerHeight ? `layers ${slicer.layerHeight} mm` : null,
          slicer.nozzleTemperature?.length ? `${slicer.nozzleTemperature[0]} °C nozzle` : null,
          slicer.bedTemperature !== undefined ? `${slicer.bedTemperature} °C bed` : null,
          slicer.printerModel ? `for ${slicer.printerModel}` : null,
          own.truncated ? 'the file looks cut short' : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </caption>
    </table>
  );
}
