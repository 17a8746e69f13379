import { describe, expect, it } from 'vitest';
import { ACCESS, actorName, can, mayEmit, mayJoinRoom, mayReadOpd, opdScope, PAGE_ROLES, ROLES, ROOM_ROLES, type Principal, type Role } from '../../../server/auth/roles.ts';

const user = (roles: Role[], opdCode: string | null = null): Principal => ({
  kind: 'user',
  userId: 'u1',
  username: 'budi',
  roles,
  opdCode,
  sessionId: 's1',
  sessionExpiresAt: new Date(0),
});
const wall: Principal = { kind: 'display', tokenId: 't1', tokenPrefix: 'pdt_abcd', deviceId: 'd1234567-x', label: 'Lobi', screenName: null, roles: ['wall'] };

describe('access table', () => {
  it('gives each permission to exactly the roles of the issue', () => {
    const holders = (p: keyof typeof ACCESS) => ROLES.filter((r) => can(user([r]), p));
    expect(holders('live:read')).toEqual([...ROLES]);
    expect(holders('reference:read')).toEqual([...ROLES]);
    expect(holders('timeliness:read')).toEqual(['pimpinan', 'teknisi', 'operator', 'admin']);
    expect(holders('report:read')).toEqual(['pimpinan', 'admin']);
    expect(holders('complaint:read')).toEqual(['pimpinan', 'operator', 'admin']);
    expect(holders('complaint:reporter')).toEqual(['operator', 'admin']);
    expect(holders('complaint:act')).toEqual(['operator']);
    expect(holders('incident:read')).toEqual(['pimpinan', 'teknisi', 'operator', 'admin']);
    expect(holders('incident:act')).toEqual(['teknisi']);
    for (const p of ['admin:users', 'admin:keys', 'admin:displays', 'admin:audit', 'metrics:read'] as const) expect(holders(p)).toEqual(['admin']);
  });

  it('never lets a wall screen read beyond the live view and reference data', () => {
    const allowed = (Object.keys(ACCESS) as (keyof typeof ACCESS)[]).filter((p) => can(wall, p));
    expect(allowed).toEqual(['live:read', 'reference:read']);
    expect(can(null, 'reference:read')).toBe(false);
  });

  it('combines roles: a user with several roles has the union', () => {
    expect(can(user(['teknisi', 'operator']), 'complaint:reporter')).toBe(true);
    expect(can(user(['teknisi', 'operator']), 'admin:users')).toBe(false);
  });
});

describe('rooms and socket events', () => {
  it('lets every principal join the wall room, nobody an unknown room', () => {
    for (const r of ROLES) expect(mayJoinRoom(user([r]), 'wall')).toBe(true);
    expect(mayJoinRoom(wall, 'wall')).toBe(true);
    expect(mayJoinRoom(null, 'wall')).toBe(false);
    for (const room of ['admin', '__proto__', 'constructor', 'toString', '']) expect(mayJoinRoom(user(['admin']), room)).toBe(false);
    expect(Object.keys(ROOM_ROLES)).toEqual(['wall']);
  });

  it('allows only listed events, by role, and never a write event from a display', () => {
    expect(mayEmit(wall, 'subscribe')).toBe(true);
    expect(mayEmit(wall, 'resync')).toBe(true);
    for (const e of ['incident:acknowledge', 'dispatch', '__proto__', 'hasOwnProperty', '']) {
      expect(mayEmit(wall, e)).toBe(false);
      expect(mayEmit(user(['admin', 'teknisi', 'operator']), e)).toBe(false);
    }
    // When a write event is added, it goes to its roles; a display is refused even if listed.
    const rules = { subscribe: ROLES, 'incident:acknowledge': ['teknisi', 'wall'] as Role[] };
    expect(mayEmit(user(['teknisi']), 'incident:acknowledge', rules)).toBe(true);
    expect(mayEmit(user(['operator']), 'incident:acknowledge', rules)).toBe(false);
    expect(mayEmit(wall, 'incident:acknowledge', rules)).toBe(false);
    expect(mayEmit(null, 'subscribe')).toBe(false);
  });
});

describe('OPD scope, pages and actors', () => {
  it('restricts OPD-scoped users to their OPD', () => {
    expect(opdScope(user(['operator'], 'DLH'))).toBe('DLH');
    expect(opdScope(user(['operator']))).toBeNull();
    expect(opdScope(wall)).toBeNull();
    expect(mayReadOpd(user(['operator'], 'DLH'), 'DLH')).toBe(true);
    expect(mayReadOpd(user(['operator'], 'DLH'), 'DISHUB')).toBe(false);
    expect(mayReadOpd(user(['operator'], 'DLH'), null)).toBe(false);
    expect(mayReadOpd(user(['pimpinan']), 'DISHUB')).toBe(true);
  });

  it('has a rule for every screen', () => {
    expect(PAGE_ROLES['/admin']).toEqual(['admin']);
    expect(PAGE_ROLES['/wall']).toEqual(ROLES);
    expect(PAGE_ROLES['/teknisi']).toContain('teknisi');
    expect(PAGE_ROLES['/pimpinan']).toContain('pimpinan');
  });

  it('names actors for the audit log', () => {
    expect(actorName(user(['admin']))).toBe('budi');
    expect(actorName(wall)).toBe('display:pdt_abcd/d1234567');
    expect(actorName(null)).toBe('anonymous');
  });
});
