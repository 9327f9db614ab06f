import { ApiSchema } from '@nestjs/swagger';
import { PAGE_CASE_STATUSES, PageCaseStatus, ReportView } from '../takedowns.dto';
import { ReportViewSchema } from './takedowns.view.dto';
import { Agrees, EnumProperty, pageSchemaOf } from './view-properties';

/**
 * One of the caller's own reports (GET /me/reports) with where its page case stands for
 * them: the case's status as GET /pages/:id shows it to the caller; null until linked.
 */
export interface MyReportView extends ReportView {
  pageCaseStatus: PageCaseStatus | null;
}

@ApiSchema({
  name: 'MyReportView',
  description: 'One of my reports with its page case’s status as I see it; pageCaseStatus is null until the link job ran',
})
export class MyReportViewSchema extends ReportViewSchema {
  @EnumProperty(PAGE_CASE_STATUSES, { nullable: true }) pageCaseStatus: PageCaseStatus | null;
}

export const MyReportPageSchema = pageSchemaOf(MyReportViewSchema, 'MyReportPage');

// The documented class mirrors the view the service returns (compile-time).
const agreement: Agrees<MyReportViewSchema, MyReportView> = true;
void agreement;
