"""Optuna's side of bench/search-quality.ts: runs Optuna's sampler on the objective that the Node
bench evaluates, over stdin/stdout (one JSON object per line), so both sides score the very same
objective code. Run by the bench with Debian's python3 (python3-optuna); not meant to be run by hand.

stdin, first line: {"space": {name: domain}, "direction": ..., "algorithm": "tpe"|"random",
                    "multivariate": bool, "evals": N, "seeds": S}
then, for every evaluation, this writes {"params": {...}} and reads back {"value": v}; at the end it
writes {"done": {"medianBest": ..., "msPerSuggestion": ..., "lateMsPerSuggestion": ..., "cpuMsPerSuggestion": ...}}.
"""
import json
import statistics
import sys
import time

import optuna

optuna.logging.set_verbosity(optuna.logging.ERROR)


def distributions(space):
    dists, fixed = {}, {}
    for name, d in space.items():
        kind = d["type"]
        if kind == "fixed":
            fixed[name] = d["value"]
        elif kind == "choice":
            dists[name] = optuna.distributions.CategoricalDistribution(d["values"])
        elif kind == "int":
            dists[name] = optuna.distributions.IntDistribution(d["low"], d["high"], step=d.get("step", 1), log=bool(d.get("log")))
        elif kind == "float":
            dists[name] = optuna.distributions.FloatDistribution(d["low"], d["high"])
        elif kind == "log-float":
            dists[name] = optuna.distributions.FloatDistribution(d["low"], d["high"], log=True)
    return dists, fixed


def sampler_for(config, seed):
    if config["algorithm"] == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    return optuna.samplers.TPESampler(seed=seed, multivariate=bool(config.get("multivariate")))


def main():
    config = json.loads(sys.stdin.readline())
    dists, fixed = distributions(config["space"])
    evals, seeds = config["evals"], config["seeds"]
    bests, times, late, cpu = [], [], [], []
    for seed in range(seeds):
        study = optuna.create_study(direction=config["direction"], sampler=sampler_for(config, seed))
        for k in range(evals):
            start = time.perf_counter()
            cpu_start = time.process_time()
            trial = study.ask(fixed_distributions=dists)
            elapsed = (time.perf_counter() - start) * 1000
            cpu.append((time.process_time() - cpu_start) * 1000)
            times.append(elapsed)
            if k >= evals * 0.9:
                late.append(elapsed)
            print(json.dumps({"params": {**trial.params, **fixed}}), flush=True)
            value = json.loads(sys.stdin.readline())["value"]
            study.tell(trial, value)
        bests.append(study.best_value)
    done = {
        "medianBest": statistics.median(bests),
        "msPerSuggestion": statistics.fmean(times),
        "lateMsPerSuggestion": statistics.fmean(late),
        "cpuMsPerSuggestion": statistics.fmean(cpu),
    }
    print(json.dumps({"done": done}), flush=True)


main()
