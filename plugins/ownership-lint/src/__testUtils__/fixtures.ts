import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Writes files into a fresh temporary directory and returns its path. */
export function createTempDir(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ownership-lint-'));
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string>) {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}

export function removeTempDir(dir: string) {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** An org file as Backstage's own examples have them: no ownership blocks. */
export const ORG_YAML = `# Organisation, as exported by an org provider
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: acme-corp
  description: The acme-corp organization
  links:
    - url: https://acme.example.com
      title: Website
spec:
  type: organization
  profile:
    displayName: ACME Corp
    email: info@acme.example.com
  children: [infrastructure, payments]
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: payments
  annotations:
    backstage.io/managed-by-location: url:https://github.com/acme/org/blob/main/org.yaml
spec:
  type: team
  parent: acme-corp
  children: []
  members: [jane.doe, "user:default/bob"]
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: infrastructure
spec:
  type: team
  parent: group:default/acme-corp
  children: []
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: jane.doe
spec:
  profile:
    displayName: Jane Doe
    email: jane@acme.example.com
    picture: https://avatars.example.com/jane.png
  memberOf: [payments]
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: bob
spec:
  memberOf: [payments, infrastructure]
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: carol
  namespace: default
spec:
  memberOf: [infrastructure]
`;

export const SYSTEMS_YAML = `apiVersion: backstage.io/v1alpha1
kind: Domain
metadata:
  name: commerce
spec:
  owner: payments
---
apiVersion: backstage.io/v1alpha1
kind: System
metadata:
  name: billing
  tags: [payments, java]
spec:
  owner: payments
  domain: commerce
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: billing-api
  description: Billing REST API
spec:
  type: openapi
  lifecycle: production
  owner: group:payments
  system: billing
  definition: |
    openapi: "3.0.0"
    info:
      version: 1.0.0
      title: Billing
    paths: {}
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: billing-db
spec:
  type: database
  owner: infrastructure
  system: billing
---
apiVersion: backstage.io/v1alpha1
kind: Location
metadata:
  name: acme-locations
spec:
  presence: optional
  targets:
    - ./components/*/catalog-info.yaml
---
`;

export const COMPONENT_YAML = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: billing-service
  title: Billing Service ✓ — für Zahlungen 💳
  annotations:
    github.com/project-slug: acme/billing-service
    backstage.io/techdocs-ref: dir:.
spec:
  type: service
  lifecycle: production
  owner: payments
  system: billing
  providesApis: [billing-api]
  dependsOn: [resource:billing-db]
`;

/** Entities of the suite, all valid. */
export const OWNERSHIP_YAML = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout
spec:
  type: service
  lifecycle: production
  owner: payments
  system: billing
  ownership:
    primary: user:jane.doe
    secondary: bob
    escalationPolicy: payments-tier-1
    tier: tier-1
    level: service
    channels:
      slack: "#payments-oncall"
      email: payments@acme.example.com
---
apiVersion: ownership.dev/v1alpha1
kind: EscalationPolicy
metadata:
  name: payments-tier-1
spec:
  owner: group:payments
  description: Pages the payments on-call, then the team, then infrastructure.
  levels:
    - level: 1
      name: On-call
      escalateAfter: 15m
      targets:
        - type: schedule
          id: payments-primary
          rota:
            members: [jane.doe, bob]
            rotation: 1w
            handoverTime: "09:00"
            timeZone: Europe/Berlin
            start: "2024-01-01"
    - level: 2
      name: Team
      escalateAfter: 1h
      targets:
        - type: group
          id: payments
        - type: user
          id: user:default/bob
    - level: 3
      name: Infrastructure
      escalateAfter: PT4H
      targets:
        - type: group
          id: group:infrastructure
        - type: channel
          id: "#incidents"
---
apiVersion: ownership.dev/v1alpha1
kind: RaciMatrix
metadata:
  name: checkout-raci
spec:
  owner: payments
  appliesTo: [checkout, system:billing]
  activities:
    - name: Deploy to production
      responsible: [user:jane.doe]
      accountable: group:payments
      consulted: [infrastructure]
      informed: [user:carol]
    - name: Database migrations
      responsible: [user:bob]
      accountable: user:jane.doe
      escalationPath: [payments, infrastructure]
`;
