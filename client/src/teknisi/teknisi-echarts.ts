// Only the echarts parts the response-time chart uses (bars, a line, a tooltip, a legend), so
// the bundle stays small. Loaded on demand, only when a service's page opens.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, AriaComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
