import { useSyncExternalStore } from 'react';
import { session } from '../../app/services';
import type { SessionState } from './session';

/** The session's state, re-rendering on sign-in, renewal and sign-out. */
export function useSession(): SessionState {
  return useSyncExternalStore(
    (listener) => session.subscribe(listener),
    () => session.state,
  );
}
