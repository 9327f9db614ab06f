import { ApiSchema } from '@nestjs/swagger';
import { LANGUAGES, Language, MyPreferencesView } from '../preferences.dto';
import { Agrees, EnumProperty } from './view-properties';

@ApiSchema({ name: 'MyPreferencesView', description: 'My own preferences; language is null until I chose one (the app then shows the phone’s)' })
export class MyPreferencesViewSchema {
  @EnumProperty(LANGUAGES, { nullable: true }) language: Language | null;
}

// The documented class mirrors the view the service returns (compile-time).
const agreement: Agrees<MyPreferencesViewSchema, MyPreferencesView> = true;
void agreement;
