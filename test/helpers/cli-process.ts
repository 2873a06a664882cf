import { spawnSubnet } from '../../devnet/harness.ts';

// Starting `subnet` as a child process is shared with the devnet harness (benchmarks spawn devnets too).
export { type CliProcess, REPO_ROOT, SUBNET_BIN, spawnSubnet } from '../../devnet/harness.ts';

/** Runs `subnet <args>` to completion and returns its exit code and output. */
export async function runSubnet(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = spawnSubnet(args, options);
  const timer = setTimeout(() => cli.proc.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const code = await cli.exited;
  clearTimeout(timer);
  // let the stream 'data' handlers drain
  await new Promise((r) => setImmediate(r));
  return { code, stdout: cli.lines.join('\n'), stderr: cli.stderr() };
}
