// Which printers this file fits: build volume and nozzle, per printer, with the reason in words.
import type { AnalysisSummary } from '../../../../electron/shared/contract/files.js';
import { checkFitAll, type FitVerdict } from '../../../../electron/shared/files/fit-check.js';
import { useFarmQuery } from '../../lib/farm-hooks.js';

const VERDICT_WORDS: Record<FitVerdict, { icon: string; word: string }> = {
  fits: { icon: '✓', word: 'Fits' },
  check: { icon: '!', word: 'Check position' },
  'too-big': { icon: '✕', word: 'Too big' },
  'wrong-nozzle': { icon: '✕', word: 'Other nozzle' },
  unknown: { icon: '?', word: 'Unknown' },
};

export function FitTable({ summary }: { summary: AnalysisSummary | null }) {
  const printers = useFarmQuery('printers.list');
  if (printers.isError) return <p className="muted">Printers could not be loaded, so the fit check is not shown.</p>;
  const list = printers.data ?? [];
  if (list.length === 0) return <p className="muted">Add a printer to see whether this file fits it.</p>;
  const bbox = summary?.own.bbox ?? summary?.slicer.bbox ?? null;
  const results = checkFitAll({ bbox, nozzleDiameter: summary?.slicer.nozzleDiameter }, list);
  return (
    <table className="fit-table" aria-label="Fits on printers">
      <thead>
        <tr><th>Printer</th><th>Fit</th><th>Why</th></tr>
      </thead>
      <tbody>
        {results.map((r) => (
          <tr key={r.printerId}>
            <td>{r.printerName}</td>
            <td className={`fit fit--${r.verdict}`}>
              <span aria-hidden="true">{VERDICT_WORDS[r.verdict].icon} </span>
              {VERDICT_WORDS[r.verdict].word}
            </td>
            <td className="small">{r.reasons.join(' ') || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
