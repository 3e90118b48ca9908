// Each rendered object against the Kubernetes API's own schema for its kind,
// offline: the kubernetes-models package carries the OpenAPI schemas of the
// API compiled into validators (types, formats, enums, required fields).
// It does not reject unknown fields: unknown-field-problems.ts does, and
// manifest-problems.ts checks the fields Vigil relies on by name.

/** A rendered Kubernetes object, as parsed from YAML. */
export interface KubernetesObject {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown; readonly [field: string]: unknown };
  readonly [field: string]: unknown;
}

interface ModelClass {
  new (data: object): { validate(): void };
}

/** One sentence per object that its API schema refuses; none when all are valid. */
export async function apiSchemaProblems(objects: readonly KubernetesObject[]): Promise<string[]> {
  const problems: string[] = [];
  for (const object of objects) {
    const label = `${String(object.kind)} ${String(object.metadata?.name)}`;
    const Model = await modelFor(object);
    if (Model === undefined) {
      problems.push(`${label}: no Kubernetes API schema for ${String(object.apiVersion)} ${String(object.kind)}`);
      continue;
    }
    try {
      new Model(asTheApiServerReadsIt(object)).validate();
    } catch (error) {
      problems.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems;
}

// kustomize wraps a Secret's base64 data at 76 columns; the API server's
// decoder (Go's base64) skips line breaks, the schema's "byte" format does not.
function asTheApiServerReadsIt(object: KubernetesObject): KubernetesObject {
  const data = object['data'];
  if (object.kind !== 'Secret' || typeof data !== 'object' || data === null) return object;
  const unwrapped = Object.entries(data as Record<string, unknown>).map(([key, value]): [string, unknown] => [
    key,
    typeof value === 'string' ? value.replace(/\s/g, '') : value,
  ]);
  return { ...object, data: Object.fromEntries(unwrapped) };
}

async function modelFor(object: KubernetesObject): Promise<ModelClass | undefined> {
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  if (!/^([a-z0-9.-]+\/)?v\d+(alpha\d+|beta\d+)?$/.test(apiVersion) || !/^[A-Z][A-Za-z]+$/.test(kind)) return undefined;
  try {
    const module = (await import(`kubernetes-models/${apiVersion}/${kind}`)) as Record<string, unknown>;
    return module[kind] as ModelClass | undefined;
  } catch {
    return undefined;
  }
}
