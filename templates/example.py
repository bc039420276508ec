"""The example the template ships with: Ballerup Kommune's Fællesskabsmodellen (2018), from the documents.

Sources (../shared/seeds/): BAL-N = 000 (Ballerup's note), BAL-R = 003 (Ballerup's 2017 accounts),
SOC = 002 (Socialstyrelsen's evaluation; its Haderslev table stands in where Ballerup prints no
population). Amounts keep the documents' units, named with each table. ``None`` is a printed "-".
An :class:`Example` is plain data, so batch runs and benchmarks can build workbooks with other inputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Example:
    municipality: str = "Ballerup Kommune"
    # Forudsætninger
    price_year: int = 2017
    price_growth: float = 0.02  # BAL-N: "den almindelige prisudvikling på 2 %"
    home_share: float = 0.2  # BAL-N: 20 % of a fall in placement costs becomes home-based costs
    preventive_share: float = 0.1  # ... and 10 % preventive costs
    discount_rate: float = 0.035  # not in the documents: the State's real discount rate, an assumption
    target_caseload: float = 20  # BAL-N: "et sagsantal på ikke over 20"
    extra_advisers: float = 12  # BAL-N: "yderligere 12 socialrådgivere"
    cost_per_adviser: float = 5.5 / 12  # mio. kr.: "kr. 5,5 mio. til ansættelsen af yderligere 12"

    # P/L index by year: 2 % a year as in the note (replace with KL's pris- og lønskøn)
    price_index: tuple = ((2015, 100.0), (2016, 102.0), (2017, 104.04), (2018, 106.1208), (2019, 108.243216),
                          (2020, 110.40808032), (2021, 112.6162419264), (2022, 114.868566764928))

    # Anbringelser (BAL-N "Udviklingen i anbringelsesmønstret", "Udviklingen i enhedspriser", "Fremtidigt scenarie")
    placement_types: tuple = ("Opholdssted", "Netværksplejefamilie", "Kost- og efterskole",
                              "Kommunal plejefamilie", "Døgninstitution", "Eget værelse", "Alm. plejefamilie")
    snapshot_labels: tuple = ("Jan 2017 (Baseline)", "Sep 2017", "Jan 2018", "Mar 2018")
    snapshots: tuple = ((44, 36, 36, 40), (7, 5, 5, 5), (6, 3, 3, 3), (2, 0, 0, 0), (24, 26, 22, 15),
                        (7, 11, 9, 8), (59, 56, 56, 58))
    activity_base: int = 2  # the scenario's budget effect is measured against Jan 2018 (no kommunal plejefamilie)
    price_years: tuple = (2015, 2016, 2017)
    unit_prices: tuple = ((913_835, 938_739, 957_106), (116_942, 82_347, 62_472), (364_623, 312_076, 354_552),
                          (None, None, None), (763_682, 804_635, 885_961), (621_329, 534_459, 351_639),
                          (272_673, 294_654, 303_447))
    years: tuple = (2018, 2019, 2020, 2021, 2022)
    scenario: tuple = ((42, 39, 38, 38, 38), (4, 4, 5, 5, 5), (5, 5, 5, 5, 5), (0, 0, 0, 0, 0),
                       (17, 15, 15, 15, 15), (7, 7, 7, 7, 7), (57, 58, 55, 55, 55))

    # Investeringscase (BAL-N "Nettobesparelse" and "Finansieringsbehov"), mio. kr., 2018–2022
    savings_requirement: tuple = (-3.0, -11.2, -15.0, -15.0, -15.0)
    need_placements: tuple = (-0.2, 3.4, 4.7, 3.9, 3.5)
    need_prevention: tuple = (None, 1.3, 1.8, 1.8, 1.8)
    need_inflow: tuple = (None, 2.3, 2.3, 2.3, 2.3)
    # BDO's original case, mio. kr., 2017–2021
    bdo_years: tuple = (2017, 2018, 2019, 2020, 2021)
    bdo_requirement: tuple = (-1.5, -3.0, -11.2, -15.0, -15.0)
    bdo_investment: tuple = (5.5, 5.5, 5.5, 5.5, 5.5)

    # Sagstal (BAL-N)
    cases_last_year: int = 643
    cases_now: int = 770
    advisers_now: float = 32  # 770 cases at "i gennemsnit 24 sager" ≈ 32 advisers
    notifications_previous: tuple = ((2016, 410), (2017, 454))
    notifications_to_date: int = 207
    notifications_date: tuple = (2018, 6, 13)

    # Regnskab (BAL-R Tabel 2, 1.000 kr.): adopted, corrected, accounts, transferred
    accounts_year: int = 2017
    accounts: tuple = (("Forebyggende indsatser", 8_217, 9_877, 8_173, 0),
                       ("Foregribende indsatser", 51_728, 52_142, 53_169, 552),
                       ("Indgribende foranstaltninger", 90_488, 91_590, 95_717, 0),
                       ("Småbørnsstøtte og specialinstitutioner", 24_406, 24_126, 25_490, 0),
                       ("Andet", 6_225, -246, 270, 0))
    # Prices from the 2016 accounts (BAL-N "Faktisk udgiftsfordeling" 2016, BAL-R Tabel 4 units, 1.000 kr.)
    tracks_2016: tuple = (("Forebyggende indsatser", 10_647, 133), ("Foregribende indsatser", 50_994, 774),
                          ("Indgribende foranstaltninger", 98_284, 145),
                          ("Småbørnsstøtte og specialinstitutioner", 24_768, 57))
    # BAL-N "Udgifter til behandlingsskoler", 1.000 kr., 2014–2017; base period 2014–2015
    school_years: tuple = (2014, 2015, 2016, 2017)
    schools: tuple = (("Undervisning i kommunens egne specialskoler", 52_307, 51_166, 57_028, 60_588),
                      ("Køb af pladser (specialundervisningstilbud) i anden kommune", 13_442, 14_125, 14_652, 17_152),
                      ("Interne skoler i dagbehandlingstilbud og på anbringelsessteder", 963, 1_992, 2_302, 2_508),
                      ("Køb af pladser i dagbehandlingstilbud", 2_788, 3_881, 5_414, 5_622),
                      ("Støttetimer i egne skoler", 4_942, 5_546, 7_394, 10_659))
    base_period_years: int = 2  # the first two years (2014–2015) are the base period

    # Nøgletal per 1000: SOC Tabel 7 (Haderslev); population implied by the table (not printed)
    permille_source: str = "Haderslev Kommune, Socialstyrelsen Tabel 7 (Ballerup oplyser ikke befolkningstal)"
    permille_labels: tuple = ("Jan 16", "Maj 16", "Sep 16", "Jan 17", "Maj 17", "Sep 17")
    permille_rows: tuple = (("Hjemmebaserede anbringelser", (3, 3, 3, 5, 5, 6)),
                            ("Modtagere af forebyggende foranstaltninger", (498, 594, 620, 501, 479, 511)))
    population: tuple = (11_498, 11_498, 11_498, 11_356, 11_356, 11_356)

    # Scenarier / Usikkerhed / Opfølgning
    full_requirement: float = 15.0  # mio. kr.: BAL-N "Besparelseskrav" at full phase-in
    refund_thresholds: tuple = (830_000, 1_630_000)  # illustrative refusion thresholds (not from the documents)
    refund_rates: tuple = (0.25, 0.5)
    # low/high per assumption (udfs.uncertainty.ASSUMPTIONS): growth beyond budget, achieved share,
    # deadweight, optimism bias, investment overrun
    uncertainty_low: tuple = (0.0, 0.8, 0.0, 0.0, 0.0)
    uncertainty_high: tuple = (0.02, 1.0, 0.2, 0.2, 0.1)
    horizon: int = 5
    montecarlo_n: int = 10_000
    montecarlo_seed: int = 1
    # (label, planned saving in 1.000 kr., track: the row of Regnskab's 2016 tracks and 2017 activities)
    follow_up: tuple = (("Indgribende foranstaltninger (anbringelser)", 1_500, 2),)

    notes: dict = field(default_factory=dict, compare=False)

    def scaled(self, factor: float) -> "Example":
        """The same case with every placement count scaled (for batch runs and benchmarks)."""
        scenario = tuple(tuple(round(c * factor) for c in row) for row in self.scenario)
        return replace(self, scenario=scenario)


BALLERUP = Example()
