import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Empty, Segmented, Space } from 'antd';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useI18n } from '../i18n/i18n.tsx';

// Only the parts the dashboards use: keeps the bundle small.
echarts.use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);

/** One ECharts instance on a div, resized with its container and disposed with the component. */
function EChart({ option, height }: { option: EChartsCoreOption; height: number }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | undefined>(undefined);
  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current);
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = undefined;
    };
  }, []);
  useEffect(() => {
    // ECharts' HTML tooltips carry inline style attributes, which the page's Content Security Policy refuses:
    // they are drawn on the canvas instead.
    const tooltip = { ...(option.tooltip as object | undefined), renderMode: 'richText' };
    chart.current?.setOption({ ...option, tooltip }, { notMerge: true });
  }, [option]);
  return <div ref={element} style={{ height, width: '100%' }} />;
}

/**
 * A chart with its text alternative: the summary is the chart's accessible name, and the same figures can be
 * shown as a table (which also carries the Excel export).
 */
export function ChartWithTable({
  option,
  summary,
  table,
  height = 260,
  testId,
  empty,
}: {
  option: EChartsCoreOption;
  summary: string;
  table: ReactNode;
  height?: number;
  testId?: string;
  /** Shown instead of an empty chart. */
  empty?: string;
}) {
  const { l } = useI18n();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid={testId}>
      <Segmented
        size="small"
        value={view}
        onChange={(value) => setView(value as 'chart' | 'table')}
        options={[
          { value: 'chart', label: l('图表', 'Chart') },
          { value: 'table', label: l('表格', 'Table') },
        ]}
      />
      {view === 'chart' && empty ? (
        <Empty description={empty} />
      ) : view === 'chart' ? (
        <div role="img" aria-label={summary}>
          <EChart option={option} height={height} />
        </div>
      ) : (
        table
      )}
    </Space>
  );
}
