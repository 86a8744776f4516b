import { TestApiProvider } from '@backstage/test-utils';
import { act, renderHook, waitFor } from '@testing-library/react';
import { ReactNode } from 'react';
import { OwnershipApi, ownershipApiRef } from '../api';
import { announceEntityChanged } from '../utils/entityChanged';
import { useEntityOwnership } from './useEntityOwnership';

describe('useEntityOwnership', () => {
  it('reloads when a write on the page changes the entity, and only then', async () => {
    const getEntityOwnership = jest.fn(async (entityRef: string) => ({
      entityRef,
    }));
    const api = { getEntityOwnership } as unknown as OwnershipApi;
    const wrapper = ({ children }: { children: ReactNode }) => (
      <TestApiProvider apis={[[ownershipApiRef, api]]}>
        {children}
      </TestApiProvider>
    );
    const { result } = renderHook(
      () => useEntityOwnership('component:default/payments-api'),
      { wrapper },
    );
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(getEntityOwnership).toHaveBeenCalledTimes(1);

    // another entity: no reload
    act(() => announceEntityChanged('component:default/other'));
    // this entity, written with another case: reload
    act(() => announceEntityChanged('Component:default/Payments-API'));
    await waitFor(() => expect(getEntityOwnership).toHaveBeenCalledTimes(2));
    expect(getEntityOwnership).toHaveBeenLastCalledWith(
      'component:default/payments-api',
    );
  });
});
