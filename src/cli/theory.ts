/** `hinge-dynamics theory`: the mean-field theory's quantities at chosen times. */
import { theoryTable, type TheoryRow } from "../theory/summary";
import { parseArgs } from "node:util";
import { asFlagError, joinNegativeValues, num, numList, usage } from "./args";

export const THEORY_HELP = `Usage: hinge-dynamics theory [flags]

Prints, for each time t, the clock γ(t) of main (13) (main (14) for sphere data), the threshold
H = 2h√d/(α sinh 2γ), the drive I(t) and the unsatisfied fraction f_U(t).

  --d N            input dimension d (integer >= 2; default 100)
  --M N            hidden nodes M (integer >= 1; default 400); the rate is β = β* / M
  --alpha X        output scale α of the loss (> 0; default 1)
  --h X            hinge threshold h (> 0; default 1)
  --beta-star X    learning rate β* of gradient descent (> 0; default 1000)
  --t LIST         comma-separated times in steps (>= 0; default 1,10,100,1000,2000)
  --N N            training-set size: adds J(t)/√N, the perpendicular drive of SM (22)
  --delta X        mislabeled fraction δ in [0, 0.5): I_δ, f_U,δ, J_δ of SM (23)-(24) (default 0)
  --data KIND      gaussian | sphere (default gaussian)
  --discrete       adds the exact discrete-step clock γ_t and factor c_t (integer times only)
  --json           prints JSON instead of a table
  -h, --help       this text
`;

export function theoryCommand(argv: string[]): string {
  const { values } = usage(() =>
    parseArgs({
      args: joinNegativeValues(argv),
      strict: true,
      options: {
        d: { type: "string", default: "100" },
        M: { type: "string", default: "400" },
        alpha: { type: "string", default: "1" },
        h: { type: "string", default: "1" },
        "beta-star": { type: "string", default: "1000" },
        t: { type: "string", default: "1,10,100,1000,2000" },
        N: { type: "string" },
        delta: { type: "string", default: "0" },
        data: { type: "string", default: "gaussian" },
        discrete: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }),
  );
  if (values.help) return THEORY_HELP;
  let rows: TheoryRow[];
  try {
    const p = {
      d: num("--d", values.d) as number,
      M: num("--M", values.M) as number,
      alpha: num("--alpha", values.alpha) as number,
      h: num("--h", values.h) as number,
      betaStar: num("--beta-star", values["beta-star"]) as number,
      delta: num("--delta", values.delta) as number,
      data: values.data as "gaussian",
    };
    rows = theoryTable(p, numList("--t", values.t as string), { N: num("--N", values.N), discrete: values.discrete });
  } catch (e) {
    throw asFlagError(e, { times: "--t" });
  }
  if (values.json) return JSON.stringify(rows, (_, v) => (v === Infinity ? "Infinity" : v), 1) + "\n";
  return formatTable(rows);
}

/** Fixed-width columns, 6 significant digits. */
function formatTable(rows: TheoryRow[]): string {
  const keys = Object.keys(rows[0]) as (keyof TheoryRow)[];
  const head: Record<string, string> = {
    t: "t",
    gamma: "gamma",
    H: "H",
    I: "I",
    fU: "f_U",
    JoverSqrtN: "J/sqrt(N)",
    gammaDiscrete: "gamma_disc",
    c: "c",
  };
  const cell = (v: number) => (Number.isInteger(v) && Math.abs(v) < 1e15 ? String(v) : v.toPrecision(6));
  const table = [keys.map((k) => head[k]), ...rows.map((r) => keys.map((k) => cell(r[k] as number)))];
  const width = keys.map((_, j) => Math.max(...table.map((row) => row[j].length)));
  return table.map((row) => row.map((c, j) => c.padStart(width[j])).join("  ")).join("\n") + "\n";
}
