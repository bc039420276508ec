"""Print a release's own examples as JSON: each function's example call and what that release computed.

Run with the release's code first on PYTHONPATH (tools/released_template.sh does); the result is kept as
tests/data/released/examples-VERSION.json, which today's functions must reproduce (tests/test_upgrade.py).
"""

from __future__ import annotations

import json
import sys

import numpy as np

import trappen.udfs as udfs


def plain(value):
    """JSON-ready: lists for arrays, Python numbers, None for empty cells (NaN)."""
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


if __name__ == "__main__":
    examples = {name: {"formula": spec.example.formula, "args": plain(list(spec.example.args)),
                       "result": plain(spec.call(*spec.example.args)), "source": spec.example.source}
                for name, spec in udfs.REGISTRY.items()}
    json.dump(examples, sys.stdout, ensure_ascii=False, indent=1)
    print()
