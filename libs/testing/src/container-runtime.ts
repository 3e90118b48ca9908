/**
 * Whether a container runtime answers testcontainers. Without one (this
 * machine: the docker client exists, no engine runs) it fails within
 * milliseconds; the timeout only guards against a socket that hangs.
 * testcontainers logs through `debug`, so a failed check prints nothing.
 */
export async function containerRuntimeAnswers(timeoutMs = 5_000): Promise<boolean> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
    timer.unref();
  });
  const answered = getContainerRuntimeClient().then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([answered, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
