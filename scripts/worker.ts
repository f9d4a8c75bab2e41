// `npm run worker`: process background jobs in a process of their own (set RUN_JOBS_IN_APP=false
// on the app servers then). Several workers may run against one database.
import { stopJobQueue } from "../lib/jobs/queue";
import { startWorkers } from "../lib/jobs/worker";

async function main() {
  await startWorkers();
  console.log("Cashline worker started.");
  const stop = async () => {
    await stopJobQueue();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
