export { DirectivesModule } from './directives.module';
export { DirectivesService, NewDirective } from './directives.service';
