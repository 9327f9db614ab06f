import { eventually } from '@app/testing';
import { ApiClient, ApiError } from './api-client';

/** The year-end summary the demo reproduces (SPEC: the reference). */
export const REFERENCE_2023 = {
  websitePosts: 83,
  websiteInteractions: 2490,
  shares: 1064,
  reach: 12350,
  participations: 13984,
  pagesReported: 76,
  surveys: 1,
  surveyUnits: 25,
  questionnaires: 500,
} as const;

export const TARGET_2024_PER_MEMBER = 100;

const ORGANISATIONS = 25;
const MEMBERS_PER_ORGANISATION = 20;
const TASKS = 28;
const PASSWORD = 'lan-toa-demo-2023';

/** What the demo created: the unit to look at and who can sign in. */
export interface ReferenceYear {
  blocUnitId: string;
  blocName: string;
  leader: { username: string; password: string };
  secretariat: { username: string; password: string };
  member: { username: string; password: string };
  loadedAt: string;
}

type Say = (line: string) => void;

/**
 * Loads one year through the public HTTP API as its people would have entered it: a bloc
 * committee with 25 grassroots organisations and their members (imported from CSV), a
 * secretariat team and a collaborator team, website posts, 28 tasks, the shares and the
 * reactions that carried the tasks out, 76 harmful pages (typed in from the paper
 * register, with their dates), one survey with 500 questionnaires, and next year's target.
 */
export async function loadReferenceYear(api: ApiClient, admin: string, say: Say = () => undefined): Promise<ReferenceYear> {
  const run = Date.now().toString(36);
  const me = await api.call<{ orgUnitId: string }>('GET', '/me', admin);
  const blocName = `Đảng ủy Khối các cơ quan tỉnh (${run})`;
  const bloc = await api.call<{ id: string }>('POST', '/org-units', admin, { name: blocName, code: `DUK-${run}`, parentId: me.orgUnitId });
  const organisations: { id: string; code: string }[] = [];
  for (let n = 1; n <= ORGANISATIONS; n++) {
    const code = `CB-${run}-${n}`;
    const unit = await api.call<{ id: string }>('POST', '/org-units', admin, { name: `Chi bộ cơ sở số ${n}`, code, parentId: bloc.id });
    organisations.push({ id: unit.id, code });
  }
  say(`đơn vị: 1 đảng ủy khối, ${ORGANISATIONS} tổ chức cơ sở đảng`);

  const staff = {
    secretariat: { username: `tothuky-${run}`, password: PASSWORD },
    leader: { username: `lanhdao-${run}`, password: PASSWORD },
  };
  const secretariatUser = await api.call<{ id: string }>('POST', '/users', admin, {
    ...staff.secretariat,
    fullName: 'Nguyễn Thị Thư Ký',
    orgUnitId: bloc.id,
    roles: ['secretariat'],
  });
  await api.call('POST', '/users', admin, { ...staff.leader, fullName: 'Trần Văn Lãnh Đạo', orgUnitId: bloc.id, roles: ['leader'] });
  const secretariat = await api.login(staff.secretariat.username, staff.secretariat.password);

  const members = await importMembers(api, secretariat, organisations, run);
  say(`thành viên: ${members.length} (nhập từ tệp CSV)`);
  await api.call('POST', '/teams', secretariat, { name: 'Tổ thư ký', orgUnitId: bloc.id, userIds: [secretariatUser.id] });
  await api.call('POST', '/teams', secretariat, {
    name: 'Tổ cộng tác viên',
    orgUnitId: bloc.id,
    userIds: members.slice(0, 50).map((m) => m.id),
  });

  await publishWebsitePosts(api, secretariat, run);
  const taskIds = await assignTasks(api, secretariat, bloc.id);
  say(`nhiệm vụ: ${TASKS}, giao cho toàn khối`);
  await logMembersWork(api, members, taskIds, run);
  say(`chia sẻ: ${REFERENCE_2023.shares}; lượt thực hiện nhiệm vụ: ${REFERENCE_2023.participations}`);
  await reportHarmfulPages(api, secretariat, run);
  await runSurvey(api, secretariat, organisations);
  await api.call('PUT', '/targets/2024', secretariat, {
    orgUnitId: bloc.id,
    perMember: TARGET_2024_PER_MEMBER,
    actionTypes: ['share', 'post'],
  });
  return {
    blocUnitId: bloc.id,
    blocName,
    leader: staff.leader,
    secretariat: staff.secretariat,
    member: { username: members[0].username, password: PASSWORD },
    loadedAt: new Date().toISOString(),
  };
}

interface Member {
  id: string;
  username: string;
  token?: string;
}

async function importMembers(api: ApiClient, secretariat: string, organisations: { code: string }[], run: string): Promise<Member[]> {
  const lines = ['username,fullName,orgUnitCode,roles,password'];
  organisations.forEach((org, o) => {
    for (let m = 1; m <= MEMBERS_PER_ORGANISATION; m++) {
      lines.push(`dv-${run}-${o + 1}-${m},Đảng viên ${o + 1}.${m},${org.code},collaborator,${PASSWORD}`);
    }
  });
  const { jobId } = await api.upload<{ jobId: string }>('/users/import', secretariat, 'file', 'thanh-vien.csv', lines.join('\n'));
  const job = await eventually(
    () => api.call<{ status: string; result: { created: number; failed: number } | null; error: string | null }>('GET', `/jobs/${jobId}`, secretariat, undefined),
    (j) => j.status === 'done' || j.status === 'failed',
    180_000,
  );
  if (job.status !== 'done' || job.result?.failed) throw new Error(`member import did not finish cleanly: ${JSON.stringify(job)}`);
  const members: Member[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: { id: string; username: string }[]; nextCursor: string | null } = await api.call(
      'GET',
      `/users?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
      secretariat,
    );
    members.push(...page.items.filter((u) => u.username.startsWith(`dv-${run}-`)));
    cursor = page.nextCursor;
  } while (cursor);
  return members;
}

/** 83 articles on the organisation's website in 2023, 2,490 interactions in all. */
async function publishWebsitePosts(api: ApiClient, secretariat: string, run: string): Promise<void> {
  for (let n = 0; n < REFERENCE_2023.websitePosts; n++) {
    await api.call('POST', '/contents', secretariat, {
      kind: 'website_post',
      title: `Tin hoạt động số ${n + 1}/2023`,
      url: `https://dangbo-khoi.example.vn/tin-tuc/${run}/${n + 1}`,
      publishedAt: instant2023(n * 4 + 1, 8),
      interactions: REFERENCE_2023.websiteInteractions / REFERENCE_2023.websitePosts,
    });
  }
}

async function assignTasks(api: ApiClient, secretariat: string, blocId: string): Promise<string[]> {
  const jobs: string[] = [];
  const ids: string[] = [];
  for (let n = 0; n < TASKS; n++) {
    const task = await api.call<{ id: string; fanOutJobId: string }>('POST', '/tasks', secretariat, {
      title: `Lan tỏa bài viết tuyên truyền đợt ${n + 1}`,
      kind: 'interact',
      instructions: 'Bày tỏ cảm xúc và chia sẻ bài viết trên trang của Đảng ủy Khối.',
      assignees: { orgUnitIds: [blocId] },
    });
    ids.push(task.id);
    jobs.push(task.fanOutJobId);
  }
  for (const job of jobs) {
    await eventually(() => api.call<{ status: string }>('GET', `/jobs/${job}`, secretariat), (j) => j.status === 'done', 120_000);
  }
  return ids;
}

/**
 * Each member sends their year in one batch: reactions that carry out the tasks (13,984 in
 * all: the last 16 members skipped one task) and 1,064 shares with 12,350 reach.
 */
async function logMembersWork(api: ApiClient, members: Member[], taskIds: string[], run: string): Promise<void> {
  const shareReach = Array.from({ length: REFERENCE_2023.shares }, (_, i) => (i < 646 ? 12 : 11));
  const skipping = members.length * taskIds.length - REFERENCE_2023.participations;
  let share = 0;
  for (const [m, member] of members.entries()) {
    const token = await api.login(member.username, PASSWORD);
    const tasksDone = m >= members.length - skipping ? taskIds.slice(0, -1) : taskIds;
    const items: Record<string, unknown>[] = tasksDone.map((taskId, t) => ({
      clientId: `reaction-${run}-${t}`,
      type: 'reaction',
      platform: 'facebook',
      occurredAt: instant2023(t * 13 + (m % 7), 20),
      taskId,
    }));
    const sharesHere = Math.floor(((m + 1) * REFERENCE_2023.shares) / members.length) - Math.floor((m * REFERENCE_2023.shares) / members.length);
    for (let s = 0; s < sharesHere; s++, share++) {
      items.push({
        clientId: `share-${run}-${s}`,
        type: 'share',
        url: `https://www.facebook.com/dangbokhoi/posts/${run}${share}`,
        reach: shareReach[share],
        occurredAt: instant2023((share * 7) % 360, 9),
      });
    }
    const result = await api.call<{ results: { status: number }[] }>('POST', '/actions/batch', token, { items });
    const refused = result.results.filter((r) => r.status >= 300);
    if (refused.length) throw new Error(`batch of ${member.username} refused ${refused.length} items: ${JSON.stringify(refused[0])}`);
  }
}

/** 76 harmful pages from the 2023 paper register, some reported twice under other addresses. */
async function reportHarmfulPages(api: ApiClient, secretariat: string, run: string): Promise<void> {
  const categories = ['false_information', 'scam', 'impersonation', 'incitement', 'hate', 'other'];
  for (let n = 0; n < REFERENCE_2023.pagesReported; n++) {
    const page = `https://www.facebook.com/trang-xau-${run}-${n + 1}`;
    const variants = n % 5 === 0 ? [page, `${page.replace('www.', 'm.')}/?ref=share`] : [page];
    for (const url of variants) {
      await api.call('POST', '/reports', secretariat, {
        url,
        category: categories[n % categories.length],
        description: 'Trang đăng tải thông tin xấu độc, sai sự thật (ghi trong sổ theo dõi năm 2023).',
        reportedAt: instant2023(n * 4 + 2, 10),
      });
    }
  }
}

/** One survey of public opinion in the 25 organisations, 20 questionnaires each. */
async function runSurvey(api: ApiClient, secretariat: string, organisations: { id: string }[]): Promise<void> {
  const survey = await api.call<{ id: string; questions: { id: string }[] }>('POST', '/surveys', secretariat, {
    title: 'Điều tra dư luận xã hội về công tác đấu tranh phản bác thông tin xấu độc',
    startsOn: '2023-10-02',
    endsOn: '2023-10-31',
    orgUnitIds: organisations.map((o) => o.id),
    questions: [{ text: 'Đồng chí có thường xuyên gặp thông tin sai sự thật trên mạng xã hội?', kind: 'choice', options: ['Có', 'Không'] }],
  });
  const question = survey.questions[0].id;
  for (const [o, org] of organisations.entries()) {
    for (let q = 0; q < REFERENCE_2023.questionnaires / organisations.length; q++) {
      await api.call('POST', `/surveys/${survey.id}/questionnaires`, secretariat, {
        orgUnitId: org.id,
        answers: { [question]: (o + q) % 2 },
      });
    }
  }
}

/** A 2023 instant in the organisation's zone: day of year (0-based) and hour. */
function instant2023(dayOfYear: number, hour: number): string {
  const date = new Date(Date.UTC(2023, 0, 1 + (dayOfYear % 365), hour - 7));
  return date.toISOString();
}

/** Reads the figures as the leader sees them, once they include everything loaded. */
export async function figuresAsLeaderSeesThem(api: ApiClient, year: ReferenceYear, timeoutMs = 120_000) {
  const token = await api.login(year.leader.username, year.leader.password);
  return eventually(
    () => api.call<Record<string, unknown> & { asOf: string; pagesReported: number }>('GET', `/stats/yearly?year=2023&orgUnitId=${year.blocUnitId}`, token),
    (stats) =>
      stats.asOf >= year.loadedAt &&
      Object.entries(REFERENCE_2023).every(([figure, value]) => stats[figure] === value),
    timeoutMs,
  );
}

export { ApiError };
