/** What the container runtime can do for a run: nothing, or start containers from the images it has. */
export type ContainerRuntimeState =
  { readonly kind: 'absent' } | { readonly kind: 'answers'; readonly missingImages: readonly string[] };

/**
 * Asks testcontainers for a container runtime and, when one answers, which of
 * `images` it lacks locally (an image inspect, never a pull: on a machine that
 * reaches no registry a pull only fails, slowly). Without a runtime (this
 * machine: the docker client exists, no engine runs) it fails within
 * milliseconds; the timeout only guards against a socket that hangs.
 * testcontainers logs through `debug`, so a failed check prints nothing.
 */
export async function inspectContainerRuntime(
  images: readonly string[],
  timeoutMs = 5_000,
): Promise<ContainerRuntimeState> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<ContainerRuntimeState>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'absent' }), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([askRuntime(images), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

async function askRuntime(images: readonly string[]): Promise<ContainerRuntimeState> {
  try {
    // Imported lazily: a packed @vigil/testkit may run where testcontainers is not installed.
    const { getContainerRuntimeClient, ImageName } = await import('testcontainers');
    const client = await getContainerRuntimeClient();
    const present = await Promise.all(images.map((image) => client.image.exists(ImageName.fromString(image))));
    return { kind: 'answers', missingImages: images.filter((_, index) => !present[index]) };
  } catch {
    return { kind: 'absent' };
  }
}
