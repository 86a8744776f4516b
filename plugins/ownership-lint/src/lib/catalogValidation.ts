import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  domainEntityV1alpha1Validator,
  Entity,
  EntityPolicies,
  EntityPolicy,
  FieldFormatEntityPolicy,
  groupEntityV1alpha1Validator,
  KindValidator,
  locationEntityV1alpha1Validator,
  makeValidator,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import {
  createFinding,
  findingEntityRef,
  OwnershipFinding,
} from '@service-ownership/plugin-ownership-common';

// The validators of the catalog's BuiltinKindsEntityProcessor, in its order.
const BUILTIN_KIND_VALIDATORS: KindValidator[] = [
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
];

/** The kinds the catalog validates itself, with the apiVersions it accepts. */
export const BUILTIN_KINDS = [
  'API',
  'Component',
  'Resource',
  'Group',
  'Location',
  'User',
  'System',
  'Domain',
];

const BUILTIN_API_VERSIONS = ['backstage.io/v1alpha1', 'backstage.io/v1beta1'];

const FORMAT_DOCS =
  'https://backstage.io/docs/features/software-catalog/descriptor-format';

// Built once: SchemaValidEntityPolicy compiles its schema on first use.
let catalogPolicy: EntityPolicy | undefined;
let fieldFormatPolicy: EntityPolicy | undefined;

// The default policies of the catalog's CatalogBuilder. Field formats are
// checked again on their own below, to report every bad tag or label and
// not only the first.
function policies() {
  if (!catalogPolicy || !fieldFormatPolicy) {
    fieldFormatPolicy = new FieldFormatEntityPolicy(makeValidator());
    catalogPolicy = EntityPolicies.allOf([
      new SchemaValidEntityPolicy(),
      new DefaultNamespaceEntityPolicy(),
      new NoForeignRootFieldsEntityPolicy(),
    ]);
  }
  return { catalogPolicy, fieldFormatPolicy };
}

const MAX_FIELD_FORMAT_FINDINGS = 20;

// NoForeignRootFieldsEntityPolicy's default known fields.
const ROOT_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec'];

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `/spec/links/0/url` to `spec.links[0].url`. */
export function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, s) => {
      if (/^\d+$/.test(s)) {
        return `${acc}[${s}]`;
      }
      return acc ? `${acc}.${s}` : s;
    }, '');
}

// The catalog names metadata fields without `metadata.`: `tags.0`,
// `labels.<key>`, `links.0.url`.
function fieldFormatPath(field: string): string {
  const list = /^(tags|links)\.(\d+)(?:\.(.*))?$/.exec(field);
  if (list) {
    return `metadata.${list[1]}[${list[2]}]${list[3] ? `.${list[3]}` : ''}`;
  }
  if (/^(labels|annotations)\./.test(field)) {
    return `metadata.${field}`;
  }
  return field;
}

function fieldOfFormatError(message: string): string | undefined {
  const match =
    /^"(.+?)" is not valid;/.exec(message) ??
    /^(\S+) must have a value$/.exec(message) ??
    /^(\S+) could not be validated,/.exec(message);
  return match?.[1];
}

// Makes the reported field valid in a copy, so the next run finds the next
// problem.
function neutralise(entity: any, field: string): boolean {
  const metadata = entity.metadata;
  const keyed = /^(labels|annotations)\.(.*)$/s.exec(field);
  if (keyed && metadata[keyed[1]] && keyed[2] in metadata[keyed[1]]) {
    delete metadata[keyed[1]][keyed[2]];
    return true;
  }
  const listed = /^(tags|links)\.(\d+)/.exec(field);
  if (listed && Array.isArray(metadata[listed[1]])) {
    metadata[listed[1]][Number(listed[2])] =
      listed[1] === 'tags' ? 'a' : { url: 'https://example.com' };
    return true;
  }
  return false;
}

function withoutDocsLink(message: string): string {
  return message.replace(/\s*To learn more about catalog file format.*$/s, '');
}

/**
 * Validates an entity as the catalog does before it accepts it: the default
 * entity policies (schema of the envelope, default namespace, no foreign
 * root fields, field formats) and, for the built-in kinds, the kind's own
 * validator. Each message is the catalog's own, with the field it names as
 * the finding's path.
 */
export async function validateLikeCatalog(
  entity: Entity,
): Promise<OwnershipFinding[]> {
  const entityRef = findingEntityRef(entity);
  const findings: OwnershipFinding[] = [];
  const reject = (
    code: 'entity-envelope' | 'schema',
    path: string,
    message: string,
    fix: string,
  ) =>
    findings.push(
      createFinding(code, {
        entityRef,
        path,
        message: `The catalog rejects this entity: ${message}`,
        fix,
      }),
    );

  const { catalogPolicy: policy, fieldFormatPolicy: formats } = policies();
  // Every unknown root field is reported, then the envelope is checked
  // without them, so that they do not hide the next problem.
  const foreign = Object.keys(entity).filter(k => !ROOT_FIELDS.includes(k));
  for (const field of foreign) {
    reject(
      'entity-envelope',
      field,
      `Unknown field ${field}`,
      'Remove the field: an entity has only apiVersion, kind, metadata and spec at its root.',
    );
  }
  const known = Object.fromEntries(
    Object.entries(entity).filter(([k]) => ROOT_FIELDS.includes(k)),
  ) as Entity;
  try {
    await policy.enforce(known);
  } catch (error) {
    const message = messageOf(error);
    const envelope = /^Malformed envelope, (\S+)/.exec(message);
    reject(
      'entity-envelope',
      envelope && envelope[1] !== '<root>' ? pointerToPath(envelope[1]) : '',
      message,
      `Correct the field to match the entity format (${FORMAT_DOCS}).`,
    );
    // the kind's validator would report the same envelope error again
    return findings;
  }

  const copy = structuredClone(known) as any;
  for (let i = 0; i < MAX_FIELD_FORMAT_FINDINGS; i++) {
    try {
      await formats.enforce(copy);
      break;
    } catch (error) {
      const message = messageOf(error);
      const field = fieldOfFormatError(message);
      reject(
        'entity-envelope',
        field ? fieldFormatPath(field) : '',
        withoutDocsLink(message),
        `Correct the value to the format the catalog expects (${FORMAT_DOCS}).`,
      );
      if (!field || !neutralise(copy, field)) {
        break;
      }
    }
  }

  if (!BUILTIN_KINDS.includes(entity.kind)) {
    const builtin = BUILTIN_KINDS.find(
      k =>
        k.toLocaleLowerCase('en-US') === entity.kind.toLocaleLowerCase('en-US'),
    );
    if (builtin && entity.apiVersion.startsWith('backstage.io/')) {
      reject(
        'schema',
        'kind',
        `no processor recognizes kind ${entity.kind}; kinds are case-sensitive`,
        `Write kind: ${builtin}.`,
      );
    }
    return findings;
  }
  for (const validator of BUILTIN_KIND_VALIDATORS) {
    try {
      if (await validator.check(known)) {
        return findings;
      }
    } catch (error) {
      const message = messageOf(error);
      const match = /^(\S+) .*?(?:missingProperty: (.+))?$/s.exec(message);
      const at = match && match[1] !== '<root>' ? pointerToPath(match[1]) : '';
      const missing = match?.[2];
      reject(
        'schema',
        missing ? [at, missing].filter(Boolean).join('.') : at,
        message,
        `Correct the field to match the ${
          entity.kind
        } kind (${FORMAT_DOCS}#kind-${entity.kind.toLocaleLowerCase(
          'en-US',
        )}).`,
      );
      return findings;
    }
  }
  reject(
    'schema',
    'apiVersion',
    `no processor recognizes kind ${entity.kind} with apiVersion ${entity.apiVersion}`,
    `Use apiVersion ${BUILTIN_API_VERSIONS.join(' or ')} for kind ${
      entity.kind
    }.`,
  );
  return findings;
}
