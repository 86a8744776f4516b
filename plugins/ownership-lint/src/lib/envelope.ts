import { Entity, makeValidator } from '@backstage/catalog-model';
import {
  createFinding,
  ESCALATION_POLICY_KIND,
  findingEntityRef,
  OWNERSHIP_API_VERSION,
  OwnershipFinding,
  RACI_MATRIX_KIND,
} from '@service-ownership/plugin-ownership-common';

const SUITE_KINDS = [ESCALATION_POLICY_KIND, RACI_MATRIX_KIND];

const validators = makeValidator();

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'object') {
    return 'a mapping';
  }
  if (typeof value === 'string') {
    return value.length > 60
      ? `"${value.slice(0, 60)}…" (${value.length} characters)`
      : `"${value}"`;
  }
  return `${typeof value} ${String(value)}`;
}

/** A best-effort ref for a document that may not be an entity at all. */
export function documentEntityRef(value: unknown): string {
  if (
    isObject(value) &&
    (typeof value.kind === 'string' ||
      (isObject(value.metadata) && typeof value.metadata.name === 'string'))
  ) {
    // a broken document may have read a newline into the name
    return findingEntityRef(value).replace(/\s+/g, ' ').trim();
  }
  return 'unknown';
}

/**
 * Checks that a document is a catalog entity at all: a mapping with a valid
 * apiVersion, kind and metadata.name, as the catalog requires before any
 * processor sees it. Returns the entity when the envelope is sound.
 */
export function checkEntityEnvelope(
  value: unknown,
  documentIndex: number,
): { entity?: Entity; findings: OwnershipFinding[] } {
  const entityRef = documentEntityRef(value);
  const findings: OwnershipFinding[] = [];
  const report = (path: string, message: string, fix: string) =>
    findings.push(
      createFinding('entity-envelope', { entityRef, path, message, fix }),
    );

  if (!isObject(value)) {
    report(
      '',
      `Document ${documentIndex + 1} is ${describe(
        value,
      )}, not an entity mapping`,
      'Write each document as a mapping with apiVersion, kind, metadata.name and spec, or remove it.',
    );
    return { findings };
  }

  const { apiVersion, kind, metadata, spec } = value;
  if (apiVersion === undefined) {
    report(
      'apiVersion',
      'apiVersion is missing',
      'Add apiVersion, e.g. backstage.io/v1alpha1 (ownership.dev/v1alpha1 for EscalationPolicy and RaciMatrix).',
    );
  } else if (!validators.isValidApiVersion(apiVersion)) {
    report(
      'apiVersion',
      `apiVersion ${describe(apiVersion)} is not a valid apiVersion`,
      'Write it as <group>/<version>, e.g. backstage.io/v1alpha1.',
    );
  }
  if (kind === undefined) {
    report(
      'kind',
      'kind is missing',
      'Add kind, e.g. Component, Group, User, EscalationPolicy or RaciMatrix.',
    );
  } else if (!validators.isValidKind(kind)) {
    report(
      'kind',
      `kind ${describe(kind)} is not a valid kind`,
      'Use a kind name such as Component, Group, User, EscalationPolicy or RaciMatrix.',
    );
  }
  if (!isObject(metadata)) {
    report(
      'metadata',
      metadata === undefined
        ? 'metadata is missing'
        : `metadata must be a mapping, got ${describe(metadata)}`,
      'Add a metadata mapping with at least a name.',
    );
  } else {
    if (metadata.name === undefined) {
      report(
        'metadata.name',
        'metadata.name is missing',
        'Add metadata.name, e.g. payments-service.',
      );
    } else if (typeof metadata.name !== 'string') {
      report(
        'metadata.name',
        `metadata.name must be a string, got ${describe(metadata.name)}`,
        'Use 1-63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit.',
      );
    }
    // The format of name and namespace is left to the catalog's own
    // validators (catalogValidation.ts), so the lint says what it says.
    if (
      metadata.namespace !== undefined &&
      typeof metadata.namespace !== 'string'
    ) {
      report(
        'metadata.namespace',
        `metadata.namespace must be a string, got ${describe(
          metadata.namespace,
        )}`,
        'Use 1-63 lowercase letters, digits and "-", or leave it out for the default namespace.',
      );
    }
  }
  if (spec !== undefined && !isObject(spec)) {
    report(
      'spec',
      `spec must be a mapping, got ${describe(spec)}`,
      'Write spec as a mapping of the fields of the kind.',
    );
  }
  if (findings.length) {
    return { findings };
  }

  if (
    typeof kind === 'string' &&
    SUITE_KINDS.includes(kind) &&
    apiVersion !== OWNERSHIP_API_VERSION
  ) {
    report(
      'apiVersion',
      `kind ${kind} belongs to apiVersion ${OWNERSHIP_API_VERSION}, got ${describe(
        apiVersion,
      )}`,
      `Set apiVersion: ${OWNERSHIP_API_VERSION}.`,
    );
  } else if (
    apiVersion === OWNERSHIP_API_VERSION &&
    !SUITE_KINDS.includes(String(kind))
  ) {
    const close = SUITE_KINDS.find(
      k =>
        k.toLocaleLowerCase('en-US') ===
        String(kind).toLocaleLowerCase('en-US'),
    );
    report(
      'kind',
      `apiVersion ${OWNERSHIP_API_VERSION} has no kind ${describe(kind)}`,
      close
        ? `Kinds are case-sensitive: write ${close}.`
        : `Use ${SUITE_KINDS.join(
            ' or ',
          )}, or the apiVersion of the kind (backstage.io/v1alpha1 for the built-in kinds).`,
    );
  }
  return { entity: value as unknown as Entity, findings };
}
