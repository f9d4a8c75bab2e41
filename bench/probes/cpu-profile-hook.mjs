// Preloaded by bench/profile.ts through NODE_OPTIONS=--import (which refuses --cpu-prof): in the
// app server process only (scripts/server.ts), profile the CPU from SIGUSR2 (sent once the server
// is up, so boot and migrations stay out) to exit and write
// CPU_PROFILE_DIR/server.cpuprofile. The main-thread inspector session answers synchronously, so
// this works in an exit handler.
import { Session } from "node:inspector";
import { writeFileSync } from "node:fs";
import path from "node:path";

if (process.argv.some((a) => a.endsWith(path.join("scripts", "server.ts"))) && process.env.CPU_PROFILE_DIR) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  process.on("SIGUSR2", () => session.post("Profiler.start"));
  process.on("exit", () => {
    session.post("Profiler.stop", (err, res) => {
      if (!err) writeFileSync(path.join(process.env.CPU_PROFILE_DIR, "server.cpuprofile"), JSON.stringify(res.profile));
    });
  });
}
