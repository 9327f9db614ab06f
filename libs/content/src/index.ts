export { ContentError, ContentErrorCode } from './content.errors';
export { ContentModule } from './content.module';
export { ContentsService, ContentView } from './contents.service';
