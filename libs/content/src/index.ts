export { ContentError, ContentErrorCode } from './content.errors';
export { ContentModule } from './content.module';
export { ContentView } from './contents.repository';
export { ContentsService } from './contents.service';
