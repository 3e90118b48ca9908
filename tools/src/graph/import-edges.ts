// The project-to-project edges that the sources themselves state: every
// `import … from '@vigil/x'`, `export … from`, side-effect `import '…'` and
// dynamic `import('…')` of a workspace package, found by reading the files,
// independently of Nx. Pure: the caller reads the files.

/** A workspace project as far as imports are concerned. */
export interface ProjectSources {
  /** The Nx project name, e.g. `ingest`. */
  readonly name: string;
  /** Path and text of every TypeScript/JavaScript file in the project. */
  readonly files: readonly { readonly path: string; readonly text: string }[];
}

export interface ImportEdge {
  readonly source: string;
  readonly target: string;
  /** The first file (and specifier) that makes the edge, for failure messages. */
  readonly evidence: string;
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"\n]+)\1/g;

/** Every module specifier in a file's text (comments are not excluded: a commented import is rare and harmless). */
export function moduleSpecifiers(text: string): string[] {
  return [...text.matchAll(SPECIFIER)].map((match) => match[2] as string);
}

/** `@vigil/contracts/ingest` → `@vigil/contracts`; `pg` → `pg`; relative paths → undefined. */
export function packageOfSpecifier(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * The edges between projects that the sources make, sorted, one per pair.
 * `projectOfPackage` maps a package name (`@vigil/runtime`) to its project.
 */
export function importEdges(
  projects: readonly ProjectSources[],
  projectOfPackage: ReadonlyMap<string, string>,
): ImportEdge[] {
  const edges = new Map<string, ImportEdge>();
  for (const project of projects) {
    for (const file of project.files) {
      for (const specifier of moduleSpecifiers(file.text)) {
        const pkg = packageOfSpecifier(specifier);
        const target = pkg === undefined ? undefined : projectOfPackage.get(pkg);
        if (target === undefined || target === project.name) continue;
        const key = `${project.name} -> ${target}`;
        if (!edges.has(key)) edges.set(key, { source: project.name, target, evidence: `${file.path}: '${specifier}'` });
      }
    }
  }
  return [...edges.values()].sort((a, b) => `${a.source} ${a.target}`.localeCompare(`${b.source} ${b.target}`));
}
