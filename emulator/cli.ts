/**
 * `npm run emulator -- [--port 12111] [--host 127.0.0.1] [--data FILE] [--webhook-url URL] [--webhook-secret whsec_...] [--webhook-chaos [SEED]]`
 * Env: STRIPE_EMULATOR_PORT, STRIPE_EMULATOR_HOST, STRIPE_EMULATOR_DATA, STRIPE_WEBHOOK_URL, STRIPE_WEBHOOK_SECRET, STRIPE_EMULATOR_WEBHOOK_CHAOS.
 */
import { startEmulator } from "./server";

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) continue;
    const eq = arg.indexOf("=");
    if (eq !== -1) out[arg.slice(2, eq)] = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) out[arg.slice(2)] = argv[++i];
    else out[arg.slice(2)] = "true";
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log("Usage: npm run emulator -- [--port 12111] [--host 127.0.0.1] [--data FILE] [--webhook-url URL] [--webhook-secret whsec_...] [--webhook-chaos [SEED]] [--quiet]");
    return;
  }
  const port = Number(args.port ?? process.env.STRIPE_EMULATOR_PORT ?? 12111);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Invalid port: ${args.port ?? process.env.STRIPE_EMULATOR_PORT}`);
    process.exit(2);
  }
  const chaos = args["webhook-chaos"] ?? process.env.STRIPE_EMULATOR_WEBHOOK_CHAOS;
  if (chaos !== undefined && chaos !== "true" && chaos !== "" && !Number.isInteger(Number(chaos))) {
    console.error(`Invalid --webhook-chaos seed: ${chaos}`);
    process.exit(2);
  }
  const webhookUrl = args["webhook-url"] ?? process.env.STRIPE_WEBHOOK_URL ?? undefined;
  const webhookSecret = args["webhook-secret"] ?? process.env.STRIPE_WEBHOOK_SECRET ?? undefined;
  if (webhookUrl && !webhookSecret) console.warn("Warning: a webhook URL without a webhook secret: signatures will not verify (set STRIPE_WEBHOOK_SECRET).");
  const emulator = await startEmulator({
    port,
    host: args.host ?? process.env.STRIPE_EMULATOR_HOST ?? "127.0.0.1",
    dataFile: args.data ?? process.env.STRIPE_EMULATOR_DATA ?? undefined,
    webhookUrl,
    webhookSecret,
    quiet: args.quiet === "true",
    webhookChaos: chaos === undefined ? undefined : chaos === "true" || chaos === "" ? true : { seed: Number(chaos) },
  });
  console.log(`Stripe emulator listening on ${emulator.url} (Stripe.js stand-in: ${emulator.url}/v3/stripe.js)`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Stripe emulator stopping (${signal})`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
