/**
 * A graph spec that cannot be built: names the node id and the field. Code: `E_SPEC`.
 * Example: `[gradstream] graph spec, node 'dense-2', field 'params.units': expected an integer ≥ 1, got "abc".`
 */
export class GraphSpecError extends TypeError {
  readonly code = 'E_SPEC';
  constructor(
    message: string,
    readonly nodeId?: string,
    readonly field?: string,
  ) {
    super(`[gradstream] graph spec, ${where(nodeId, field)}${message}`);
    this.name = 'GraphSpecError';
  }
}

function where(nodeId: string | undefined, field: string | undefined): string {
  const parts: string[] = [];
  if (nodeId !== undefined) parts.push(`node '${nodeId}'`);
  if (field !== undefined) parts.push(`field '${field}'`);
  return parts.length > 0 ? `${parts.join(', ')}: ` : '';
}
