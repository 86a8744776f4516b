import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { normalizeOwnershipRef } from '@service-ownership/plugin-ownership-common';

/** @internal */
export type RefLinkProps = {
  /** A full or short entity ref (`jane`, `user:jane`, `user:default/jane`). */
  entityRef: string;
  defaultKind: string;
  defaultNamespace?: string;
  title?: string;
  /** Plain link text without icon and tooltip, for dense places. */
  plain?: boolean;
  /** -1 inside a composite widget (a grid cell) that manages focus itself. */
  tabIndex?: number;
};

/**
 * EntityRefLink that accepts short refs and shows malformed ones as text
 * rather than failing.
 */
export const RefLink = (props: RefLinkProps) => {
  const { entityRef, defaultKind, defaultNamespace, title, plain, tabIndex } =
    props;
  const ref = normalizeOwnershipRef(entityRef, {
    defaultKind,
    defaultNamespace,
  });
  if (!ref) {
    return <>{title ?? entityRef}</>;
  }
  return (
    <EntityRefLink
      entityRef={ref}
      title={title}
      hideIcon={plain}
      disableTooltip={plain}
      tabIndex={tabIndex}
    />
  );
};
