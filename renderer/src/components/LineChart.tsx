// A small uPlot line chart: series share one x axis (seconds since epoch); dashed series for targets.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  color: string;
  dashed?: boolean;
}

export function LineChart(props: { title: string; series: ChartSeries[]; data: uPlot.AlignedData; height?: number; yLabel?: string }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const { title, series, height = 180, yLabel } = props;

  useEffect(() => {
    if (!host.current) return;
    const chart = new uPlot(
      {
        width: host.current.clientWidth || 400,
        height,
        axes: [{ stroke: '#9aa8b5' }, { stroke: '#9aa8b5', label: yLabel }],
        series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, dash: s.dashed ? [6, 4] : undefined }))],
        legend: { show: true },
      },
      props.data,
      host.current,
    );
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: host.current?.clientWidth || 400, height }));
    resize.observe(host.current);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // Re-create only when the series layout changes; data updates go through setData below.
  }, [series.map((s) => s.label).join('|'), height, yLabel]);

  useEffect(() => {
    plot.current?.setData(props.data);
  }, [props.data]);

  return <figure className="chart" aria-label={title} ref={host} style={{ margin: 0 }} />;
}
