"""Prices: the unit price (enhedspris) of a measure, and amounts moved between price levels (P/L)."""

from __future__ import annotations

import numpy as np

from . import danish, inputs
from . import documents as doc
from .errors import TrappenError, count
from .registry import PLACEMENTS, Example, excel_function


@excel_function(
    "UNITPRICE",
    along_row=True, down_column=True,
    category=PLACEMENTS,
    help="Gennemsnitlig pris pr. sag (enhedspris): samlet udgift / antal. Antal 0 giver #DIV/0!.",
    result="beløb pr. sag i udgiftens enhed (kr., 1.000 kr. ...)",
    total_cost=("Samlet udgift (fx regnskab for aktiviteten), et tal eller en række.", "kr."),
    count=("Antal sager/enheder, samme form som total_cost (eller ét tal). Ikke 0 og ikke negativ.", "antal"),
    example=Example(
        formula="=UNITPRICE(98284; 145)",
        args=(doc.ACCOUNTS_2016[2], doc.UNITS_2016[2]),
        result=98_284 / 145,
        source="Ballerups regnskab 2016: indgribende foranstaltninger 98.284 t.kr. / 145 enheder = 678 t.kr.",
    ),
)
def unitprice(total_cost, count):
    """Average price per case (enhedspris): total cost / number of cases, element by element.

    Parameters
    ----------
    total_cost : float or array_like
        Total expenditure, e.g. the accounts of an activity (kr. or 1.000 kr.; the result is per case in
        the same unit). Empty cells are an error.
    count : float or array_like
        Number of cases or units, same shape as ``total_cost`` or a single number. Must be above 0.

    Returns
    -------
    float or ndarray
        Price per case, in the unit of ``total_cost``.

    Notes
    -----
    ``price = total_cost / count``

    Examples
    --------
    Ballerup accounts (BAL-R Tabel 3 and 4, BAL-N "Faktisk udgiftsfordeling"), 2016: intrusive measures
    98.284 t.kr. for 145 units give the printed price of 678 t.kr.:

    >>> round(unitprice(98284, 145))
    678
    """
    cost = inputs.numbers(total_cost, "total_cost")
    number = inputs.numbers(count, "count", nonnegative=True)
    (cost, number), shape = inputs.aligned({"total_cost": cost, "count": number})
    result = inputs.divide(cost, number, "count", "prisen pr. sag")
    return inputs.shaped(result, shape)


@excel_function(
    "PRICEINDEX",
    category=PLACEMENTS,
    help="Flytter et beløb fra ét års pris- og lønniveau til et andet (fx 2015-PL til 2017-PL) med en "
         "tabel af indeks pr. år: beløb × indeks(til) / indeks(fra).",
    result="beløb i samme enhed som amount, i to_year's P/L",
    amount=("Beløb i from_year's prisniveau; et tal eller en række.", "kr."),
    from_year=("Året, beløbet er opgjort i (fx 2015), eller en række med ét år pr. beløb.", "år"),
    to_year=("Året, hvis prisniveau beløbet skal i (fx 2017), eller en række med ét år pr. beløb.", "år"),
    index_years=("Årene i indekstabellen (en række eller kolonne).", "år"),
    index_values=("Indeks for hvert år i index_years (fx 100; 102; 104,04). Over 0.", "indeks"),
    example=Example(
        formula="=PRICEINDEX(913835; 2015; 2017; A2:A4; B2:B4)",
        args=(doc.UNIT_PRICES[0][0], 2015, 2017, doc.UNIT_PRICE_YEARS, [100, 102, 104.04]),
        result=913_835 * 1.0404,
        source="Ballerup-notatet: opholdssted 2015 (913.835 kr.) i 2017-PL ved 2 % årlig prisudvikling",
        tolerance=1e-6,
    ),
)
def priceindex(amount, from_year, to_year, index_years, index_values):
    """An amount moved from one year's price and wage level (P/L) to another's with an index table.

    Parameters
    ----------
    amount : float or array_like
        Amount(s) at ``from_year`` prices (any money unit; unchanged).
    from_year, to_year : int or array_like
        The price years, present in ``index_years``: one year, or a row with one year per amount (e.g.
        each year's accounts moved to one year's P/L, as Socialstyrelsen's "2017-PL").
    index_years : array_like
        Years of the index table: whole years, each once.
    index_values : array_like
        Index value per year (any base, e.g. 2017 = 100); all above 0.

    Returns
    -------
    float or ndarray
        ``amount × index[to_year] / index[from_year]``, in the unit of ``amount``.

    Examples
    --------
    The 2015 unit price of an opholdssted in Ballerup (BAL-N, 913.835 kr.) in 2017-PL, with the note's
    "almindelige prisudvikling på 2 %":

    >>> round(priceindex(913835, 2015, 2017, [2015, 2016, 2017], [100, 102, 104.04]))
    950754

    Each year's amount in one year's P/L: the opholdssted prices of 2015, 2016 and 2017 in 2017-P/L:

    >>> priceindex([913835, 938739, 957106], [2015, 2016, 2017], 2017, [2015, 2016, 2017],
    ...            [100, 102, 104.04]).round().tolist()
    [950754.0, 957514.0, 957106.0]
    """
    values = inputs.numbers(amount, "amount")
    years = inputs.vector(index_years, "index_years", empty="error")
    index = inputs.vector(index_values, "index_values", empty="error")
    if years.size != index.size:
        raise TrappenError("index_values", f"har {count(index.size, 'værdi')}, men index_years har "
                           f"{count(years.size, 'værdi')}", "giv ét indeks pr. år")
    if np.any(index <= 0):
        low = float(index[np.flatnonzero(index <= 0)[0]])
        raise TrappenError("index_values", f"{danish.typed(low)} er ikke over 0", "skriv et indeks over 0, fx 100")
    odd = np.flatnonzero((years != np.floor(years)) | (years < 1) | (years > 9999))
    if odd.size:
        raise TrappenError("index_years", f"{danish.year(years[odd[0]])} er ikke et årstal",
                           "skriv hele årstal, fx 2015; 2016; 2017")
    unique, seen = np.unique(years, return_counts=True)
    if np.any(seen > 1):
        raise TrappenError("index_years", f"{danish.year(unique[seen > 1][0])} står der flere gange",
                           "skriv hvert år én gang")
    to_index = _index_of(to_year, "to_year", years, index)
    from_index = _index_of(from_year, "from_year", years, index)
    (values, to_index, from_index), shape = inputs.aligned({"amount": values, "to_year": to_index,
                                                              "from_year": from_index})
    return inputs.shaped(values * (to_index / from_index), shape)


def _index_of(year, name: str, years: np.ndarray, index: np.ndarray) -> np.ndarray:
    """The index value of each year in ``year`` (one year or a row of years), in its shape."""
    wanted = inputs.numbers(year, name)
    found = wanted.reshape(-1, 1) == years.reshape(1, -1)
    missing = ~found.any(axis=1)
    if missing.any():
        known = f"{danish.year(years.min())}–{danish.year(years.max())}"
        raise TrappenError(name, f"{danish.year(wanted.reshape(-1)[missing][0])} findes ikke i index_years ({known})",
                           "udvid indekstabellen med året")
    return index[found.argmax(axis=1)].reshape(wanted.shape)
