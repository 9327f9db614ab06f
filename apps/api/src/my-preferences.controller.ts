import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '@app/access';
import { ApiAnswers, JSON_BODY, MyPreferencesViewSchema, SIGNED_IN_ANY_ROLE, UpdateMyPreferencesDto } from '@app/contracts';
import { UserPreferencesService } from '@app/identity';
import { Requires } from './http/access.decorators';
import { CurrentActor } from './http/request-context';

/**
 * The signed-in person's own preferences: the web app's language follows them from phone
 * to phone (issue 10). Each phone also keeps the choice per user, for offline use.
 */
@ApiTags('auth')
@ApiBearerAuth()
@Controller('me/preferences')
export class MyPreferencesController {
  constructor(private readonly preferences: UserPreferencesService) {}

  @Requires('me:read')
  @Get()
  @ApiAnswers({ summary: 'My preferences: the language I chose (null until I chose one)', type: MyPreferencesViewSchema, errors: SIGNED_IN_ANY_ROLE })
  get(@CurrentActor() actor: Actor) {
    return this.preferences.of(actor);
  }

  @Requires('me:write')
  @Patch()
  @ApiAnswers({
    summary: 'Choose my language for the web app: vi or en',
    type: MyPreferencesViewSchema,
    errors: [...SIGNED_IN_ANY_ROLE, ...JSON_BODY],
  })
  update(@CurrentActor() actor: Actor, @Body() body: UpdateMyPreferencesDto) {
    return this.preferences.setLanguage(actor, body.language);
  }
}
