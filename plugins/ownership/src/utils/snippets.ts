/**
 * What to add to catalog-info.yaml for an ownership block.
 */
export function ownershipBlockSnippet(owner?: string): string {
  return `spec:
  owner: ${owner ?? 'group:default/my-team'}
  ownership:
    primary: user:default/jane-doe
    secondary: user:default/john-smith
    tier: tier-2
    level: service
    escalationPolicy: escalationpolicy:default/my-team-escalation
    channels:
      slack: "#my-team"
      email: my-team@example.com`;
}

/**
 * A RaciMatrix entity applying to an entity.
 */
export function raciMatrixSnippet(entityRef: string): string {
  return `apiVersion: ownership.dev/v1alpha1
kind: RaciMatrix
metadata:
  name: my-service-raci
spec:
  owner: group:default/my-team
  appliesTo:
    - ${entityRef}
  activities:
    - name: Deploy to production
      responsible: [group:default/my-team]
      accountable: user:default/jane-doe
      consulted: [group:default/sre]
      informed: [group:default/support]`;
}
