import type { ChartLabels } from './chart.js';
import type { NightBar } from './stats.js';

type ChartModule = typeof import('./chart.js');
let loading: Promise<ChartModule> | undefined;

/** Renders the diary chart as a PNG, loading ECharts and resvg on the first call only. */
export const renderDiaryChart = async (bars: NightBar[], labels: ChartLabels): Promise<Buffer> => {
  loading ??= import('./chart.js');
  const chart = await loading;
  return chart.renderChartPng(bars, labels);
};

/** Whether the renderer has been loaded in this process (tests check it stays out of start-up). */
export const chartRendererLoaded = (): boolean => loading !== undefined;
