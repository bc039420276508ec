"""The example the template ships with: Ballerup Kommune's Fællesskabsmodellen (2018), from the documents.

The figures come from ``trappen.udfs.documents``, where the documents' tables are typed once: Ballerup's
note (BAL-N), Ballerup's 2017 accounts (BAL-R) and Socialstyrelsen's evaluation (SOC; its Haderslev table
stands in where Ballerup prints no population). Amounts keep the documents' units, named with each table.
``None`` is a printed "-". What is not in the documents is marked as an assumption. An :class:`Example` is
plain data, so batch runs and benchmarks can build workbooks with other inputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from trappen.udfs import documents as doc
from trappen.udfs.payers import EXAMPLE_RATES, EXAMPLE_THRESHOLDS


def _rows(table) -> tuple:
    """A table of the documents (a list of rows) as the immutable tuples a dataclass default needs."""
    return tuple(tuple(row) for row in table)


def _with_missing_type(rows, present, count: int, fill=0) -> tuple:
    """Rows for ``count`` types from rows for the types at positions ``present`` (the others get ``fill``)."""
    width = len(rows[0])
    by_position = dict(zip(present, rows))
    return tuple(tuple(by_position.get(i, (fill,) * width)) for i in range(count))


@dataclass(frozen=True)
class Example:
    municipality: str = "Ballerup Kommune"
    # Forudsætninger
    price_year: int = 2017
    price_growth: float = doc.BALLERUP_PRICE_GROWTH  # BAL-N: "den almindelige prisudvikling på 2 %"
    home_share: float = doc.BALLERUP_HOME_SHARE  # BAL-N: 20 % of a fall in placement costs becomes home-based
    preventive_share: float = doc.BALLERUP_PREVENTIVE_SHARE  # ... and 10 % preventive costs
    discount_rate: float = 0.035  # not in the documents: the State's real discount rate, an assumption
    target_caseload: float = doc.CASELOAD_TARGET  # BAL-N: "et sagsantal på ikke over 20"
    extra_advisers: float = doc.BALLERUP_EXTRA_ADVISERS  # BAL-N: "yderligere 12 socialrådgivere"
    cost_per_adviser: float = doc.BALLERUP_ADVISERS_COST_MIO / doc.BALLERUP_EXTRA_ADVISERS  # mio. kr. a year

    # P/L index by year: 2 % a year as in the note (replace with KL's pris- og lønskøn)
    price_index: tuple = ((2015, 100.0), (2016, 102.0), (2017, 104.04), (2018, 106.1208), (2019, 108.243216),
                          (2020, 110.40808032), (2021, 112.6162419264), (2022, 114.868566764928))

    # Anbringelser (BAL-N "Udviklingen i anbringelsesmønstret", "Udviklingen i enhedspriser", "Fremtidigt scenarie")
    placement_types: tuple = tuple(doc.PLACEMENT_TYPES)
    snapshot_labels: tuple = tuple(doc.SNAPSHOT_LABELS)
    snapshots: tuple = _rows(doc.PLACEMENTS_BY_DATE)
    activity_base: int = 2  # the scenario's budget effect is measured against Jan 2018 (no kommunal plejefamilie)
    price_years: tuple = tuple(doc.UNIT_PRICE_YEARS)
    unit_prices: tuple = _rows(doc.UNIT_PRICES)
    years: tuple = tuple(doc.BALLERUP_YEARS)
    # the scenario prints no kommunal plejefamilie row: 0 placements of that type
    scenario: tuple = _with_missing_type(doc.SCENARIO_COUNTS, doc.SCENARIO_ROWS, len(doc.PLACEMENT_TYPES))

    # Investeringscase (BAL-N "Nettobesparelse" and "Finansieringsbehov"), mio. kr., 2018–2022
    savings_requirement: tuple = tuple(doc.BALLERUP_SAVINGS_REQUIREMENT)
    need_placements: tuple = tuple(doc.BALLERUP_PLACEMENT_FINANCING)
    need_prevention: tuple = tuple(doc.BALLERUP_NEED_PREVENTION)
    need_inflow: tuple = tuple(doc.BALLERUP_NEED_INFLOW)
    # BDO's original case, mio. kr., 2017–2021
    bdo_years: tuple = tuple(doc.BDO_YEARS)
    bdo_requirement: tuple = tuple(doc.BDO_SAVINGS_REQUIREMENT)
    bdo_investment: tuple = tuple(doc.BDO_INVESTMENT)

    # Sagstal (BAL-N)
    cases_last_year: int = doc.CASES_2017
    cases_now: int = doc.CASES_NOW
    advisers_now: float = round(doc.CASES_NOW / doc.CASELOAD_NOW)  # 770 cases at "i gennemsnit 24 sager" ≈ 32
    notifications_previous: tuple = tuple(doc.NOTIFICATIONS_BY_YEAR.items())
    notifications_to_date: int = doc.NOTIFICATIONS_TO_DATE
    notifications_date: tuple = doc.NOTIFICATIONS_DATE

    # Regnskab (BAL-R Tabel 2, 1.000 kr.): adopted, corrected, accounts, transferred
    accounts_year: int = 2017
    accounts: tuple = tuple((label, *values[:4]) for label, values in doc.ACCOUNTS_2017.items())
    # Prices from the 2016 accounts (BAL-N "Faktisk udgiftsfordeling" 2016, BAL-R Tabel 4 units, 1.000 kr.)
    tracks_2016: tuple = tuple(zip(list(doc.ACCOUNTS_2017)[:4], doc.ACCOUNTS_2016, doc.UNITS_2016))
    # BAL-N "Udgifter til behandlingsskoler", 1.000 kr., 2014–2017; base period 2014–2015
    school_years: tuple = tuple(doc.SCHOOL_YEARS)
    schools: tuple = tuple((label, *values) for label, values in doc.SCHOOLS.items())
    base_period_years: int = 2  # the first two years (2014–2015) are the base period

    # Nøgletal per 1000: SOC Tabel 7 (Haderslev); population implied by the table (not printed)
    permille_source: str = "Haderslev Kommune, Socialstyrelsen Tabel 7 (Ballerup oplyser ikke befolkningstal)"
    permille_labels: tuple = tuple(doc.HADERSLEV_TABLE_7_COLUMNS)
    permille_rows: tuple = tuple((label, tuple(doc.HADERSLEV_TABLE_7[label][0]))
                                 for label in ("Hjemmebaserede anbringelser",
                                               "Modtagere af forebyggende foranstaltninger"))
    population: tuple = tuple(doc.HADERSLEV_POPULATION_IMPLIED)

    # Scenarier / Usikkerhed / Opfølgning
    full_requirement: float = doc.BALLERUP_FULL_REQUIREMENT_MIO  # mio. kr.: "Besparelseskrav" at full phase-in
    refund_thresholds: tuple = EXAMPLE_THRESHOLDS  # illustrative refusion thresholds (not from the documents)
    refund_rates: tuple = EXAMPLE_RATES
    # low/high per assumption (udfs.uncertainty.ASSUMPTIONS): growth beyond budget, achieved share,
    # deadweight, optimism bias, investment overrun
    uncertainty_low: tuple = (0.0, 0.8, 0.0, 0.0, 0.0)
    uncertainty_high: tuple = (0.02, 1.0, 0.2, 0.2, 0.1)
    horizon: int = 5
    montecarlo_n: int = 10_000
    montecarlo_seed: int = 1
    # (label, planned saving in 1.000 kr., track: the row of Regnskab's 2016 tracks and 2017 activities)
    follow_up: tuple = (("Indgribende foranstaltninger (anbringelser)", doc.BDO_REQUIREMENT_2017_THOUSANDS, 2),)

    notes: dict = field(default_factory=dict, compare=False)

    def scaled(self, factor: float) -> "Example":
        """The same case with every placement count scaled (for batch runs and benchmarks)."""
        scenario = tuple(tuple(round(c * factor) for c in row) for row in self.scenario)
        return replace(self, scenario=scenario)


BALLERUP = Example()
