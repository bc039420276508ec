"""TREND (and GROWTH) with Excel's shapes of known_y's, known_x's and new_x's.

Microsoft, "TREND function" (support.microsoft.com, e2f135f0-8827-4096-9873-9a7cf7b51ef1): TREND fits a
straight line by least squares to known_y's and known_x's and "returns the y-values along that line for the
array of new_x's". "If only one variable is used, known_y's and known_x's can be ranges of any shape, as long
as they have equal dimensions"; "if the array known_y's is in a single column, then each column of known_x's
is interpreted as a separate variable", in a single row each row; new_x's "must include a column (or row)
for each independent variable, just as known_x's does"; left out, known_x's is {1,2,3,...} and new_x's is
known_x's; const FALSE sets b to 0. Its example: costs of months 1 to 12 (133.890 ... 145.290) give
146.172 for month 13 and 150.244 for month 17. "GROWTH function" (541a91dc-3d5e-437d-b156-21324e68b80d)
is the same fit to ln(y), returned as exp.

``formulas`` read a one-variable fit over rows wrongly (``=TREND(J5:N5,J6:N6,E2:F2)``: Excel 6,2,
formulas 10,85) and refused constant arrays (``=TREND({1,3,2,5,4},{1,2,3,4,5},6)`` gave ``#VALUE!``).
Text, a boolean or an empty cell among the numbers is ``#VALUE!``; shapes that do not fit are ``#REF!``.
"""

from __future__ import annotations

import numpy as np
from formulas.errors import FoundError
from formulas.functions import Array, Error, XlError, wrap_func

from .coercion import is_number


def _numbers(value) -> np.ndarray:
    array = np.atleast_2d(np.asarray(value, dtype=object))
    for index, item in np.ndenumerate(array):  # {1,-1}: formulas keeps the computed -1 as a 0-d array
        if isinstance(item, np.ndarray) and item.size == 1:
            array[index] = item = item.ravel()[0]
        if isinstance(item, XlError):
            raise FoundError(err=item)
        if not is_number(item):
            raise FoundError(err=Error.errors["#VALUE!"])
    return array.astype(float)


def _fit(x: np.ndarray, y: np.ndarray, const: bool) -> np.ndarray:
    """Coefficients (b first, then one per variable) of the least-squares fit of ``y`` (n) on ``x`` (n × k)."""
    design = np.column_stack([np.ones(len(y)), x]) if const else x
    coefficients = np.linalg.lstsq(design, y, rcond=None)[0]
    return coefficients if const else np.concatenate([[0.0], coefficients])


def trend_values(known_y, known_x=None, new_x=None, const=True) -> np.ndarray:
    """TREND's values (an array shaped as new_x's for one variable, one value per row or column else)."""
    y = _numbers(known_y)
    const = bool(np.asarray(const, dtype=object).ravel()[0]) if const is not None else True
    if known_x is None:
        x = np.arange(1, y.size + 1, dtype=float).reshape(y.shape)
    else:
        x = _numbers(known_x)
    new = x if new_x is None else _numbers(new_x)
    if x.shape == y.shape:  # one variable: any shape
        coefficients = _fit(x.reshape(-1, 1), y.ravel(), const)
        return coefficients[0] + coefficients[1] * new
    if y.shape[1] == 1 and x.shape[0] == y.shape[0] and new.shape[1] == x.shape[1]:  # a column: columns
        coefficients = _fit(x, y.ravel(), const)
        return (coefficients[0] + new @ coefficients[1:]).reshape(-1, 1)
    if y.shape[0] == 1 and x.shape[1] == y.shape[1] and new.shape[0] == x.shape[0]:  # a row: rows
        coefficients = _fit(x.T, y.ravel(), const)
        return (coefficients[0] + new.T @ coefficients[1:]).reshape(1, -1)
    raise FoundError(err=Error.errors["#REF!"])


def xtrend(known_y, known_x=None, new_x=None, const=True):
    return np.asarray(trend_values(known_y, known_x, new_x, const), dtype=object).view(Array)


def xgrowth(known_y, known_x=None, new_x=None, const=True):
    y = _numbers(known_y)
    if (y <= 0).any():
        raise FoundError(err=Error.errors["#NUM!"])
    values = np.exp(trend_values(np.log(y), known_x, new_x, const))
    return np.asarray(values, dtype=object).view(Array)


def install(table) -> None:
    table["TREND"] = wrap_func(xtrend)
    table["GROWTH"] = wrap_func(xgrowth)
