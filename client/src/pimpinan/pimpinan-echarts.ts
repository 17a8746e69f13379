// Only the echarts parts the /pimpinan trends use (bars, lines, a heat map, a tooltip, a legend,
// the heat map's legend), loaded on demand so the screen's first picture does not wait for them.
// Both renderers: canvas on screen; SVG in the printable report, so a PDF keeps sharp vectors.
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, HeatmapChart, GridComponent, AriaComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer, SVGRenderer]);

export { echarts };
