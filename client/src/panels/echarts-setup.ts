// Only the echarts parts the wall uses, so the bundle stays small (cold load matters).
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, AriaComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, AriaComponent, CanvasRenderer]);

export { echarts };
