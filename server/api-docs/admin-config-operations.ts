// /api/v1/admin: the city's configuration (issue 15): OPD, routing rules and "try a complaint",
// datasets and their upload schedules. Admins only; every change is audited with before and
// after, gets a rule_versions row, and reaches every node's rules within seconds.
import { datasetChangesBody, datasetPreviewBody, newDatasetBody, newOpdBody, opdChangesBody, routingReorderBody, routingRuleBody, routingTryBody } from '../admin/config-rules.ts';
import type { Answer, Operation } from './operation.ts';

const admin = { kind: 'roles' as const, roles: ['admin'] as const };
const op = (o: Omit<Operation, 'tag' | 'access'>): Operation => ({ tag: 'admin', access: admin, ...o });
const obj = (description: string): Answer => ({ description, schema: { type: 'object' } });
const invalid = { description: '`validation_failed`: every bad field in `errors`, at once; nothing is stored.', schema: 'Error' } as const;

export const adminConfigOperations: Operation[] = [
  op({ method: 'get', path: '/api/v1/admin/opd', operationId: 'admin_opd', summary: 'List OPD and external bodies, with what depends on each', responses: { 200: obj('`{ opd: OpdView[] }` (shared/admin-config-api.ts).') } }),
  op({
    method: 'post',
    path: '/api/v1/admin/opd',
    operationId: 'admin_opd_create',
    summary: 'Add an OPD or an external body',
    body: { name: 'NewOpd', schema: newOpdBody, example: { code: 'UPT-PARKIR', name: 'UPT Perparkiran', shortName: 'UPT Parkir', kind: 'lain', parent: 'DISHUB' } },
    responses: { 201: obj('`{ opd: OpdView }`.'), 400: invalid },
  }),
  op({
    method: 'patch',
    path: '/api/v1/admin/opd/:code',
    operationId: 'admin_opd_update',
    summary: 'Change or deactivate an OPD',
    description: 'Deactivating is refused (409 `opd_in_use`) while routing rules send complaints to it; its datasets stop being due with it.',
    params: { code: { description: 'OPD code.' } },
    body: { name: 'OpdChanges', schema: opdChangesBody },
    responses: { 200: obj('`{ opd: OpdView }`.'), 400: invalid, 404: 'NotFound', 409: 'Conflict' },
  }),
  op({ method: 'get', path: '/api/v1/admin/routing-rules', operationId: 'admin_routing_rules', summary: 'List routing rules, each category in the order they are tried', responses: { 200: obj('`{ rules: RoutingRuleView[] }`.') } }),
  op({
    method: 'post',
    path: '/api/v1/admin/routing-rules',
    operationId: 'admin_routing_rule_create',
    summary: 'Add a routing rule',
    body: { name: 'RoutingRule', schema: routingRuleBody, example: { category: 'sampah', targetKind: 'opd', targetCode: 'DLH', kecamatan: 'Medan Kota', keywords: ['pasar'] } },
    responses: { 201: obj('`{ rule: RoutingRuleView }`.'), 400: invalid },
  }),
  op({
    method: 'put',
    path: '/api/v1/admin/routing-rules/:id',
    operationId: 'admin_routing_rule_update',
    summary: 'Change a routing rule',
    params: { id: { description: 'Rule id.' } },
    body: { name: 'RoutingRuleChange', schema: routingRuleBody },
    responses: { 200: obj('`{ rule: RoutingRuleView }`.'), 400: invalid, 404: 'NotFound' },
  }),
  op({
    method: 'delete',
    path: '/api/v1/admin/routing-rules/:id',
    operationId: 'admin_routing_rule_delete',
    summary: 'Delete a routing rule',
    params: { id: { description: 'Rule id.' } },
    responses: { 200: obj('`{ deleted: id }`.'), 404: 'NotFound' },
  }),
  op({
    method: 'post',
    path: '/api/v1/admin/routing-rules/reorder',
    operationId: 'admin_routing_rules_reorder',
    summary: 'Set the order of a category\'s rules (among equally specific ones)',
    body: { name: 'RoutingReorder', schema: routingReorderBody },
    responses: { 200: obj('`{ rules: RoutingRuleView[] }`.'), 400: invalid },
  }),
  op({
    method: 'post',
    path: '/api/v1/admin/routing-rules/try',
    operationId: 'admin_routing_rules_try',
    summary: 'Try a complaint: which rule fires and why',
    description: 'With the saved rules, or with `draft` (the rule being edited) in place of the saved one. Stores nothing.',
    body: { name: 'RoutingTry', schema: routingTryBody, example: { category: 'sampah', kecamatan: 'Medan Kota', text: 'Sampah menumpuk di pasar' } },
    responses: { 200: obj('`RoutingTryResponse`.'), 400: invalid },
  }),
  op({ method: 'get', path: '/api/v1/admin/datasets', operationId: 'admin_datasets', summary: 'List datasets with their schedules and next deadlines', responses: { 200: obj('`{ datasets: DatasetView[] }`.') } }),
  op({
    method: 'post',
    path: '/api/v1/admin/datasets',
    operationId: 'admin_dataset_create',
    summary: 'Add a dataset with its upload schedule',
    description: 'Due from now on: periods whose deadline came before are not judged.',
    body: { name: 'NewDataset', schema: newDatasetBody, example: { opd: 'DLH', code: 'volume-sampah-bulanan', name: 'Volume sampah bulanan', schedule: { kind: 'monthly', dayOfMonth: 5, dueTime: '16:00' } } },
    responses: { 201: obj('`{ dataset: DatasetView }`.'), 400: invalid },
  }),
  op({
    method: 'patch',
    path: '/api/v1/admin/datasets/:id',
    operationId: 'admin_dataset_update',
    summary: 'Change a dataset\'s name or schedule; deactivate it',
    description: 'A new schedule applies to periods due from the change on; a period whose deadline has passed keeps the schedule it was judged with.',
    params: { id: { description: 'Dataset id.', schema: { type: 'string', format: 'uuid' } } },
    body: { name: 'DatasetChanges', schema: datasetChangesBody },
    responses: { 200: obj('`{ dataset: DatasetView }`.'), 400: invalid, 404: 'NotFound' },
  }),
  op({
    method: 'post',
    path: '/api/v1/admin/datasets/preview',
    operationId: 'admin_dataset_preview',
    summary: 'The next deadlines of a schedule being edited',
    body: { name: 'DatasetPreview', schema: datasetPreviewBody, example: { schedule: { kind: 'weekly', weekday: 5, dueTime: '12:00' } } },
    responses: { 200: obj('`DatasetPreviewResponse`.'), 400: invalid },
  }),
];
