// Fields the Kubernetes API does not have, offline. The API server refuses
// them (`kubectl apply` validates strictly by default), but kubernetes-models'
// validators, compiled from the same OpenAPI schemas, accept any extra field:
// a misspelt `readinesProbe` would pass them and fail only at deploy time.
// The package's type declarations carry the schemas' property names, so each
// rendered object is walked against its kind's interface with TypeScript's
// own type checker: every key must be a property of the type at that place.
import { join } from 'node:path';
import ts from 'typescript';
import { WORKSPACE_ROOT } from '../build/workspace-apps.js';
import type { KubernetesObject } from './api-schema-problems.js';

// A file that exists only for the checker, where module resolution finds the
// workspace's node_modules.
const PROBE_FILE = join(WORKSPACE_ROOT, 'tools/src/k8s-manifests/kinds-under-check.ts');
const COMPILER_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  noEmit: true,
  skipLibCheck: true,
  types: [],
};

/** One sentence per field the API schema of its object's kind does not have; none when all are known. */
export function unknownFieldProblems(objects: readonly KubernetesObject[]): string[] {
  const kinds = [...new Set(objects.map(kindModule).filter((kind) => kind !== undefined))];
  const { checker, typeOfKind } = typesOf(kinds);
  const problems: string[] = [];
  for (const object of objects) {
    const kind = kindModule(object);
    const type = kind === undefined ? undefined : typeOfKind.get(kind);
    const label = `${String(object.kind)} ${String(object.metadata?.name)}`;
    // Said, not skipped: a kind whose types did not resolve would check nothing.
    if (type === undefined) {
      problems.push(`${label}: no Kubernetes API types for ${String(object.apiVersion)} ${String(object.kind)}`);
      continue;
    }
    for (const path of unknownFields(checker, object, type, '')) problems.push(`${label}: unknown field ${path}`);
  }
  return problems;
}

function kindModule({ apiVersion, kind }: KubernetesObject): string | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  if (!/^([a-z0-9.-]+\/)?v\d+(alpha\d+|beta\d+)?$/.test(apiVersion) || !/^[A-Z][A-Za-z]+$/.test(kind)) return undefined;
  return `${apiVersion}/${kind}`;
}

/** The interface `I<Kind>` of each kind's kubernetes-models module, through one program. */
function typesOf(kinds: readonly string[]): { checker: ts.TypeChecker; typeOfKind: Map<string, ts.Type> } {
  const source = kinds
    .map((kind, i) => {
      const name = kind.slice(kind.lastIndexOf('/') + 1);
      return `import type { I${name} as Kind${i} } from 'kubernetes-models/${kind}';\nexport type Checked${i} = Kind${i};`;
    })
    .join('\n');
  const disk = ts.createCompilerHost(COMPILER_OPTIONS);
  const host: ts.CompilerHost = {
    ...disk,
    getSourceFile: (fileName, languageVersion, ...rest) =>
      fileName === PROBE_FILE
        ? ts.createSourceFile(fileName, source, languageVersion)
        : disk.getSourceFile(fileName, languageVersion, ...rest),
    fileExists: (fileName) => fileName === PROBE_FILE || disk.fileExists(fileName),
    readFile: (fileName) => (fileName === PROBE_FILE ? source : disk.readFile(fileName)),
  };
  const program = ts.createProgram([PROBE_FILE], COMPILER_OPTIONS, host);
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(PROBE_FILE);
  const typeOfKind = new Map<string, ts.Type>();
  for (const statement of file?.statements ?? []) {
    if (!ts.isTypeAliasDeclaration(statement)) continue;
    const index = Number(statement.name.text.slice('Checked'.length));
    const type = checker.getTypeAtLocation(statement);
    const kind = kinds[index];
    // An unresolved import is the error type: no properties, so it checks nothing.
    if (kind !== undefined && type.getProperties().length > 0) typeOfKind.set(kind, type);
  }
  return { checker, typeOfKind };
}

function* unknownFields(checker: ts.TypeChecker, value: unknown, declared: ts.Type, path: string): Generator<string> {
  const type = objectTypeOf(checker, declared);
  if (type === undefined || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    const element = checker.isArrayType(type) ? checker.getTypeArguments(type as ts.TypeReference)[0] : undefined;
    if (element === undefined) return;
    for (const [i, item] of value.entries()) yield* unknownFields(checker, item, element, `${path}[${i}]`);
    return;
  }
  // A map (labels, annotations, resource limits, ConfigMap data): any key.
  if (checker.getIndexInfoOfType(type, ts.IndexKind.String) !== undefined) return;
  for (const [key, field] of Object.entries(value)) {
    const property = type.getProperty(key);
    const fieldPath = path === '' ? key : `${path}.${key}`;
    if (property === undefined) yield fieldPath;
    else yield* unknownFields(checker, field, checker.getTypeOfSymbol(property), fieldPath);
  }
}

/**
 * The one object or array type a field can hold, without `undefined` and
 * `null`; undefined for primitives and for unions of several shapes
 * (IntOrString, say), which have no fields to check.
 */
function objectTypeOf(checker: ts.TypeChecker, declared: ts.Type): ts.Type | undefined {
  const type = checker.getNonNullableType(declared);
  if (type.isUnion()) {
    const shapes = type.types.filter((member) => (member.flags & ts.TypeFlags.Object) !== 0);
    return shapes.length === 1 && shapes.length === type.types.length ? shapes[0] : undefined;
  }
  return (type.flags & ts.TypeFlags.Object) !== 0 ? type : undefined;
}
