import { AccessError, AccessErrorCode } from './access.errors';
import { Actor, Role, ROLES } from './actor';
import { Permission, PERMISSIONS } from './permissions';
import { PolicyService } from './policy.service';
import { UnitTreeRepository } from './unit-tree.repository';

// Only the pure methods are exercised here; the scope queries are covered by the e2e tests.
const policy = new PolicyService({} as UnitTreeRepository);

const actor = (roles: Role[], overrides: Partial<Actor> = {}): Actor => ({
  id: '7',
  username: 'someone',
  roles,
  orgUnitId: '12',
  unitPath: '1.5.12',
  ...overrides,
});

/** Who may try what, written out by hand: a change to PERMISSIONS must change this table too. */
const EXPECTED: Record<Permission, Record<Role, boolean>> = {
  'me:read': { collaborator: true, secretariat: true, leader: true, admin: true },
  'me:write': { collaborator: true, secretariat: true, leader: true, admin: true },
  'org-units:read': { collaborator: true, secretariat: true, leader: true, admin: true },
  'org-units:write': { collaborator: false, secretariat: false, leader: false, admin: true },
  'users:read': { collaborator: false, secretariat: true, leader: true, admin: true },
  'users:write': { collaborator: false, secretariat: true, leader: false, admin: true },
  'teams:read': { collaborator: false, secretariat: true, leader: true, admin: true },
  'teams:write': { collaborator: false, secretariat: true, leader: false, admin: true },
  'jobs:read': { collaborator: true, secretariat: true, leader: true, admin: true },
  'audit:read': { collaborator: false, secretariat: false, leader: false, admin: true },
  'system:read': { collaborator: false, secretariat: false, leader: false, admin: true },
  'admin-queues:open': { collaborator: false, secretariat: false, leader: false, admin: true },
  'contents:read': { collaborator: true, secretariat: true, leader: true, admin: true },
  'contents:write': { collaborator: false, secretariat: true, leader: false, admin: true },
  'tasks:read': { collaborator: true, secretariat: true, leader: true, admin: true },
  'tasks:write': { collaborator: false, secretariat: true, leader: false, admin: true },
  'assignments:own': { collaborator: true, secretariat: true, leader: true, admin: true },
  'assignments:read': { collaborator: false, secretariat: true, leader: true, admin: true },
  'actions:read': { collaborator: true, secretariat: true, leader: true, admin: true },
  'actions:write': { collaborator: true, secretariat: true, leader: true, admin: true },
  'surveys:read': { collaborator: true, secretariat: true, leader: true, admin: true },
  'surveys:write': { collaborator: false, secretariat: true, leader: false, admin: true },
  'questionnaires:read': { collaborator: false, secretariat: true, leader: true, admin: true },
  'questionnaires:write': { collaborator: true, secretariat: true, leader: false, admin: true },
  'directives:read': { collaborator: false, secretariat: true, leader: true, admin: true },
  'directives:write': { collaborator: false, secretariat: true, leader: false, admin: true },
  'targets:read': { collaborator: false, secretariat: true, leader: true, admin: true },
  'targets:write': { collaborator: false, secretariat: true, leader: false, admin: true },
  'stats:read': { collaborator: false, secretariat: true, leader: true, admin: true },
  'stats:export': { collaborator: false, secretariat: true, leader: true, admin: true },
  'report-templates:read': { collaborator: false, secretariat: true, leader: false, admin: true },
  'report-templates:write': { collaborator: false, secretariat: true, leader: false, admin: true },
  'progress:own': { collaborator: true, secretariat: true, leader: true, admin: true },
  'reports:read': { collaborator: true, secretariat: true, leader: true, admin: true },
  'reports:write': { collaborator: true, secretariat: true, leader: false, admin: true },
  'evidence:read': { collaborator: true, secretariat: true, leader: true, admin: true },
  'evidence:write': { collaborator: true, secretariat: true, leader: false, admin: true },
  'pages:read': { collaborator: true, secretariat: true, leader: true, admin: true },
  'pages:review': { collaborator: false, secretariat: true, leader: false, admin: true },
  'pages:package': { collaborator: false, secretariat: true, leader: true, admin: true },
};

describe('PolicyService', () => {
  describe('allows', () => {
    it('has an expectation for every permission in the table, and no more', () => {
      expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(PERMISSIONS).sort());
    });

    const cases = (Object.keys(EXPECTED) as Permission[]).flatMap((permission) =>
      ROLES.map((role) => [permission, role, EXPECTED[permission][role]] as const),
    );
    it.each(cases)('%s for a %s is %s', (permission, role, expected) => {
      expect(policy.allows({ roles: [role] }, permission)).toBe(expected);
    });

    it('allows when any one of several roles holds the permission', () => {
      expect(policy.allows({ roles: ['collaborator', 'leader'] }, 'users:read')).toBe(true);
      expect(policy.allows({ roles: ['collaborator', 'leader'] }, 'users:write')).toBe(false);
      expect(policy.allows({ roles: ['leader', 'secretariat'] }, 'teams:write')).toBe(true);
    });

    it('allows nothing to a user without roles', () => {
      for (const permission of Object.keys(PERMISSIONS) as Permission[]) {
        expect(policy.allows({ roles: [] }, permission)).toBe(false);
      }
    });
  });

  describe('scopeOf', () => {
    it.each<[string, Role[], unknown]>([
      ['admin', ['admin'], { kind: 'all' }],
      ['admin with every other role', ['collaborator', 'leader', 'secretariat', 'admin'], { kind: 'all' }],
      ['admin listed first', ['admin', 'collaborator'], { kind: 'all' }],
      ['secretariat', ['secretariat'], { kind: 'subtree', path: '1.5.12' }],
      ['leader', ['leader'], { kind: 'subtree', path: '1.5.12' }],
      ['secretariat and leader', ['secretariat', 'leader'], { kind: 'subtree', path: '1.5.12' }],
      ['collaborator and secretariat', ['collaborator', 'secretariat'], { kind: 'subtree', path: '1.5.12' }],
      ['collaborator and leader', ['collaborator', 'leader'], { kind: 'subtree', path: '1.5.12' }],
      ['collaborator', ['collaborator'], { kind: 'unit', unitId: '12' }],
    ])('%s', (_case, roles, expected) => {
      expect(policy.scopeOf(actor(roles))).toEqual(expected);
    });

    it('uses the actor’s own unit path, not a fixed one', () => {
      expect(policy.scopeOf(actor(['leader'], { unitPath: '3.9', orgUnitId: '9' }))).toEqual({
        kind: 'subtree',
        path: '3.9',
      });
      expect(policy.scopeOf(actor(['collaborator'], { unitPath: '3.9', orgUnitId: '9' }))).toEqual({
        kind: 'unit',
        unitId: '9',
      });
    });
  });

  describe('assertCanGrant', () => {
    const refusal = (caller: Actor, roles: Role[]): AccessError | null => {
      try {
        policy.assertCanGrant(caller, roles);
        return null;
      } catch (error) {
        expect(error).toBeInstanceOf(AccessError);
        return error as AccessError;
      }
    };

    it.each<[Role[]]>([[['collaborator']], [['secretariat']], [['leader']], [['admin']], [['admin', 'secretariat']]])(
      'lets an admin grant %j',
      (roles) => {
        expect(refusal(actor(['admin']), roles)).toBeNull();
      },
    );

    it('lets a secretariat grant collaborator', () => {
      expect(refusal(actor(['secretariat']), ['collaborator'])).toBeNull();
      expect(refusal(actor(['secretariat']), [])).toBeNull();
    });

    it.each<[Role[], string]>([
      [['secretariat'], 'secretariat'],
      [['leader'], 'leader'],
      [['admin'], 'admin'],
      [['collaborator', 'leader'], 'leader'],
    ])('forbids a secretariat to grant %j, naming %s', (roles, named) => {
      const error = refusal(actor(['secretariat', 'leader']), roles);
      expect(error).not.toBeNull();
      expect(error?.code).toBe(AccessErrorCode.Forbidden);
      expect(error?.field).toBe('roles');
      expect(error?.message).toContain(named);
      expect(error?.message).not.toContain('collaborator');
    });

    it('forbids a leader or collaborator to grant anything above collaborator', () => {
      expect(refusal(actor(['leader']), ['leader'])?.code).toBe(AccessErrorCode.Forbidden);
      expect(refusal(actor(['collaborator']), ['secretariat'])?.code).toBe(AccessErrorCode.Forbidden);
    });
  });

  describe('assertCanReadJob', () => {
    it('lets the creator read their job', () => {
      expect(() => policy.assertCanReadJob(actor(['secretariat'], { id: '7' }), { createdBy: '7' })).not.toThrow();
      expect(() => policy.assertCanReadJob(actor(['collaborator'], { id: '7' }), { createdBy: '7' })).not.toThrow();
    });

    it('lets an admin read anyone’s job, and system jobs', () => {
      expect(() => policy.assertCanReadJob(actor(['admin'], { id: '1' }), { createdBy: '7' })).not.toThrow();
      expect(() => policy.assertCanReadJob(actor(['admin'], { id: '1' }), { createdBy: null })).not.toThrow();
    });

    it.each<[string, Role[], string | null]>([
      ['another secretariat', ['secretariat'], '8'],
      ['a leader above the creator', ['leader', 'secretariat'], '8'],
      ['a collaborator', ['collaborator'], '8'],
      ['anyone but an admin, for a system job', ['secretariat', 'leader'], null],
    ])('answers 404 (not 403) to %s', (_case, roles, createdBy) => {
      let thrown: unknown;
      try {
        policy.assertCanReadJob(actor(roles, { id: '7' }), { createdBy });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(AccessError);
      expect((thrown as AccessError).code).toBe(AccessErrorCode.NotFound);
    });
  });
});
