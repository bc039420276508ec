"""Print a release's function signatures, one a line, as that release's own registry declares them.

Run with the release's code first on PYTHONPATH (tools/released_template.sh does); the result is kept as
tests/data/released/signatures-VERSION.txt, which docs/graenseflade.md's section for that version must list
(tests/test_interface.py). The signature is the release's own ``ExcelFunction.signature`` (``[name]`` optional,
``[name...]`` repeating; 0.1.0 and 0.2.0 write it as today's registry does).
"""

from __future__ import annotations

import trappen.udfs as udfs

if __name__ == "__main__":
    for spec in udfs.REGISTRY.values():
        print(spec.signature)
