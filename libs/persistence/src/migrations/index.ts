import { Foundation1764200000000 } from './1764200000000-Foundation';
import { RecordsOfTheYear1764300000000 } from './1764300000000-RecordsOfTheYear';
import { Takedowns1764400000000 } from './1764400000000-Takedowns';
import { Figures1764500000000 } from './1764500000000-Figures';
import { ReportTemplates1764600000000 } from './1764600000000-ReportTemplates';
import { ReportBackfill1764700000000 } from './1764700000000-ReportBackfill';
import { JobRetryAfter1764800000000 } from './1764800000000-JobRetryAfter';
import { TreeReportTemplates1765100000000 } from './1765100000000-TreeReportTemplates';
import { PageCaseTracks1765200000000 } from './1765200000000-PageCaseTracks';
import { PagePackagesPerReader1765300000000 } from './1765300000000-PagePackagesPerReader';
import { UserLanguage1765400000000 } from './1765400000000-UserLanguage';
import { AccentInsensitiveSearch1765500000000 } from './1765500000000-AccentInsensitiveSearch';
import { PushSubscriptions1765600000000 } from './1765600000000-PushSubscriptions';
import { UnitDeactivation1765700000000 } from './1765700000000-UnitDeactivation';
import { UnitNameOrder1766100000000 } from './1766100000000-UnitNameOrder';

/** Every migration in order; listed explicitly so bundled builds need no file globbing. */
export const MIGRATIONS = [
  Foundation1764200000000,
  RecordsOfTheYear1764300000000,
  Takedowns1764400000000,
  Figures1764500000000,
  ReportTemplates1764600000000,
  ReportBackfill1764700000000,
  JobRetryAfter1764800000000,
  TreeReportTemplates1765100000000,
  PageCaseTracks1765200000000,
  PagePackagesPerReader1765300000000,
  UserLanguage1765400000000,
  AccentInsensitiveSearch1765500000000,
  PushSubscriptions1765600000000,
  UnitDeactivation1765700000000,
  UnitNameOrder1766100000000,
];
