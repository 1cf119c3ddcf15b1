/**
 * The diary chart: Apache ECharts renders an SVG on the server (no DOM, no browser) and resvg turns it into
 * a PNG (a prebuilt native package from the registry). Both are heavy, so this module is only ever loaded
 * with a dynamic import on the first /diary (see render-chart.ts): start-up time and memory stay as they were.
 */
import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import type { EChartsOption } from 'echarts';
import { BarChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { NightBar } from './stats.js';

// Only the parts this chart uses: the whole of ECharts takes several times longer to load.
echarts.use([BarChart, ScatterChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

export interface ChartLabels {
  title: string;
  cramps: string;
  stretch: string;
}

export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 400;

/** Debian's fonts-dejavu-core; resvg falls back to the other system fonts when it is missing. */
const FONT_DIR = '/usr/share/fonts/truetype/dejavu';
const FONT_FILES = [`${FONT_DIR}/DejaVuSans.ttf`, `${FONT_DIR}/DejaVuSans-Bold.ttf`] as const;
const FONT_FAMILY = 'DejaVu Sans';

/** The ECharts option for the bars: one bar per night, a marker on nights with a stretch. */
export const chartOption = (bars: NightBar[], labels: ChartLabels): EChartsOption => {
  const most = Math.max(1, ...bars.map((bar) => bar.cramps));
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT_FAMILY },
    title: {
      text: labels.title,
      left: 'center',
      top: 8,
      textStyle: { fontSize: 18, fontFamily: FONT_FAMILY },
    },
    legend: { bottom: 6, data: [labels.cramps, labels.stretch], textStyle: { fontFamily: FONT_FAMILY } },
    grid: { left: 48, right: 24, top: 52, bottom: 72 },
    xAxis: {
      type: 'category',
      data: bars.map((bar) => bar.label),
      axisLabel: { interval: 6, fontFamily: FONT_FAMILY },
      axisTick: { alignWithLabel: true },
    },
    yAxis: { type: 'value', minInterval: 1, max: most + 1, axisLabel: { fontFamily: FONT_FAMILY } },
    series: [
      {
        name: labels.cramps,
        type: 'bar',
        data: bars.map((bar) => bar.cramps),
        itemStyle: { color: '#c0392b' },
        barMaxWidth: 18,
      },
      {
        name: labels.stretch,
        type: 'scatter',
        symbol: 'triangle',
        symbolSize: 10,
        itemStyle: { color: '#27ae60' },
        data: bars.map((bar) => (bar.stretched ? most + 0.6 : null)),
      },
    ],
  };
};

export const renderChartSvg = (bars: NightBar[], labels: ChartLabels): string => {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
  });
  try {
    chart.setOption(chartOption(bars, labels));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
};

export const renderChartPng = (bars: NightBar[], labels: ChartLabels): Buffer => {
  const svg = renderChartSvg(bars, labels);
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'width', value: CHART_WIDTH },
    // Only the two DejaVu faces when they are there: scanning every system font costs ~100 ms a chart.
    font: existsSync(FONT_FILES[0])
      ? {
          loadSystemFonts: false,
          fontFiles: FONT_FILES.filter((file) => existsSync(file)),
          defaultFontFamily: FONT_FAMILY,
        }
      : { loadSystemFonts: true, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
  });
  return resvg.render().asPng();
};
