#!/usr/bin/env python3
"""Exact references for `make bench-schedule`, computed ONCE, offline, outside the product.

Reads `passerelle.schedule/1` instances and solves the whole model (travel included) with an
outside solver, written from the format's documentation (docs/schedule-format.md), not from
Passerelle's code:

    x[r,s,k] in {0,1}                      request r at slot s (all its people available), site k
    sum_{s,k} x[r,s,k] <= 1                each request once
    sum_r x[r,s,k] <= tables[k]            site and slot
    sum_{r ∋ p, k} x[r,s,k] <= 1           person and slot
    sum_{r ∋ p, s, k} x[r,s,k] <= max[p]   caps
    y[p,i,a] + y[p,j,b] <= 1               travel: same day, a != b, j - i - 1 < travel(a, b)
    x[r,s,k] = 1                           fixed meetings

Neither the product nor `make test` uses this script or its solvers. It was run as

    python3 -m venv /tmp/sched-venv && /tmp/sched-venv/bin/pip install ortools highspy
    /tmp/sched-venv/bin/python bench/schedule-reference.py cpsat INSTANCE.json [...]
    /tmp/sched-venv/bin/python bench/schedule-reference.py lp INSTANCE.json [...]
    /tmp/sched-venv/bin/python bench/schedule-reference.py lp-relaxation LARGE.json [...]

`cpsat`: OR-Tools CP-SAT (2 workers, as in the issue), the best objective found by 1 s, 5 s and
60 s, and the optimum with its proof time. `lp`: HiGHS, the LP relaxation of the model above (the
root bound an LP-based exact mode starts from) and the time HiGHS's MIP takes to prove it.
`lp-relaxation`: the LP relaxation alone (the large instances' reference: issue 19 measures
their schedules against it).
Each prints one JSON object per instance.
"""

import json
import os
import sys
import time


def model(path):
    inst = json.load(open(path))
    slots = [s["id"] for s in inst["slots"]]
    day = {s["id"]: s["day"] for s in inst["slots"]}
    pos = {s: i for i, s in enumerate(slots)}
    tables = {s["id"]: s["tables"] for s in inst["sites"]}
    travel = {}
    for t in inst.get("travel", []):
        travel[(t["from"], t["to"])] = t["slots"]
        travel[(t["to"], t["from"])] = t["slots"]
    avail = {p["id"]: set(p["available"]) for p in inst["participants"]}
    cap = {p["id"]: p.get("max_meetings") for p in inst["participants"]}
    options = []  # (request index, slot, site, weight)
    for r, req in enumerate(inst["requests"]):
        common = set(slots)
        for p in req["participants"]:
            common &= avail[p]
        for s in sorted(common, key=pos.get):
            for k in req["sites"]:
                options.append((r, s, k, req["weight"]))
    fixed = {(f["request"], f["slot"], f["site"]) for f in inst.get("fixed", [])}
    return inst, slots, day, pos, tables, travel, cap, options, fixed


def rows(path):
    """The model's rows as lists of option indices with a right-hand side."""
    inst, slots, day, pos, tables, travel, cap, options, fixed = model(path)
    reqs = inst["requests"]
    out = []
    by_req, by_cell, by_person, by_pss = {}, {}, {}, {}
    for i, (r, s, k, _) in enumerate(options):
        by_req.setdefault(r, []).append(i)
        by_cell.setdefault((s, k), []).append(i)
        for p in reqs[r]["participants"]:
            by_person.setdefault(p, []).append(i)
            by_pss.setdefault((p, s, k), []).append(i)
    for vs in by_req.values():
        out.append((vs, 1))
    for (s, k), vs in by_cell.items():
        if len(vs) > tables[k]:
            out.append((vs, tables[k]))
    per_slot = {}
    for (p, s, k), vs in by_pss.items():
        per_slot.setdefault((p, s), []).extend(vs)
    for vs in per_slot.values():
        if len(vs) > 1:
            out.append((vs, 1))
    for p, vs in by_person.items():
        if cap[p] is not None and len(vs) > cap[p]:
            out.append((vs, cap[p]))
    keys_of = {}
    for (p, s, k) in by_pss:
        keys_of.setdefault(p, []).append((s, k))
    travel_rows = []
    for p, keys in keys_of.items():
        for (si, a) in keys:
            for (sj, b) in keys:
                i, j = pos[si], pos[sj]
                if j > i and a != b and day[si] == day[sj] and j - i - 1 < travel.get((a, b), 0):
                    travel_rows.append((by_pss[(p, si, a)] + by_pss[(p, sj, b)], 1))
    out.extend(travel_rows)
    fix = [i for i, (r, s, k, _) in enumerate(options) if (reqs[r]["id"], s, k) in fixed]
    return inst, options, out, fix


def cpsat(path):
    from ortools.sat.python import cp_model

    inst, options, cons, fix = rows(path)
    m = cp_model.CpModel()
    x = [m.NewBoolVar(f"x{i}") for i in range(len(options))]
    for vs, rhs in cons:
        m.Add(sum(x[i] for i in vs) <= rhs)
    for i in fix:
        m.Add(x[i] == 1)
    scale = 1
    while any(abs(w * scale - round(w * scale)) > 1e-9 for (_, _, _, w) in options):
        scale *= 10
    m.Maximize(sum(int(round(w * scale)) * x[i] for i, (_, _, _, w) in enumerate(options)))

    class Log(cp_model.CpSolverSolutionCallback):
        def __init__(self):
            super().__init__()
            self.t0 = time.time()
            self.trace = []

        def on_solution_callback(self):
            self.trace.append((round(time.time() - self.t0, 3), self.ObjectiveValue() / scale))

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = float(os.environ.get("CPSAT_SECONDS", "900"))
    log = Log()
    t0 = time.time()
    status = solver.Solve(m, log)
    seconds = round(time.time() - t0, 3)

    def at(limit):
        found = [v for t, v in log.trace if t <= limit]
        return max(found) if found else None

    return {
        "instance": path,
        "requests": len(inst["requests"]),
        "options": len(options),
        "solver": f"OR-Tools CP-SAT {__import__('ortools').__version__}, 2 workers",
        "status": solver.StatusName(status),
        "optimum": solver.ObjectiveValue() / scale if status == cp_model.OPTIMAL else None,
        "best": solver.ObjectiveValue() / scale,
        "bound": solver.BestObjectiveBound() / scale,
        "proof_seconds": seconds if status == cp_model.OPTIMAL else None,
        "cpsat_at_1s": at(1.0),
        "cpsat_at_5s": at(5.0),
        "cpsat_at_60s": at(60.0),
    }


def lp(path, mip=True):
    import highspy

    inst, options, cons, fix = rows(path)
    out = {"instance": path, "options": len(options), "rows": len(cons)}
    for integral in (False, True) if mip else (False,):
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("threads", 1)
        h.setOptionValue("time_limit", float(os.environ.get("LP_SECONDS", "600")))
        if not integral and os.environ.get("LP_SOLVER"):
            # The large instances' relaxation (147,328 columns, 476,883 rows for large-1) did not
            # finish in 600 s with the simplex; the interior-point method without crossover
            # gives its value (primal and dual objectives within HiGHS's tolerance).
            h.setOptionValue("solver", os.environ["LP_SOLVER"])
            h.setOptionValue("run_crossover", os.environ.get("LP_CROSSOVER", "off"))
        inf = highspy.kHighsInf
        for i, (_, _, _, w) in enumerate(options):
            lo = 1.0 if i in fix else 0.0
            h.addVar(lo, 1.0)
            h.changeColCost(i, -w)
            if integral:
                h.changeColIntegrality(i, highspy.HighsVarType.kInteger)
        for vs, rhs in cons:
            h.addRow(-inf, float(rhs), len(vs), vs, [1.0] * len(vs))
        t0 = time.time()
        h.run()
        info = h.getInfo()
        key = "mip" if integral else "lp"
        out[key] = -info.objective_function_value
        out[key + "_status"] = h.modelStatusToString(h.getModelStatus())
        if not integral:
            # Without crossover the value is the interior point's: its infeasibilities say how
            # far from an exact vertex it stopped.
            out["lp_solver"] = h.getOptionValue("solver")[1]
            out["lp_max_primal_infeasibility"] = info.max_primal_infeasibility
            out["lp_max_dual_infeasibility"] = info.max_dual_infeasibility
        out[key + "_seconds"] = round(time.time() - t0, 3)
        if integral:
            out["mip_bound"] = -info.mip_dual_bound
    return out


if __name__ == "__main__":
    what = sys.argv[1]
    for path in sys.argv[2:]:
        if what == "cpsat":
            print(json.dumps(cpsat(path)), flush=True)
        else:
            print(json.dumps(lp(path, mip=what == "lp")), flush=True)
