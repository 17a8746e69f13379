// The city's configuration without SQL (issue 15): OPD, routing rules with "try a complaint",
// datasets and their upload schedules. What an admin changes is validated field by field, audited,
// and applies from the change on: a changed schedule moves the next due period, never one whose
// deadline has passed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { call, loginAs, postEvents, startTestServer, waitFor, type LoggedIn, type TestServer } from '../support/test-env.ts';

let server: TestServer;
let sql: postgres.Sql;
let admin: LoggedIn;

const A = () => `${server.url}/api/v1/admin`;
const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();
const DAY = 86_400_000;
/** The WIB date of an instant, e.g. 2026-12-05. */
const wibDate = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 10);
/** One OPD's row of a timeliness report (the single-OPD report answers with the row itself). */
const rowOf = (body: { opd: unknown }, code: string): any => (Array.isArray(body.opd) ? body.opd.find((o: { opd: { code: string } }) => o.opd.code === code) : body);

beforeAll(async () => {
  server = await startTestServer();
  sql = postgres(server.db.url, { max: 2, onnotice: () => {} });
  admin = await loginAs(server, ['admin']);
});
afterAll(async () => {
  await sql?.end();
  await server?.stop();
});

async function auditOf(target: string) {
  const res = await call(`${A()}/audit?action=config.update&pageSize=200`, { headers: admin.headers });
  return (res.body.entries as { target: string; before: any; after: any; actor: string }[]).filter((e) => e.target === target);
}

describe('datasets and upload schedules', () => {
  it('a changed schedule moves the next due period and not a judged one', async () => {
    const list = await call(`${A()}/datasets`, { headers: admin.headers });
    expect(list.status).toBe(200);
    const ds = list.body.datasets.find((d: { opd: string; code: string }) => d.opd === 'DISKOMINFO' && d.code === 'statistik-aduan-harian');
    expect(ds.schedule).toMatchObject({ kind: 'daily', dueTime: '23:59' });
    expect(ds.nextDeadlines).toHaveLength(5);
    expect(ds.nextDeadlines[0].period).toMatch(/^\d{4}-\d\d-\d\d$/);

    // A late upload for the day three days ago, before the change.
    const now = Date.now();
    const threeDaysAgo = wibDate(now - 3 * DAY);
    const twoDaysAgo = wibDate(now - 2 * DAY);
    const late = { source: 'demo', externalId: `cfg-late-${now}`, occurredAt: new Date(now - 2 * DAY).toISOString(), opd: 'DISKOMINFO', dataset: 'statistik-aduan-harian', period: { start: threeDaysAgo, end: threeDaysAgo } };
    expect((await postEvents(server.url, 'uploads', { events: [late] })).status).toBe(202);
    await waitFor(async () => (await sql`select 1 from upload_records where external_id = ${late.externalId}`).length > 0);

    const from = new Date(now - 10 * DAY).toISOString();
    const to = new Date(now - 60_000).toISOString();
    const report = async () => {
      const r = await call(`${server.url}/api/v1/opd/DISKOMINFO/timeliness?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, { headers: admin.headers });
      expect(r.status).toBe(200);
      const row = rowOf(r.body, 'DISKOMINFO');
      return (row.uploads.explain.periods as { dataset: string; period: string; deadline: string; status: string }[]).filter((p) => p.dataset === 'statistik-aduan-harian');
    };
    const judgedBefore = await report();
    expect(judgedBefore.length).toBeGreaterThanOrEqual(9);
    expect(judgedBefore.find((p) => p.period === threeDaysAgo)?.status).toBe('late');
    expect(judgedBefore.find((p) => p.period === twoDaysAgo)?.status).toBe('missing');

    // The preview says what the new schedule's next deadlines would be, beside the current ones.
    const weekly = { kind: 'weekly', weekday: 5, dueTime: '12:00' };
    const preview = await call(`${A()}/datasets/preview`, { method: 'POST', headers: admin.headers, body: { schedule: weekly, datasetId: ds.id } });
    expect(preview.status).toBe(200);
    expect(preview.body.deadlines).toHaveLength(5);
    expect(preview.body.deadlines[0].period).toMatch(/^\d{4}-W\d\d$/);
    expect(preview.body.current[0].period).toBe(ds.nextDeadlines[0].period);
    // Fridays 12:00 WIB = 05:00Z.
    for (const d of preview.body.deadlines) expect(new Date(d.deadline).getUTCHours()).toBe(5);

    const changed = await call(`${A()}/datasets/${ds.id}`, { method: 'PATCH', headers: admin.headers, body: { schedule: weekly } });
    expect(changed.status).toBe(200);
    expect(changed.body.dataset.schedule).toMatchObject(weekly);
    expect(changed.body.dataset.nextDeadlines[0]).toEqual(preview.body.deadlines[0]);
    expect(changed.body.dataset.previousSchedules[0].schedule).toMatchObject({ kind: 'daily', dueTime: '23:59' });

    // Judged periods keep their deadlines and verdicts: the same daily periods, not weekly ones.
    expect(await report()).toEqual(judgedBefore);

    // The processor judges a new upload with the schedule in force at its period's deadline and
    // stamps the rule version: a late upload for a judged day is late by that day's deadline; one
    // naming no period fulfils the next (weekly) period.
    const [version] = await sql`select id, kind, target, summary from rule_versions order by id desc limit 1`;
    expect(version).toMatchObject({ kind: 'schedule', target: ds.id });
    expect(version.summary).toContain('mingguan');
    const catchUp = { ...late, externalId: `cfg-catchup-${now}`, occurredAt: new Date().toISOString(), period: { start: twoDaysAgo, end: twoDaysAgo } };
    const fresh = { source: 'demo', externalId: `cfg-fresh-${now}`, occurredAt: new Date().toISOString(), opd: 'DISKOMINFO', dataset: 'statistik-aduan-harian' };
    expect((await postEvents(server.url, 'uploads', { events: [catchUp, fresh] })).status).toBe(202);
    const rows = await waitFor(async () => {
      const r = await sql`select external_id, period_key, deadline_at, on_time, rules_version from upload_records where external_id in ${sql([catchUp.externalId, fresh.externalId])}`;
      return r.length === 2 ? r : null;
    });
    const byId = Object.fromEntries(rows.map((r) => [r.external_id, r]));
    expect(byId[catchUp.externalId]).toMatchObject({ period_key: twoDaysAgo, on_time: false, rules_version: Number(version.id) });
    expect(new Date(byId[catchUp.externalId].deadline_at).toISOString()).toBe(judgedBefore.find((p) => p.period === twoDaysAgo)!.deadline);
    expect(byId[fresh.externalId]).toMatchObject({ period_key: changed.body.dataset.nextDeadlines[0].period, on_time: true, rules_version: Number(version.id) });

    const [entry] = await auditOf('dataset:DISKOMINFO/statistik-aduan-harian');
    expect(entry).toMatchObject({ actor: admin.username, before: { schedule: { kind: 'daily' } }, after: { schedule: { kind: 'weekly', weekday: 5 } } });
  });

  it('creates a dataset due from now on, and names every bad field at once', async () => {
    const bad = await call(`${A()}/datasets`, {
      method: 'POST',
      headers: admin.headers,
      body: { opd: 'NOPE', code: 'Bad Code', name: '', schedule: { kind: 'daily', dueTime: '25:00' } },
    });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['code', 'name', 'opd', 'schedule.dueTime']);
    const dueTime = bad.body.errors.find((e: { field: string }) => e.field === 'schedule.dueTime');
    expect(dueTime.message).toContain('JJ:MM');
    expect((await sql`select count(*)::int as n from datasets where code = 'bad code' or opd_code = 'NOPE'`)[0].n).toBe(0);

    const created = await call(`${A()}/datasets`, {
      method: 'POST',
      headers: admin.headers,
      body: { opd: 'DLH', code: 'volume-sampah-bulanan', name: 'Volume sampah bulanan', schedule: { kind: 'monthly', dayOfMonth: 31, dueTime: '16:00' } },
    });
    expect(created.status).toBe(201);
    expect(created.body.dataset.scheduleFrom).not.toBeNull();
    expect(created.body.dataset.nextDeadlines[0].period).toMatch(/^\d{4}-\d\d$/);
    const dup = await call(`${A()}/datasets`, { method: 'POST', headers: admin.headers, body: { opd: 'DLH', code: 'volume-sampah-bulanan', name: 'Lagi', schedule: { kind: 'adhoc' } } });
    expect(dup.status).toBe(400);
    expect(fields(dup.body)).toEqual(['code']);

    // A new dataset is not missing the months before it existed.
    const r = await call(`${server.url}/api/v1/opd/DLH/timeliness`, { headers: admin.headers });
    const periods = rowOf(r.body, 'DLH').uploads.explain.periods;
    expect(periods.filter((p: { dataset: string }) => p.dataset === 'volume-sampah-bulanan')).toEqual([]);

    const off = await call(`${A()}/datasets/${created.body.dataset.id}`, { method: 'PATCH', headers: admin.headers, body: { active: false } });
    expect(off.status).toBe(200);
    expect(off.body.dataset).toMatchObject({ active: false, nextDeadlines: [] });
  });
});

describe('routing rules', () => {
  it('"try a complaint" names the rule that fires and why the others were passed over', async () => {
    const created = await call(`${A()}/routing-rules`, {
      method: 'POST',
      headers: admin.headers,
      body: { category: 'sampah', targetKind: 'opd', targetCode: 'PERKIMCIKATARU', kecamatan: 'Medan Kota', keywords: ['pasar', ' pasar ', 'Pasar'] },
    });
    expect(created.status).toBe(201);
    const rule = created.body.rule;
    expect(rule).toMatchObject({ category: 'sampah', keywords: ['pasar'], specificity: 'category+kecamatan+keyword', order: 1 });
    expect(rule.kecamatan).not.toBeNull();

    const fires = await call(`${A()}/routing-rules/try`, { method: 'POST', headers: admin.headers, body: { category: 'sampah', kecamatan: 'Medan Kota', text: 'Sampah menumpuk di Pasar Sukaramai' } });
    expect(fires.status).toBe(200);
    expect(fires.body).toMatchObject({ routed: true, ruleId: rule.id, target: { kind: 'opd', code: 'PERKIMCIKATARU' } });
    expect(fires.body.explanation.id).toContain('"pasar"');
    const passed = fires.body.rules.find((r: { id: string }) => r.id === 'default:sampah');
    expect(passed).toMatchObject({ verdict: 'passed_over', targetCode: 'DLH' });
    expect(passed.reason.en).toContain(`rule ${rule.id} is more specific`);

    const elsewhere = await call(`${A()}/routing-rules/try`, { method: 'POST', headers: admin.headers, body: { category: 'sampah', kecamatan: 'Medan Johor', text: 'Sampah di pasar' } });
    expect(elsewhere.body.ruleId).toBe('default:sampah');
    const skipped = elsewhere.body.rules.find((r: { id: string }) => r.id === rule.id);
    expect(skipped.verdict).toBe('not_matching');
    expect(skipped.reason.en).toContain('not Medan Johor');

    // The rule as being edited, before it is saved.
    const draft = await call(`${A()}/routing-rules/try`, {
      method: 'POST',
      headers: admin.headers,
      body: { category: 'sampah', kecamatan: 'Medan Kota', text: 'Sampah di terminal', draft: { id: rule.id, category: 'sampah', targetKind: 'opd', targetCode: 'DISHUB', kecamatan: 'Medan Kota', keywords: ['terminal'] } },
    });
    expect(draft.body).toMatchObject({ ruleId: rule.id, target: { code: 'DISHUB' } });
    expect(draft.body.rules.find((r: { id: string }) => r.id === rule.id).draft).toBe(true);
    expect((await call(`${A()}/routing-rules`, { headers: admin.headers })).body.rules.find((r: { id: string }) => r.id === rule.id).targetCode).toBe('PERKIMCIKATARU');

    // A change: audited, a rule version, and the next complaint is routed by it.
    const edited = await call(`${A()}/routing-rules/${rule.id}`, { method: 'PUT', headers: admin.headers, body: { category: 'sampah', targetKind: 'opd', targetCode: 'DISHUB', kecamatan: 'Medan Kota', keywords: ['terminal'] } });
    expect(edited.status).toBe(200);
    const [entry] = await auditOf(`routing-rule:${rule.id}`);
    expect(entry).toMatchObject({ before: { target: { code: 'PERKIMCIKATARU' } }, after: { target: { code: 'DISHUB' }, keywords: ['terminal'] } });
    const [version] = await sql`select kind, target from rule_versions order by id desc limit 1`;
    expect(version).toEqual({ kind: 'routing', target: rule.id });

    const del = await call(`${A()}/routing-rules/${rule.id}`, { method: 'DELETE', headers: admin.headers });
    expect(del.status).toBe(200);
    expect((await auditOf(`routing-rule:${rule.id}`))[0]).toMatchObject({ after: null });
  });

  it('names every bad field of a rule at once and stores nothing', async () => {
    const before = (await sql`select count(*)::int as n from routing_rules`)[0].n;
    const bad = await call(`${A()}/routing-rules`, {
      method: 'POST',
      headers: admin.headers,
      body: { category: 'tidak-ada', targetKind: 'external', targetCode: 'DLH', kecamatan: 'Atlantis', keywords: [''], priority: 1.5 },
    });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['category', 'kecamatan', 'keywords[0]', 'priority', 'targetCode']);
    expect((await sql`select count(*)::int as n from routing_rules`)[0].n).toBe(before);

    // Same conditions and order as the default rule, another target: a coin toss, refused.
    const tie = await call(`${A()}/routing-rules`, { method: 'POST', headers: admin.headers, body: { category: 'sampah', targetKind: 'opd', targetCode: 'DISHUB' } });
    expect(tie.status).toBe(400);
    expect(fields(tie.body)).toEqual(['priority']);
  });

  it('reorders equally specific rules', async () => {
    const a = await call(`${A()}/routing-rules`, { method: 'POST', headers: admin.headers, body: { category: 'sampah', targetKind: 'opd', targetCode: 'DISHUB', keywords: ['terminal'] } });
    const b = await call(`${A()}/routing-rules`, { method: 'POST', headers: admin.headers, body: { category: 'sampah', targetKind: 'opd', targetCode: 'PERKIMCIKATARU', keywords: ['taman'], priority: 5 } });
    const ids = (await call(`${A()}/routing-rules`, { headers: admin.headers })).body.rules.filter((r: { category: string }) => r.category === 'sampah').map((r: { id: string }) => r.id);
    expect(ids).toEqual([b.body.rule.id, a.body.rule.id, 'default:sampah']);
    const re = await call(`${A()}/routing-rules/reorder`, { method: 'POST', headers: admin.headers, body: { category: 'sampah', ids: [a.body.rule.id, b.body.rule.id, 'default:sampah'] } });
    expect(re.status).toBe(200);
    expect(re.body.rules.map((r: { id: string }) => r.id)).toEqual([a.body.rule.id, b.body.rule.id, 'default:sampah']);
    const tried = await call(`${A()}/routing-rules/try`, { method: 'POST', headers: admin.headers, body: { category: 'sampah', text: 'sampah di taman dekat terminal' } });
    expect(tried.body.ruleId).toBe(a.body.rule.id);
    expect(tried.body.rules.find((r: { id: string }) => r.id === b.body.rule.id).reason.en).toContain('comes first');
    const wrong = await call(`${A()}/routing-rules/reorder`, { method: 'POST', headers: admin.headers, body: { category: 'sampah', ids: [a.body.rule.id] } });
    expect(wrong.status).toBe(400);
  });
});

describe('OPD', () => {
  it('creates, edits and deactivates an OPD, saying what depends on it', async () => {
    const bad = await call(`${A()}/opd`, { method: 'POST', headers: admin.headers, body: { code: 'upt kecil', name: '', kind: 'lain', parent: 'NOPE' } });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['code', 'name', 'parent']);
    const taken = await call(`${A()}/opd`, { method: 'POST', headers: admin.headers, body: { code: 'DLH', name: 'Lagi', kind: 'dinas' } });
    expect(fields(taken.body)).toEqual(['code']);

    const created = await call(`${A()}/opd`, { method: 'POST', headers: admin.headers, body: { code: 'UPT-PARKIR', name: 'UPT Perparkiran', shortName: 'UPT Parkir', kind: 'lain', parent: 'DISHUB' } });
    expect(created.status).toBe(201);
    expect(created.body.opd).toMatchObject({ code: 'UPT-PARKIR', parent: 'DISHUB', active: true });
    // On every node's reference data at once (the public reference the screens read).
    const ref = await call(`${server.url}/api/v1/reference`, { headers: admin.headers });
    expect(ref.body.opd.map((o: { code: string }) => o.code)).toContain('UPT-PARKIR');

    const loop = await call(`${A()}/opd/DISHUB`, { method: 'PATCH', headers: admin.headers, body: { parent: 'UPT-PARKIR' } });
    expect(loop.status).toBe(400);
    expect(fields(loop.body)).toEqual(['parent']);
    const renamed = await call(`${A()}/opd/UPT-PARKIR`, { method: 'PATCH', headers: admin.headers, body: { shortName: 'Parkir' } });
    expect(renamed.body.opd.shortName).toBe('Parkir');

    // Still the target of routing rules: refused, naming them.
    const inUse = await call(`${A()}/opd/DLH`, { method: 'PATCH', headers: admin.headers, body: { active: false } });
    expect(inUse.status).toBe(409);
    expect(inUse.body.rules).toContain('default:sampah');

    const ds = await call(`${A()}/datasets`, { method: 'POST', headers: admin.headers, body: { opd: 'UPT-PARKIR', code: 'retribusi-harian', name: 'Retribusi parkir harian', schedule: { kind: 'daily', dueTime: '20:00' } } });
    expect(ds.status).toBe(201);
    const listed = (await call(`${A()}/opd`, { headers: admin.headers })).body.opd.find((o: { code: string }) => o.code === 'UPT-PARKIR');
    expect(listed.uses).toMatchObject({ activeDatasets: 1, routingRules: 0 });
    const off = await call(`${A()}/opd/UPT-PARKIR`, { method: 'PATCH', headers: admin.headers, body: { active: false } });
    expect(off.status).toBe(200);
    expect(off.body.opd.active).toBe(false);
    expect((await sql`select active from datasets where id = ${ds.body.dataset.id}`)[0].active).toBe(false);
    const [entry] = await auditOf('opd:UPT-PARKIR');
    expect(entry).toMatchObject({ before: { active: true }, after: { active: false, datasetsDeactivated: ['retribusi-harian'] } });
    const after = await call(`${server.url}/api/v1/reference`, { headers: admin.headers });
    expect(after.body.opd.map((o: { code: string }) => o.code)).not.toContain('UPT-PARKIR');
  });
});
