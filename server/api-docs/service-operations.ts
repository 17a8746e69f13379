// Health, readiness, metrics, this document, and the screens (HTML).
import { PAGE_ROLES } from '../auth/roles.ts';
import type { Answer, Operation } from './operation.ts';

const html: Answer = { description: 'The screen (the client application; it loads its data from the API).', schema: { type: 'string' }, mediaType: 'text/html' };
const toLogin: Answer = {
  description: 'Sent to /login (`Location: /login?next=...`, with `denied=1` when logged in without the role, `pairing=invalid|taken` for a refused display token).',
  schema: { type: 'string' },
  mediaType: ['text/plain', 'text/html'],
  headers: { Location: 'Where to go.' },
};
const notBuilt: Answer = { description: 'The client has not been built on this server (`npm run build`).', schema: { type: 'string' }, mediaType: 'text/plain' };

const CODE_PARAM: Record<string, string> = {
  '/teknisi/monitor/:code': 'Monitor code, e.g. `sipandu`.',
  '/pimpinan/opd/:code': 'OPD code, e.g. `DISKOMINFO`.',
  '/pimpinan/kecamatan/:code': 'Kecamatan code (Kepmendagri), e.g. `12.71.01`.',
};

const screen = (path: string, operationId: string, summary: string, description?: string): Operation => {
  const roles = PAGE_ROLES[`/${path.split('/')[1]}`] ?? null;
  return {
    method: 'get',
    path,
    operationId,
    tag: 'screens',
    summary,
    description,
    access: { kind: 'page', roles },
    ...(path.includes(':code') ? { params: { code: { description: CODE_PARAM[path] ?? 'Code.' } } } : {}),
    ...(path.includes(':section') ? { params: { section: { description: 'The console section, e.g. `pengguna`.' } } } : {}),
    ...(path === '/wall'
      ? { queryParams: [{ name: 'token', description: 'A display token: pairs this screen (once).', schema: { type: 'string', minLength: 8, maxLength: 200 } }] }
      : {}),
    responses: roles ? { 200: html, 303: toLogin, 503: notBuilt } : { 200: html, 503: notBuilt },
  };
};

export const serviceOperations: Operation[] = [
  {
    method: 'get',
    path: '/healthz',
    operationId: 'health',
    tag: 'operations',
    summary: 'The process is up',
    access: { kind: 'public' },
    responses: { 200: { description: 'Up.', schema: 'Health' } },
  },
  {
    method: 'get',
    path: '/readyz',
    operationId: 'readiness',
    tag: 'operations',
    summary: 'Ready to take traffic',
    description: 'For load balancers: 200 while Redis and the live state answer (also while PostgreSQL is away: ingest keeps accepting and events wait in Redis; `status` is then `degraded`).',
    access: { kind: 'public' },
    responses: { 200: { description: 'Ready (or degraded).', schema: 'Readiness' }, 503: { description: 'Not ready.', schema: 'Readiness' } },
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    tag: 'operations',
    summary: 'Prometheus metrics',
    access: { kind: 'metrics' },
    responses: {
      200: { description: 'Prometheus text exposition format.', schema: { type: 'string' }, mediaType: 'text/plain' },
      401: 'Unauthorized',
      403: 'Forbidden',
      503: 'Unavailable',
    },
  },
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    operationId: 'openapi',
    tag: 'operations',
    summary: 'This document',
    access: { kind: 'public' },
    responses: { 200: { description: 'OpenAPI 3.1.', schema: { type: 'object', required: ['openapi', 'info', 'paths'], properties: { openapi: { type: 'string' }, info: { type: 'object' }, paths: { type: 'object' } } } } },
  },
  screen('/', 'screen_home', 'The start page'),
  screen('/login', 'screen_login', 'Login', 'Takes `next` (where to go after login) and shows why someone was sent here (`denied`, `pairing`).'),
  screen(
    '/wall',
    'screen_wall',
    'The live wall (kiosk)',
    'Open `/wall?token=<display token>` once on a screen to pair it: the answer sets a long-lived device cookie and the page removes the token from the address bar. `?lang=en` for English.',
  ),
  screen(
    '/pimpinan',
    'screen_pimpinan',
    'Leadership: the city',
    'Period in the address (`period=today|7d|30d|month|last-month` or `from=YYYY-MM-DD&to=YYYY-MM-DD`), the ranking\'s sort (`sort=column:asc|desc`), `lang=en`.',
  ),
  screen('/pimpinan/laporan', 'screen_pimpinan_report', 'Leadership: printable report (A4 landscape)', 'Same period parameters as /pimpinan.'),
  screen('/pimpinan/opd/:code', 'screen_pimpinan_opd', 'Leadership: one OPD'),
  screen('/pimpinan/kecamatan/:code', 'screen_pimpinan_kecamatan', 'Leadership: one kecamatan'),
  screen('/teknisi', 'screen_teknisi', 'Technicians (phone)'),
  screen('/teknisi/monitor/:code', 'screen_teknisi_monitor', 'Technicians: one service'),
  screen(
    '/operator',
    'screen_operator',
    'Operators: the command center queue, or an OPD\'s complaints',
    'The opened complaint (`c=<id>`), filters (`channel`, `category`, `kecamatan`, `state`) and `lang=en` in the address. Operator role only.',
  ),
  screen('/admin', 'screen_admin', 'Admin console', 'Opens the first section (users and roles) at /admin/pengguna.'),
  screen(
    '/admin/:section',
    'screen_admin_section',
    'Admin console: one section',
    '`pengguna` (users and roles), `audit` (audit trail; filters `actor`, `action`, `from`, `to`, `page` in the query), `layar` (display tokens and paired screens), `sumber` (sources, API keys, status webhooks), `monitor` (monitors and notification channels), `kategori` (categories and SLA targets), `kalender` (holiday calendar). `?lang=en` for English.',
  ),
];
