/**
 * npm run demo — loads the reference year (2023) into Lan Tỏa through its public HTTP API
 * and prints the figures as a leader sees them. Uses the system running on PORT (3000), or
 * starts one with `npm run dev` (sign-in limits raised for the demo) and leaves it running.
 */
import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiClient, ApiError } from './api-client';
import { figuresAsLeaderSeesThem, loadReferenceYear, REFERENCE_2023, TARGET_2024_PER_MEMBER } from './reference-year';

const ROOT = join(__dirname, '..', '..');
const number = new Intl.NumberFormat('vi-VN');
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const base = `http://localhost:${process.env.PORT ?? '3000'}`;
  if (!(await healthy(base))) await startSystem(base);
  const admin = adminCredentials();
  const api = new ApiClient(base);
  say(`Lan Tỏa tại ${base}: nạp dữ liệu năm 2023 qua API…`);
  const year = await loadReferenceYear(api, await api.login(admin.username, admin.password), (line) => say(`  ${line}`));
  say('Chờ số liệu được tổng hợp…');
  const stats = await figuresAsLeaderSeesThem(api, year);
  say('');
  say(`Số liệu năm 2023 của ${year.blocName}, như lãnh đạo thấy (tính đến ${stats.asOf}):`);
  const rows: [string, keyof typeof REFERENCE_2023][] = [
    ['Tin, bài đăng trên trang thông tin điện tử', 'websitePosts'],
    ['Lượt tương tác với các tin, bài đó', 'websiteInteractions'],
    ['Bài viết được đăng tải, chia sẻ', 'shares'],
    ['Lượt tiếp cận', 'reach'],
    ['Lượt thành viên tham gia thực hiện nhiệm vụ', 'participations'],
    ['Trang, nhóm có thông tin xấu độc đề nghị gỡ bỏ', 'pagesReported'],
    ['Cuộc điều tra dư luận xã hội', 'surveys'],
    ['Tổ chức cơ sở đảng tham gia điều tra', 'surveyUnits'],
    ['Phiếu hỏi', 'questionnaires'],
  ];
  for (const [label, figure] of rows) {
    const value = stats[figure] as number;
    const check = value === REFERENCE_2023[figure] ? '✓' : `✗ (báo cáo: ${number.format(REFERENCE_2023[figure])})`;
    say(`  ${label.padEnd(50)} ${number.format(value).padStart(8)}  ${check}`);
  }
  say(`  Chỉ tiêu năm 2024: mỗi thành viên lan tỏa ít nhất ${TARGET_2024_PER_MEMBER} tin, bài`);
  say('');
  say('Đăng nhập (mật khẩu như nhau cho mọi tài khoản demo):');
  say(`  lãnh đạo:        ${year.leader.username} / ${year.leader.password}`);
  say(`  tổ thư ký:       ${year.secretariat.username} / ${year.secretariat.password}`);
  say(`  cộng tác viên:   ${year.member.username} / ${year.member.password}`);
  say(`  quản trị:        ${admin.username} (mật khẩu trong .dev-admin.json hoặc ADMIN_PASSWORD)`);
  say(`API: ${base}/api/v1 — tài liệu: ${base}/docs. Hệ thống vẫn đang chạy.`);
  const matches = rows.every(([, figure]) => stats[figure] === REFERENCE_2023[figure]);
  process.exitCode = matches ? 0 : 1;
}

async function healthy(base: string): Promise<boolean> {
  try {
    return (await fetch(`${base}/health`)).ok;
  } catch {
    return false;
  }
}

/** Starts `npm run dev` in the background with sign-in limits a demo of 500 people needs. */
async function startSystem(base: string): Promise<void> {
  const log = join(ROOT, 'demo-system.log');
  say(`Không thấy hệ thống tại ${base}; khởi động bằng npm run dev (nhật ký: demo-system.log)…`);
  const out = openSync(log, 'a');
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'dev.js')], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      LANTOA_DEV_DETACHED: '1',
      LOGIN_RATE_LIMIT: '100000',
      LOGIN_ACCOUNT_RATE_LIMIT: '1000',
      API_RATE_LIMIT: '1000000',
    },
  });
  child.unref();
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    if (await healthy(base)) return;
    if (child.exitCode !== null) throw new Error(`npm run dev stopped (exit ${child.exitCode}); see demo-system.log`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error('the system did not become healthy within 10 minutes; see demo-system.log');
}

function adminCredentials(): { username: string; password: string } {
  if (process.env.ADMIN_PASSWORD) return { username: process.env.ADMIN_USERNAME ?? 'admin', password: process.env.ADMIN_PASSWORD };
  const file = join(ROOT, '.dev-admin.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { username: string; password: string };
  throw new Error('no admin credentials: set ADMIN_USERNAME and ADMIN_PASSWORD, or start the system with npm run dev');
}

main().catch((error: unknown) => {
  if (error instanceof ApiError && error.status === 429) {
    process.stderr.write(
      'The running system limits sign-ins too tightly for a demo of 500 members. Restart it with ' +
        'LOGIN_RATE_LIMIT=100000 LOGIN_ACCOUNT_RATE_LIMIT=1000 npm run dev, or stop it and run npm run demo.\n',
    );
  } else {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
