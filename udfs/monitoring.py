"""Monitoring (nøgletal): counts per 1000 children, and counts so far this year projected to the year."""

from __future__ import annotations

import calendar

from . import documents as doc
from . import inputs
from .errors import TrappenError
from .registry import ACCOUNTS, Example, excel_function


@excel_function(
    "PERMILLE",
    along_row=True, down_column=True,
    category=ACCOUNTS,
    help="Antal pr. 1000 i befolkningen (promille), fx anbragte børn pr. 1000 0–17-årige.",
    result="antal pr. 1000",
    count=("Antal (fx anbragte børn), et tal eller en række.", "antal"),
    population=("Befolkningen, fx antal 0–17-årige; samme form eller ét tal. Over 0.", "personer"),
    example=Example(
        formula="=PERMILLE(594; 11498)",
        args=(doc.HADERSLEV_TABLE_7["Modtagere af forebyggende foranstaltninger"][0][1],
              doc.HADERSLEV_POPULATION_IMPLIED[1]),
        result=594 / 11_498 * 1000,
        source="Socialstyrelsens evaluering, Tabel 7 (Haderslev), maj 2016: 594 modtagere = 51,66 pr. 1000",
    ),
)
def permille(count, population):
    """Count per 1000 of the population (promille), e.g. placed children per 1000 aged 0–17.

    Parameters
    ----------
    count : float or array_like
        Number of children or cases (no negatives).
    population : float or array_like
        Population, e.g. children aged 0–17; same shape or a single number; above 0.

    Returns
    -------
    float or ndarray
        Count per 1000.

    Notes
    -----
    ``permille = count / population × 1000``

    Examples
    --------
    Haderslev (SOC Tabel 7), May 2016: 594 recipients of preventive measures, printed as 51,66 per 1000
    aged 0–17 (the population, about 11.498, is implied by the table):

    >>> round(permille(594, 11498), 2)
    51.66
    """
    number = inputs.numbers(count, "count", nonnegative=True)
    people = inputs.numbers(population, "population", nonnegative=True)
    (number, people), shape = inputs.aligned({"count": number, "population": people})
    return inputs.shaped(inputs.divide(number, people, "population", "antallet pr. 1000") * 1000.0, shape)


@excel_function(
    "ANNUALIZE",
    takes_date=True,
    category=ACCOUNTS,
    help="Fremskriver et antal hidtil i år til hele året i forhold til dagene, der er gået "
         "(inkl. datoen): antal × dage i året / dage gået.",
    result="antal for hele året (ikke afrundet)",
    count_to_date=("Antal hidtil i år (fx underretninger).", "antal"),
    as_of_date=("Opgørelsesdatoen (en dato; tæller med som dag).", "dato"),
    example=Example(
        formula="=ANNUALIZE(207; DATO(2018;6;13))",
        args=(doc.NOTIFICATIONS_TO_DATE, 43_264),  # 13 June 2018 as an Excel date serial
        result=207 * 365 / 164,
        source="Ballerup-notatet: 207 underretninger pr. 13. juni 2018 ≈ 461 i hele 2018",
    ),
)
def annualize(count_to_date, as_of_date):
    """A count so far this year projected to the whole year in proportion to the days elapsed.

    Parameters
    ----------
    count_to_date : float
        Count since 1 January (no negatives).
    as_of_date : date or float
        The date the count was taken, counted as a day elapsed: a date, or an Excel serial number.

    Returns
    -------
    float
        ``count × days in the year / days elapsed`` (365 or 366 days), not rounded.

    Examples
    --------
    Ballerup (BAL-N): 207 notifications by 13 June 2018 (day 164) — "en forventning om 461":

    >>> import datetime
    >>> round(annualize(207, datetime.date(2018, 6, 13)))
    461
    """
    number = inputs.scalar(count_to_date, "count_to_date", nonnegative=True)
    serial = inputs.date_serial(as_of_date, "as_of_date")
    if serial < 61:
        raise TrappenError("as_of_date", "er før 1. marts 1900", "skriv en dato efter 1900, fx DATO(2018;6;13)")
    day = inputs.serial_to_date(serial)
    elapsed = day.timetuple().tm_yday
    days_in_year = 366 if calendar.isleap(day.year) else 365
    return number * days_in_year / elapsed
