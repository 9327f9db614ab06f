import { beforeEach, describe, expect, it } from 'vitest';
import i18next, { followUser, setLang } from './index';

describe('language kept per user on this phone', () => {
  beforeEach(() => {
    localStorage.clear();
    followUser(null);
  });

  it('is Vietnamese by default', () => {
    followUser('1');
    expect(i18next.language).toBe('vi');
    expect(document.documentElement.lang).toBe('vi');
  });

  it('shows each person their own choice when they sign in on the same phone', () => {
    followUser('1');
    setLang('en');
    expect(i18next.language).toBe('en');
    followUser(null); // signed out: the sign-in screen has the phone's language
    expect(i18next.language).toBe('vi');
    followUser('2');
    expect(i18next.language).toBe('vi');
    followUser('1');
    expect(i18next.language).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('keeps a choice made on the sign-in screen for the phone, and for whoever never chose', () => {
    setLang('en');
    followUser('2');
    expect(i18next.language).toBe('en');
    followUser('1');
    setLang('vi');
    followUser('2');
    expect(i18next.language).toBe('en');
  });
});
