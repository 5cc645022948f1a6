import { describe, expect, it } from 'vitest';
import type { Hospital, User } from '../../client/src/api-types.js';
import { formToInput, formToPatch, hospitalToForm } from '../../client/src/features/hospitals/hospital-form.js';
import { formToUserInput, formToUserPatch, userToForm } from '../../client/src/features/users/user-form.js';
import { hospitalCreateSchema, hospitalUpdateSchema } from '../../server/features/admin/hospitals.schemas.js';
import { userCreateSchema, userUpdateSchema } from '../../server/features/admin/users.schemas.js';

/**
 * One API contract (decision 0017): what the client's forms send is what the server's schemas
 * accept. The types say so at compile time; this runs the same mappers and the same schemas, so a
 * body the server would refuse with a 400 fails here first.
 */
const hospital: Hospital = {
  id: '0123456789abcdef01234567',
  code: 'BVDKLC',
  name: 'Bệnh viện Đa khoa tỉnh Lào Cai',
  province: { current: 'Lào Cai', old: 'Lào Cai' },
  level: 'provincial',
  socialWorkUnit: 'phong',
  fhir: { baseUrl: 'https://fhir.bvdklc.example.vn/fhir', authType: 'basic', enabled: true, writeBack: false, timeoutMs: 10_000, hasSecret: true },
  active: true,
  createdAt: '2026-01-05T02:00:00.000Z',
  updatedAt: '2026-01-05T02:00:00.000Z',
};

const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string[] =>
  r.success ? [] : (r.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('the hospital form sends what the hospital schemas accept', () => {
  it('a new hospital', () => {
    const values = { ...hospitalToForm(null), code: 'BVHG', name: 'Bệnh viện Đa khoa tỉnh Hà Giang', province: { current: 'Tuyên Quang', old: 'Hà Giang' } };
    expect(issues(hospitalCreateSchema.safeParse(formToInput(values)))).toEqual([]);
  });

  it('an edit never sends the code, which the API does not change (it answered 400 unrecognized key)', () => {
    const values = { ...hospitalToForm(hospital), code: 'BVLC2', name: 'Bệnh viện Đa khoa Lào Cai' };
    const patch = formToPatch(values, hospital);
    expect(issues(hospitalUpdateSchema.safeParse(patch))).toEqual([]);
    expect(patch).toEqual({ name: 'Bệnh viện Đa khoa Lào Cai' });
  });

  it('an edit of the FHIR link with a typed secret', () => {
    const values = hospitalToForm(hospital);
    const patch = formToPatch({ ...values, fhir: { ...values.fhir, username: ' ctxh ', password: 'a secret of 16+ chars' } }, hospital);
    expect(issues(hospitalUpdateSchema.safeParse(patch))).toEqual([]);
    expect(patch.fhir).toMatchObject({ username: 'ctxh', password: 'a secret of 16+ chars' });
  });
});

describe('the user form sends what the user schemas accept', () => {
  const user: User = {
    id: '0123456789abcdef01234568',
    username: 'ctxh.bvdklc',
    displayName: 'Nguyễn Thị Hoa',
    email: null,
    role: 'social_worker',
    locale: 'vi',
    hospital: { id: hospital.id, code: hospital.code, name: hospital.name },
    organisation: null,
    disabled: false,
    lockedUntil: null,
    lastLoginAt: null,
    createdAt: '2026-01-05T02:00:00.000Z',
  };

  it('a new social worker', () => {
    const values = { ...userToForm(null), username: 'ctxh2.bvdklc', displayName: 'Lò Văn Minh', hospitalId: hospital.id, password: 'NhipCau-test-2026' };
    expect(issues(userCreateSchema.safeParse(formToUserInput(values)))).toEqual([]);
  });

  it('a social worker who becomes a coordinator leaves the hospital', () => {
    const patch = formToUserPatch({ ...userToForm(user), role: 'coordinator' }, user);
    expect(issues(userUpdateSchema.safeParse(patch))).toEqual([]);
    expect(patch).toEqual({ role: 'coordinator', hospitalId: null });
  });
});
