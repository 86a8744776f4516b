import { useEffect } from 'react';

const EVENT = 'ownership-entity-changed';

/**
 * Tells the other views on the page that a write changed what the suite
 * says about an entity (a handoff started, moved or closed), so that the
 * owner card and the handoff card never disagree until a reload.
 */
export function announceEntityChanged(entityRef: string) {
  window.dispatchEvent(
    new CustomEvent<string>(EVENT, {
      detail: entityRef.toLocaleLowerCase('en-US'),
    }),
  );
}

/** Calls `onChange` when a write announces a change of the entity. */
export function useEntityChanged(entityRef: string, onChange: () => void) {
  useEffect(() => {
    const ref = entityRef.toLocaleLowerCase('en-US');
    const listener = (event: Event) => {
      if ((event as CustomEvent<string>).detail === ref) {
        onChange();
      }
    };
    window.addEventListener(EVENT, listener);
    return () => window.removeEventListener(EVENT, listener);
  }, [entityRef, onChange]);
}
