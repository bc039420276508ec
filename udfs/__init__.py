"""Trappen's function library: the budget arithmetic of the investment cases, as Excel functions.

Every function is a plain numpy function under its lower-case name (``udfs.placementcost``,
``udfs.netsaving`` ...) that raises :class:`TrappenError` on bad input, and has an Excel twin under its
upper-case Excel name (``udfs.PLACEMENTCOST`` ...) that xlwings imports (its ``UDF Modules`` setting is
``udfs``): same arguments, Danish help, and an Excel error value with a one-line message instead of an
exception. :data:`REGISTRY` holds each function's declaration; everything else reads it from there.
"""

from __future__ import annotations

from . import placements, prices, investment_case, staffing, accounts, monitoring  # contract order
from . import scenario, uncertainty, payers, follow_up  # beyond the contract: the whole case, after it
from .accounts import extraspend, overspend
from .errors import NotReachedError, TrappenError, ZeroDenominatorError
from .follow_up import followup
from .investment_case import cumulative, netsaving, paybackyear, presentvalue, spillover
from .monitoring import annualize, permille
from .payers import payersplit
from .placements import activityeffect, placementcost, placementmix
from .prices import priceindex, unitprice
from .registry import REGISTRY, ExcelFunction, Failure
from .scenario import investmentcase
from .staffing import advisercost, advisersneeded, caseload
from .uncertainty import breakevenfall, breakevengrowth, montecarlo, tornado

# The Excel twins, under their Excel names, for xlwings (it scans this module for decorated functions).
globals().update({name: spec.excel for name, spec in REGISTRY.items()})

__all__ = [
    "REGISTRY", "ExcelFunction", "Failure", "TrappenError", "ZeroDenominatorError", "NotReachedError",
    *(spec.python.__name__ for spec in REGISTRY.values()),
    *REGISTRY,
]
