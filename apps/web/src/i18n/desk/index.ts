import { adminEn, adminVi } from './admin';
import { assigningEn, assigningVi } from './assigning';
import { membersEn, membersVi } from './members';
import { registryEn, registryVi } from './registry';
import { reviewEn, reviewVi } from './review';
import { shellEn, shellVi } from './shell';
import { surveysEn, surveysVi } from './surveys';

/** The desk's phrases, one dictionary per area (t('desk.tasks.…')). */
export const deskVi = { shell: shellVi, registry: registryVi, assigning: assigningVi, review: reviewVi, surveys: surveysVi, members: membersVi, admin: adminVi };
export const deskEn = { shell: shellEn, registry: registryEn, assigning: assigningEn, review: reviewEn, surveys: surveysEn, members: membersEn, admin: adminEn };
