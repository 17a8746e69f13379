// /api/v1/admin/categories and /api/v1/admin/calendar: the deadline rules (issue 15). Admins
// only; every change is audited with before and after, gets a rule version and re-judges the
// open complaints it moves, in one transaction. `?dryRun=1` on every change: the preview.
import { z } from 'zod';
import { calendarDayBody, calendarImportBody, calendarYearSchema, categoryChangesBody, newCategoryBody } from '../rules/rules-input.ts';
import type { Answer, Operation } from './operation.ts';

const admin = { kind: 'roles' as const, roles: ['admin'] as const };
const op = (o: Omit<Operation, 'tag' | 'access'>): Operation => ({ tag: 'admin', access: admin, ...o });
const dryRun = { name: 'dryRun', description: '`1`: check and count the open complaints the change would move; store nothing.', schema: { type: 'string', enum: ['1', 'true'] } };
const outcome = {
  openComplaints: { type: 'integer', description: 'Open complaints judged again with the new rule.' },
  moved: { type: 'integer', description: 'Of those, how many have a deadline that moves.' },
  rulesVersion: { type: ['integer', 'null'], description: 'rule_versions id of the change; null on a dry run.' },
  dryRun: { type: 'boolean' },
};
const object = (description: string, properties: Record<string, unknown>): Answer => ({
  description,
  schema: { type: 'object', required: Object.keys(properties), properties },
});
const int = { type: 'integer' };
const intOrNull = { type: ['integer', 'null'] };
const str = { type: 'string' };
const strOrNull = { type: ['string', 'null'] };
const category = {
  type: 'object',
  required: ['code', 'name', 'nameEn', 'group', 'opd', 'external', 'emergency', 'dispatchWorkingDays', 'firstResponseWorkingDays', 'resolutionWorkingDays', 'firstResponseHours', 'resolutionHours', 'openComplaints'],
  properties: {
    code: str,
    name: str,
    nameEn: strOrNull,
    group: str,
    opd: strOrNull,
    external: strOrNull,
    emergency: { type: 'boolean' },
    dispatchWorkingDays: int,
    firstResponseWorkingDays: int,
    resolutionWorkingDays: int,
    firstResponseHours: intOrNull,
    resolutionHours: intOrNull,
    openComplaints: int,
  },
};
const dayProps = { date: { type: 'string', format: 'date' }, kind: { type: 'string', enum: ['national', 'cuti_bersama', 'closure'] }, name: str, source: { type: 'string', enum: ['official', 'library'] } };
const day = { type: 'object', required: ['date', 'kind', 'name', 'source'], properties: dayProps };
const days = { type: 'array', items: day };
const diff = {
  type: 'object',
  required: ['year', 'added', 'changed', 'removed'],
  properties: {
    year: int,
    added: days,
    changed: { type: 'array', items: { type: 'object', required: ['date', 'before', 'after'], properties: { date: str, before: day, after: day } } },
    removed: days,
  },
};
const dateParam = { date: { description: 'The day, YYYY-MM-DD (WIB).', schema: { type: 'string', format: 'date' } } };

export const ruleOperations: Operation[] = [
  op({
    method: 'get',
    path: '/api/v1/admin/categories',
    operationId: 'admin_categories',
    summary: 'List complaint categories with their SLA targets and open complaints',
    responses: { 200: object('Every category.', { categories: { type: 'array', items: category }, groups: { type: 'array', items: { type: 'string' } } }) },
  }),
  op({
    method: 'post',
    path: '/api/v1/admin/categories',
    operationId: 'admin_category_create',
    summary: 'Add a category with its SLA targets',
    description: 'Working days per stage (dispatch, first response, resolution); an emergency category also `firstResponseHours` and `resolutionHours`, counted around the clock.',
    queryParams: [dryRun],
    body: {
      name: 'NewCategory',
      schema: newCategoryBody,
      example: { code: 'pohon-tumbang', name: 'Pohon tumbang', nameEn: 'Fallen tree', group: 'lingkungan', opd: 'DLH', emergency: false, dispatchWorkingDays: 1, firstResponseWorkingDays: 2, resolutionWorkingDays: 5 },
    },
    responses: { 200: object('Dry run: what it would do.', { ...outcome, category }), 201: object('Added.', { ...outcome, category }), 409: 'Conflict' },
  }),
  op({
    method: 'patch',
    path: '/api/v1/admin/categories/:code',
    operationId: 'admin_category_update',
    summary: "Change a category's names, OPD or SLA targets; open complaints of it are judged again",
    params: { code: { description: 'Category code.' } },
    queryParams: [dryRun],
    body: { name: 'CategoryChanges', schema: categoryChangesBody },
    responses: { 200: object('Changed (or, on a dry run, what it would do).', { ...outcome, category }), 404: 'NotFound' },
  }),
  op({
    method: 'get',
    path: '/api/v1/admin/calendar',
    operationId: 'admin_calendar',
    summary: "A year's non-working days (other than weekends) and the days taken off the list",
    query: z.object({ year: calendarYearSchema.optional() }),
    responses: {
      200: object('The year.', {
        year: { type: 'integer' },
        source: { type: 'string', enum: ['official', 'library', 'none'] },
        days: { type: 'array', items: day },
        removed: { type: 'array', items: { type: 'object', required: ['date', 'name'], properties: { date: str, name: str } } },
      }),
    },
  }),
  op({
    method: 'put',
    path: '/api/v1/admin/calendar/days/:date',
    operationId: 'admin_calendar_day_set',
    summary: 'Add or change a non-working day (national holiday, cuti bersama, office closure)',
    params: dateParam,
    queryParams: [dryRun],
    body: { name: 'CalendarDay', schema: calendarDayBody, example: { kind: 'closure', name: 'Libur lokal HUT Kota Medan' } },
    responses: { 200: object('Saved (or, on a dry run, what it would do).', { ...outcome, day: { ...day, type: ['object', 'null'] } }) },
  }),
  op({
    method: 'delete',
    path: '/api/v1/admin/calendar/days/:date',
    operationId: 'admin_calendar_day_remove',
    summary: 'Take a day off the list: a working day after all',
    params: dateParam,
    queryParams: [dryRun],
    responses: { 200: object('Removed (or, on a dry run, what it would do).', { ...outcome, day: { type: 'null' } }), 400: 'BadRequest', 404: 'NotFound' },
  }),
  op({
    method: 'post',
    path: '/api/v1/admin/calendar/import',
    operationId: 'admin_calendar_import',
    summary: "Import a year's official list (JSON as shared/reference/holidays-id-<year>.json, or CSV date,kind,name)",
    description: 'The answer lists the difference (added, changed, removed); with `?dryRun=1` nothing is stored, so the screen shows it before applying.',
    queryParams: [dryRun],
    body: { name: 'CalendarImport', schema: calendarImportBody, example: { format: 'csv', content: 'date,kind,name\n2027-01-01,national,Tahun Baru 2027 Masehi\n' } },
    responses: {
      200: object('Imported (or, on a dry run, what it would do).', {
        ...outcome,
        diff,
      }),
    },
  }),
];
