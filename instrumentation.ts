// Runs once when a Next.js server process starts, before it serves requests.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  // Next.js and libraries print with console.*: through the logger, they get its redaction.
  const { routeConsoleThroughLogger } = await import("./lib/log");
  routeConsoleThroughLogger();
  const { bootApp } = await import("./lib/boot");
  await bootApp();
}
