// The wall's echarts core plus what the response-time chart needs (a line, a tooltip, a
// legend). Loaded on demand, only when a service's page opens.
import { LineChart } from 'echarts/charts';
import { LegendComponent, TooltipComponent } from 'echarts/components';
import { echarts } from '../panels/echarts-setup.ts';

echarts.use([LineChart, LegendComponent, TooltipComponent]);

export { echarts };
