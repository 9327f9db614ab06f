export { AuditEntryEntity } from './audit-entry.entity';
export { AuditModule } from './audit.module';
export { AuditedActor, AuditedChange, AuditRecord, AuditService } from './audit.service';
