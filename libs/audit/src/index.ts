export { AuditEntryEntity } from './audit-entry.entity';
export { AuditModule } from './audit.module';
export { AuditRecord, AuditService } from './audit.service';
