// Uptime: monitor state machine, maintenance windows, incidents, availability. Pure, no I/O.
export type { InstantInput, TimeInterval } from '../time/local-time.ts';
export * from './monitor-state.ts';
export * from './maintenance-window.ts';
export * from './incident.ts';
export * from './availability.ts';
export * from './opd-service-metrics.ts';
