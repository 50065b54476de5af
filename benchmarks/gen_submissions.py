"""Write N varied answers files, as a tender with many vendors would bring: a benchmark input.

    python benchmarks/gen_submissions.py OUT_DIR [--count 30] [--seed 17]

Each file starts from one of the bundled vendor examples (so its product facts hang together)
and changes about a third of the scored answers at random to another option of the same
question; a few answers are left out. Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path
from typing import Any

from rcr_checklist.files.bank_loader import load_bank
from rcr_checklist.files.resources import examples_dir
from rcr_checklist.files.yamlio import dump_yaml, load_yaml
from rcr_checklist.model.bank import Bank

BASES = ("chestflow", "fracturefinder", "strokescan")
NAMES = (
    "Radiant",
    "Lumen",
    "Vista",
    "Osprey",
    "Kestrel",
    "Meridian",
    "Halcyon",
    "Cobalt",
    "Juniper",
    "Aster",
    "Beacon",
    "Cirrus",
    "Delta",
    "Ember",
    "Fathom",
    "Garnet",
    "Harbour",
    "Iris",
)


def _vary(bank: Bank, answers: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    out = {k: dict(v) for k, v in answers.items()}
    for q in bank.questions:
        if not bank.is_scored(q.id) or q.id not in out:
            continue
        options = [o.value for o in getattr(q, "options", [])]
        roll = rng.random()
        if roll < 0.05:
            del out[q.id]
        elif roll < 0.35 and options:
            answer = out[q.id]
            if q.kind == "multi":
                exclusive = {o.value for o in q.options if getattr(o, "exclusive", False)}  # type: ignore[union-attr]
                pool = [v for v in options if v not in exclusive] or options
                answer["value"] = sorted(rng.sample(pool, rng.randint(1, len(pool))))
            else:
                answer["value"] = rng.choice(options)
            answer.pop("justification", None)
    return out


def write_submissions(out: Path, count: int = 30, seed: int = 17) -> list[Path]:
    """Write ``count`` varied answers files into ``out`` (made if missing).

    Args:
        out: the folder to write ``vendor-01.yaml``, ``vendor-02.yaml``, ... into.
        count: how many files.
        seed: the random seed: the same seed gives the same files.

    Returns:
        The files written, in order.
    """
    bank = load_bank()
    rng = random.Random(seed)
    bases = {
        name: load_yaml((examples_dir() / f"{name}.yaml").read_text(encoding="utf-8"), name).data
        for name in BASES
    }
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(count):
        base = bases[BASES[i % len(BASES)]]
        data = dict(base)
        data["product"] = {
            **base["product"],
            "name": f"{NAMES[i % len(NAMES)]} {base['product']['name']}",
            "version": f"{1 + i // 10}.{i % 10}",
            "manufacturer": f"Vendor {i + 1:02d} Ltd (fictional)",
        }
        data["answers"] = _vary(bank, base["answers"], rng)
        path = out / f"vendor-{i + 1:02d}.yaml"
        path.write_text(dump_yaml(data), encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    """Parse the command line and write the files."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", "-n", type=int, default=30)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    write_submissions(args.out, args.count, args.seed)
    print(f"wrote {args.count} answers files to {args.out}")


if __name__ == "__main__":
    main()
