import { Type } from 'class-transformer';
import { IsArray, IsString, MaxLength, ValidateNested, validate } from 'class-validator';
import { InvalidInputError } from '@app/contracts';
import { createValidationPipe, firstRefusal } from './validation';

class QuestionDto {
  @MaxLength(5)
  @IsString()
  text: string;
}

class SurveyDto {
  @IsString()
  @MaxLength(10)
  title: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => QuestionDto)
  questions: QuestionDto[];
}

const survey = (value: object) => Object.assign(new SurveyDto(), value);

describe('firstRefusal', () => {
  it('tells what a value must be before how long it may be', async () => {
    // Decorators register bottom-up: class-validator lists maxLength before isString here.
    const refusal = firstRefusal(await validate(survey({ title: true, questions: [] })));
    expect(refusal).toBeInstanceOf(InvalidInputError);
    expect(refusal).toMatchObject({ field: 'title', message: 'title must be a string' });
  });

  it('names a nested field by its path, and says where in the message', async () => {
    const questions = [Object.assign(new QuestionDto(), { text: 'ok' }), Object.assign(new QuestionDto(), { text: 'far too long' })];
    const refusal = firstRefusal(await validate(survey({ title: 'Khảo sát', questions })));
    expect(refusal).toMatchObject({ field: 'questions.1.text', message: 'questions.1.text: text must be shorter than or equal to 5 characters' });
  });

  it('finds nothing to refuse in no errors', () => {
    expect(firstRefusal([])).toBeNull();
  });

  it('is what the global pipe throws', async () => {
    const pipe = createValidationPipe();
    await expect(pipe.transform({ title: 5, questions: [] }, { type: 'body', metatype: SurveyDto })).rejects.toMatchObject({
      field: 'title',
      message: 'title must be a string',
    });
  });
});
