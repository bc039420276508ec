"""Print a release's function signatures, one a line, as that release's own registry declares them.

Run with the release's code first on PYTHONPATH (tools/released_template.sh does); the result is kept as
tests/data/released/signatures-VERSION.txt, which docs/graenseflade.md's section for that version must list
(tests/test_interface.py). The signature is written as today's ``ExcelFunction.signature`` writes it, from the
release's declared arguments (``[name]`` optional, ``[name...]`` repeating), so it works for any release.
"""

from __future__ import annotations

import trappen.udfs as udfs


def signature(spec) -> str:
    parts = []
    for arg in spec.arguments:
        text = f"{arg.name}..." if arg.repeating else arg.name
        parts.append(f"[{text}]" if arg.optional or arg.repeating else text)
    return f"{spec.name}({'; '.join(parts)})"


if __name__ == "__main__":
    for spec in udfs.REGISTRY.values():
        print(signature(spec))
