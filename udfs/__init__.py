"""Trappen's function library: the budget arithmetic of the investment cases, as Excel functions.

Every function is a plain numpy function under its lower-case name (``trappen.udfs.placementcost``,
``trappen.udfs.netsaving`` ...) that raises :class:`TrappenError` on bad input, and has an Excel twin under
its Excel name (``trappen.udfs.PLACEMENTCOST`` ...) that xlwings imports (its ``UDF Modules`` setting is
``trappen.udfs``): same arguments, Danish help, and an Excel error value with a one-line message instead of
an exception. :data:`REGISTRY` holds each function's declaration, in the order of :data:`FUNCTIONS`;
everything else reads it from there.
"""

from __future__ import annotations

from .accounts import extraspend, followup, overspend
from .errors import NotReachedError, TrappenError, ZeroDenominatorError
from .investmentcase import investmentcase
from .monitoring import annualize, permille
from .net_result import cumulative, netsaving, paybackyear, presentvalue, spillover
from .payers import payersplit
from .placements import activityeffect, placementcost, placementmix
from .prices import priceindex, unitprice
from .registry import ExcelFunction, Failure, declarations
from .staffing import advisercost, advisersneeded, caseload
from .uncertainty import breakevenfall, breakevengrowth, montecarlo, tornado

#: Every function Excel sees, in this order: the contract's seventeen (tests/data/FUNCTIONS.md, its order), then the
#: whole case beyond it. The README's and the guide's function reference follow this order.
FUNCTIONS = (
    placementcost, activityeffect, placementmix, unitprice, priceindex,
    netsaving, spillover, cumulative, paybackyear, presentvalue,
    caseload, advisersneeded, advisercost,
    extraspend, overspend, permille, annualize,
    investmentcase, breakevenfall, breakevengrowth, tornado, montecarlo, payersplit, followup,
)

#: Excel name -> declaration (:class:`ExcelFunction`), in the order of :data:`FUNCTIONS`.
REGISTRY: dict[str, ExcelFunction] = declarations(FUNCTIONS)

# The Excel twins under their Excel names: what xlwings imports (it scans this module for decorated functions).
PLACEMENTCOST = placementcost.excel
ACTIVITYEFFECT = activityeffect.excel
PLACEMENTMIX = placementmix.excel
UNITPRICE = unitprice.excel
PRICEINDEX = priceindex.excel
NETSAVING = netsaving.excel
SPILLOVER = spillover.excel
CUMULATIVE = cumulative.excel
PAYBACKYEAR = paybackyear.excel
PRESENTVALUE = presentvalue.excel
CASELOAD = caseload.excel
ADVISERSNEEDED = advisersneeded.excel
ADVISERCOST = advisercost.excel
EXTRASPEND = extraspend.excel
OVERSPEND = overspend.excel
PERMILLE = permille.excel
ANNUALIZE = annualize.excel
INVESTMENTCASE = investmentcase.excel
BREAKEVENFALL = breakevenfall.excel
BREAKEVENGROWTH = breakevengrowth.excel
TORNADO = tornado.excel
MONTECARLO = montecarlo.excel
PAYERSPLIT = payersplit.excel
FOLLOWUP = followup.excel

__all__ = [
    "FUNCTIONS", "REGISTRY", "ExcelFunction", "Failure", "TrappenError", "ZeroDenominatorError",
    "NotReachedError",
    *(function.__name__ for function in FUNCTIONS),
    *REGISTRY,
]
