/**
 * A real one-node Slurm cluster for the tests (Debian's slurm-wlm and munge, run as root): munged with its own
 * socket, slurmctld and slurmd on their own ports, configured in a temporary folder. `stop` ends exactly the
 * processes it started (by the pid files they wrote). `missing` says why no cluster can start here.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";

export interface Cluster {
  conf: string;
  dir: string;
  stop(): void;
}

const BINARIES = ["munged", "slurmctld", "slurmd", "sbatch", "squeue", "sinfo", "scancel"];

/** Why a cluster cannot be started here (undefined: it can). */
export function missing(): string | undefined {
  const absent = BINARIES.filter((b) => spawnSync("sh", ["-c", `command -v ${b}`]).status !== 0);
  if (absent.length)
    return `Slurm is not installed here (no ${absent.join(", ")}; Debian: apt-get install slurm-wlm munge)`;
  if (process.getuid?.() !== 0) return "starting munged and slurmd needs root";
  if (!existsSync("/etc/munge/munge.key")) return "munge has no key (/etc/munge/munge.key)";
  return undefined;
}

export async function startCluster(o: { port?: number } = {}): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), "hinge-slurm-"));
  for (const sub of ["state", "spool", "munge"]) mkdirSync(join(dir, sub));
  const port = o.port ?? 20_000 + Math.floor(Math.random() * 20_000);
  const host = hostname();
  const conf = join(dir, "slurm.conf");
  writeFileSync(
    conf,
    [
      "ClusterName=hinge",
      `SlurmctldHost=${host}`,
      `SlurmctldPort=${port}`,
      `SlurmdPort=${port + 1}`,
      "AuthType=auth/munge",
      `AuthInfo=socket=${join(dir, "munge", "munge.socket")}`,
      "ProctrackType=proctrack/linuxproc",
      "TaskPlugin=task/none",
      "SchedulerType=sched/builtin",
      "SelectType=select/cons_tres",
      "SelectTypeParameters=CR_Core",
      `StateSaveLocation=${join(dir, "state")}`,
      `SlurmdSpoolDir=${join(dir, "spool")}`,
      `SlurmctldPidFile=${join(dir, "slurmctld.pid")}`,
      `SlurmdPidFile=${join(dir, "slurmd.pid")}`,
      `SlurmctldLogFile=${join(dir, "slurmctld.log")}`,
      `SlurmdLogFile=${join(dir, "slurmd.log")}`,
      "SlurmUser=root",
      "SlurmdUser=root",
      "ReturnToService=2",
      "MpiDefault=none",
      "JobAcctGatherType=jobacct_gather/none",
      "AccountingStorageType=accounting_storage/none",
      `NodeName=${host} CPUs=2 State=UNKNOWN`,
      "PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP",
      "",
    ].join("\n"),
  );
  const env = { ...process.env, SLURM_CONF: conf };
  const run = (command: string, args: string[]) => {
    const r = spawnSync(command, args, { env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${command} failed: ${r.stderr}${r.stdout}`);
  };
  const m = join(dir, "munge");
  run("munged", [
    "--force",
    `--socket=${join(m, "munge.socket")}`,
    `--pid-file=${join(m, "munged.pid")}`,
    `--log-file=${join(m, "munged.log")}`,
    `--seed-file=${join(m, "seed")}`,
  ]);
  const cluster: Cluster = {
    conf,
    dir,
    stop() {
      for (const pid of ["slurmd.pid", "slurmctld.pid", join("munge", "munged.pid")]) {
        try {
          process.kill(Number(readFileSync(join(dir, pid), "utf8")), "SIGTERM");
        } catch {
          // not started, or already gone
        }
      }
    },
  };
  try {
    run("slurmctld", ["-f", conf]);
    run("slurmd", ["-f", conf]);
    for (let k = 0; k < 60; k++) {
      const r = spawnSync("sinfo", ["-h", "-o", "%t"], { env, encoding: "utf8" });
      if (r.status === 0 && /idle/.test(r.stdout)) return cluster;
      await new Promise((res) => setTimeout(res, 500));
    }
    throw new Error(`the node did not come up: ${readFileSync(join(dir, "slurmctld.log"), "utf8").slice(-2000)}`);
  } catch (e) {
    cluster.stop();
    throw e;
  }
}
