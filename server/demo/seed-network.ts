import type { Types } from 'mongoose';
import { HospitalModel } from '../features/admin/hospitals.model.js';
import { OrganisationModel } from '../features/admin/organisations.model.js';
import { UserModel } from '../features/admin/users.model.js';
import { hashPassword } from '../features/auth/passwords.js';
import type { Role } from '../http/policy.js';
import { networkHospitals } from '../reference-data/index.js';

/**
 * The demo network: the hospitals of reference-data/network-hospitals.json, five organisations a
 * case may be referred to (a fund, an NGO, a business's fund, a shelter and a legal-aid centre,
 * each with the services it receives referrals for and its 2025 province, null = across the
 * country), and one demo user per role and tenant, all sharing the demo password.
 * Idempotent: run at every demo start; it resets demo users' passwords and lockouts.
 */
export interface DemoCredential {
  username: string;
  role: Role;
  tenant: string;
}

const ORGANISATIONS = [
  {
    slug: 'quy-yeu-thuong',
    name: 'Quỹ Nhịp Cầu Yêu Thương',
    type: 'fund',
    contact: { name: 'Phạm Thu Hà', email: 'lienhe@quyyeuthuong.example.vn', phone: '024 3868 0000' },
    fundingInterests: ['children', 'cancer', 'thalassaemia'],
    services: ['funding', 'transport'],
    province: null,
  },
  {
    slug: 'vong-tay-vung-cao',
    name: 'Tổ chức Vòng Tay Vùng Cao',
    type: 'ngo',
    contact: { name: 'Lò Văn Sơn', email: 'hotro@vongtayvungcao.example.vn', phone: '0214 382 0000' },
    fundingInterests: ['transport', 'food', 'maternal'],
    services: ['community-service', 'food', 'transport', 'psychosocial'],
    province: 'Lào Cai',
  },
  {
    slug: 'anh-duong',
    name: 'Quỹ cộng đồng Công ty Ánh Dương',
    type: 'business',
    contact: { name: 'Trần Minh Đức', email: 'csr@anhduong.example.vn', phone: '028 3910 0000' },
    fundingInterests: ['renal', 'trauma', 'housing'],
    services: ['funding'],
    province: null,
  },
  {
    slug: 'mai-am-hoa-ban',
    name: 'Mái ấm Hoa Ban Lào Cai',
    type: 'ngo',
    contact: { name: 'Giàng Thị Dở', email: 'maiam@hoaban.example.vn', phone: '0214 384 0000' },
    fundingInterests: ['children', 'housing'],
    services: ['shelter', 'food', 'psychosocial'],
    province: 'Lào Cai',
  },
  {
    slug: 'tro-giup-phap-ly',
    name: 'Trung tâm Trợ giúp pháp lý Vùng Cao Lào Cai',
    type: 'other',
    contact: { name: 'Nguyễn Văn Hùng', email: 'trogiup@phaplyvungcao.example.vn', phone: '0214 385 0000' },
    fundingInterests: [],
    services: ['legal-aid'],
    province: 'Lào Cai',
  },
] as const;

const STAFF_NAMES = ['Nguyễn Thị Lan', 'Lý Thị Mai', 'Hoàng Văn Nam', 'Vàng Thị Súa', 'Triệu Thị Hương', 'Đặng Minh Tuấn'];

export async function seedDemoNetwork(password: string): Promise<DemoCredential[]> {
  const passwordHash = await hashPassword(password);
  const credentials: DemoCredential[] = [];
  const upsertUser = async (username: string, displayName: string, role: Role, tenant: { hospitalId?: Types.ObjectId; organisationId?: Types.ObjectId }, tenantName: string) => {
    await UserModel.updateOne(
      { username },
      {
        $set: { displayName, role, hospitalId: tenant.hospitalId ?? null, organisationId: tenant.organisationId ?? null, passwordHash, failedLogins: 0, lockedUntil: null, disabled: false },
        // An address under the reserved .example domain: the demo's mails land in the capture mailbox, never outside.
        $setOnInsert: { username, email: `${username}@demo.nhipcau.example`, locale: 'vi', sessionVersion: 0 },
      },
      { upsert: true },
    );
    credentials.push({ username, role, tenant: tenantName });
  };

  for (const [i, h] of networkHospitals.entries()) {
    const hospital = await HospitalModel.findOneAndUpdate(
      { code: h.demoCode },
      {
        $set: { name: h.name, province: { current: h.province, old: h.oldProvince }, level: h.level, socialWorkUnit: h.unit },
        $setOnInsert: { code: h.demoCode, active: true },
      },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    if (!hospital) throw new Error(`demo seed: hospital ${h.demoCode} not written`);
    const slug = h.demoCode.toLowerCase();
    await upsertUser(`ctxh.${slug}`, `${STAFF_NAMES[i % STAFF_NAMES.length]} (CTXH)`, 'social_worker', { hospitalId: hospital._id }, h.name);
    await upsertUser(`truong.${slug}`, `${STAFF_NAMES[(i + 3) % STAFF_NAMES.length]} (Trưởng CTXH)`, 'sw_lead', { hospitalId: hospital._id }, h.name);
  }
  for (const o of ORGANISATIONS) {
    const { slug, ...fields } = o;
    const org = await OrganisationModel.findOneAndUpdate(
      { name: o.name },
      { $set: { ...fields, fundingInterests: [...o.fundingInterests], services: [...o.services] }, $setOnInsert: { active: true } },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    if (!org) throw new Error(`demo seed: organisation ${o.name} not written`);
    await upsertUser(`doitac.${slug}`, o.contact.name, 'charity_partner', { organisationId: org._id }, o.name);
  }
  await upsertUser('dieuphoi', 'Bùi Thị Phương (Điều phối mạng lưới)', 'coordinator', {}, 'Mạng lưới');
  await upsertUser('quantri', 'Quản trị hệ thống', 'admin', {}, 'Mạng lưới');
  return credentials;
}

export function formatCredentials(creds: DemoCredential[], password: string, url: string): string {
  const width = Math.max(...creds.map((c) => c.username.length));
  const lines = creds.map((c) => `  ${c.username.padEnd(width)}  ${c.role.padEnd(15)}  ${c.tenant}`);
  return [
    '',
    `Nhịp Cầu demo network is ready at ${url}`,
    `Demo users (password for all: ${password}):`,
    ...lines,
    '',
  ].join('\n');
}
