"""The examples the template ships with, from the documents: Ballerup's Fællesskabsmodellen and Roskilde's case.

The figures come from ``trappen.udfs.documents``, where the documents' tables are typed once: Ballerup's
note (BAL-N), Ballerup's 2017 accounts (BAL-R), Socialstyrelsen's evaluation (SOC; its Haderslev table
stands in where Ballerup prints no population) and Roskilde's case (ROS). Amounts keep the documents' units,
named with each table. ``None`` is a printed "-". What is not in the documents is marked as an assumption
(``Antagelse``) where the sheet shows it. An :class:`Example` is plain data, so batch runs and benchmarks can
build workbooks with other inputs.

``layout`` names whose tables the sheets imitate: Ballerup's (the note's Nettobesparelse and
Finansieringsbehov, its placement tables, the accounts) or Roskilde's (three scenarios and the activity
table); ``trappen template --eksempel roskilde`` builds the second.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from trappen.udfs import documents as doc
from trappen.udfs.payers import REFUSION_RULES

#: Optimism bias by confidence grade (grade, what the figure rests on, correction), after the UK's
#: cost-benefit guidance for local partnerships (HM Treasury and New Economy, now GMCA, 2014): costs are
#: raised and savings reduced by the grade's percentage. Inputs on the sheet, with this source beside them.
OPTIMISM_BIAS_GRADES = (
    (1, "Uafhængigt revideret eller evalueret (robust metode), nye tal", 0.0),
    (2, "Egne drifts- og regnskabstal (ledelsesinformation), 1–2 år gamle", 0.05),
    (3, "Etablerede rapporter og statistik", 0.10),
    (4, "Andre kommuners evalueringer og erfaringer", 0.15),
    (5, "Ekspertskøn", 0.25),
    (6, "Anekdotisk viden", 0.40),
)
GRADES_SOURCE = ("HM Treasury og New Economy (nu GMCA): \"Supporting public service transformation: cost benefit "
                 "analysis guidance for local partnerships\" (2014), confidence grades og optimism bias. "
                 "Procenterne er input: kontrollér dem i den udgave af vejledningen, I følger.")


#: The documents every case rests on besides its own (the summary's sources).
COMMON_DOCUMENTS = (
    "KL, Råderum (november 2018), om Aabenraa: en investering skal balancere over fire år – horisonten.",
    "HM Treasury og New Economy (nu GMCA), 2014: optimismetillæg efter evidensgrad – Scenarier.",
    "Hvad dokumenterne ikke giver, står som \"Antagelse\" ved værdien på dens fane.",
)


def _kr(millions):
    """Amounts the documents print in mio. kr. (one, or a row with None for "-"), in kr. (whole kroner)."""
    if isinstance(millions, (int, float)):
        return round(millions * 1_000_000)
    return tuple(None if v is None else round(v * 1_000_000) for v in millions)


def _rows(table) -> tuple:
    """A table of the documents (a list of rows) as the immutable tuples a dataclass default needs."""
    return tuple(tuple(row) for row in table)


@dataclass(frozen=True)
class Example:
    layout: str = "ballerup"
    municipality: str = "Ballerup Kommune"
    document: str = "Ballerup-notatet"  # how the sheets cite the case's own document
    #: The workbook's one unit, as it opens (``templates.workbook.UNITS``: "mio. kr." with one decimal, or
    #: "1.000 kr."); the officer chooses it on Forudsætninger. Amounts are kept in kr. (Regnskab's in 1.000 kr.,
    #: as the accounts print them) and the number formats show them in the unit.
    unit: str = "mio. kr."
    #: The documents the case rests on, as the summary lists them (its own first).
    documents: tuple = (
        "Ballerup Kommune (2018): notat om Fællesskabsmodellen og BDO's investeringscase – anbringelser, priser, plan.",
        "Ballerup Kommune: regnskab 2017, bevillingsramme 30.46 – Regnskab og Opfølgning.",
        "Socialstyrelsen (maj 2018): Evaluering af omlægning af indsatsen for udsatte børn og unge – Nøgletal.",
        *COMMON_DOCUMENTS,
    )

    # Forudsætninger
    price_year: int = 2017
    price_growth: float = doc.BALLERUP_PRICE_GROWTH  # BAL-N: "den almindelige prisudvikling på 2 %" (P/L)
    home_share: float = doc.BALLERUP_HOME_SHARE  # BAL-N: 20 % of a fall in placement costs becomes home-based
    preventive_share: float = doc.BALLERUP_PREVENTIVE_SHARE  # ... and 10 % preventive costs
    discount_rate: float = 0.035  # not in the documents: the State's discount rate, an assumption
    target_caseload: float = doc.CASELOAD_TARGET  # BAL-N: "et sagsantal på ikke over 20"
    doc_advisers: float = doc.BALLERUP_EXTRA_ADVISERS  # BAL-N: "yderligere 12 socialrådgivere"
    doc_advisers_cost: float = _kr(doc.BALLERUP_ADVISERS_COST_MIO)  # BAL-N: "kr. 5,5 mio." for them, in kr.
    # P/L index by year: 2 % a year as in the note (replace with KL's pris- og lønskøn); from the accounts'
    # base years (2014) to the case's last year
    price_index: tuple = tuple((2014 + k, round(100.0 * 1.02 ** k, 6)) for k in range(9))
    #: The source notes of Forudsætninger, by row.
    sources: tuple = (
        ("price_year", "Ballerup-notatet: enhedspriser fra regnskab 2017"),
        ("price_growth", "Ballerup-notatet: \"den almindelige prisudvikling på 2 %\""),
        ("home_share", "Ballerup-notatet: 20 % af faldet i udgiften til anbringelser"),
        ("preventive_share", "Ballerup-notatet: 10 % af faldet i udgiften til anbringelser"),
        ("target_caseload", "Ballerup-notatet: \"et sagsantal på ikke over 20\""),
        ("doc_advisers", "Ballerup-notatet: 12 socialrådgivere ansat 1. februar 2017"),
        ("doc_advisers_cost", "Ballerup-notatet: \"bevilget kr. 5,5 mio. til ansættelsen af yderligere 12\""),
    )

    # Anbringelser (BAL-N "Udviklingen i anbringelsesmønstret", "Udviklingen i enhedspriser", "Fremtidigt scenarie")
    placement_types: tuple = tuple(doc.PLACEMENT_TYPES)
    snapshot_labels: tuple = tuple(doc.SNAPSHOT_LABELS)
    snapshots: tuple = _rows(doc.PLACEMENTS_BY_DATE)
    case_base: int = 0  # the case's situation without the intervention: "Jan 2017 (Baseline)"
    price_years: tuple = tuple(doc.UNIT_PRICE_YEARS)
    unit_prices: tuple = _rows(doc.UNIT_PRICES)
    missing_price: float = 0.0  # the case's price of a type the note prints "-" for (kommunal plejefamilie)
    missing_price_note: str = ("Kommunal plejefamilie har ingen pris i notatet (\"-\"); casen regner den til 0 kr., "
                               "så faldet fra 2 til 0 ikke tæller som besparelse (forsigtigt). Skriv en pris, "
                               "hvis I kender den.")
    years: tuple = tuple(doc.BALLERUP_YEARS)
    scenario: tuple = _rows(doc.BALLERUP_CASE_PLAN)  # the scenario prints no kommunal plejefamilie row: 0

    # Investeringscase (BAL-N "Nettobesparelse" and "Finansieringsbehov", printed in mio. kr.), in kr., 2018–2022
    need_placements: tuple = _kr(doc.BALLERUP_PLACEMENT_FINANCING)
    need_inflow: tuple = _kr(doc.BALLERUP_NEED_INFLOW)
    # BDO's original case (printed in mio. kr.), in kr., 2017–2021; the note's requirement 2018–2022 is BDO's, at
    # full phase-in from 2020
    bdo_years: tuple = tuple(doc.BDO_YEARS)
    bdo_requirement: tuple = _kr(doc.BDO_SAVINGS_REQUIREMENT)
    # Roskilde's layout: its three scenarios (see ROSKILDE)
    scenario_tables: tuple = ()

    # Sagstal (BAL-N)
    cases_last_year: int | None = doc.CASES_2017
    cases_now: int | None = doc.CASES_NOW
    advisers_now: float | None = round(doc.CASES_NOW / doc.CASELOAD_NOW)  # 770 cases at "i gennemsnit 24" ≈ 32
    caseload_now: float | None = None  # typed where the document gives the caseload but no cases (Roskilde)
    notifications_previous: tuple = tuple(doc.NOTIFICATIONS_BY_YEAR.items())
    notifications_to_date: int | None = doc.NOTIFICATIONS_TO_DATE
    notifications_date: tuple = doc.NOTIFICATIONS_DATE
    # The investment by year: extra advisers (årsværk) and training and project management
    advisers_by_year: tuple = (doc.BALLERUP_EXTRA_ADVISERS,) * 5
    training_by_year: tuple = (None,) * 5
    investment_note: str = ("Ballerup-notatet: 12 socialrådgivere fra 1. februar 2017 for 5,5 mio. kr. om året. "
                            "Kompetenceudviklingen fra januar 2018 er ikke prissat i notatet.")

    # Regnskab (BAL-R Tabel 2, 1.000 kr.): adopted, corrected, accounts, transferred
    accounts_year: int = 2017
    accounts: tuple = tuple((label, *values[:4]) for label, values in doc.ACCOUNTS_2017.items())
    # Prices from the 2016 accounts (BAL-N "Faktisk udgiftsfordeling" 2016, BAL-R Tabel 4 units, 1.000 kr.)
    tracks_2016: tuple = tuple(zip(list(doc.ACCOUNTS_2017)[:4], doc.ACCOUNTS_2016, doc.UNITS_2016, strict=True))
    # BAL-N "Udgifter til behandlingsskoler", 1.000 kr., 2014–2017; base period 2014–2015
    school_years: tuple = tuple(doc.SCHOOL_YEARS)
    schools: tuple = tuple((label, *values) for label, values in doc.SCHOOLS.items())
    base_period_years: int = 2  # the first two years (2014–2015) are the base period

    # Nøgletal: the municipality's own figures. BAL-R Tabel 4 "Antal enheder pr. 31. december", 2014–2017, by
    # track ("*)": 2017 assumed at the level of 2016, "Det har ikke været muligt at udtrække valide aktivitetstal");
    # the number of children aged 0–17 is not in the documents: an input left empty (None)
    own_units_years: tuple = (2014, 2015, 2016, 2017)
    # (label, units by year, the years BAL-R marks "*)": not valid counts, taken as the year before)
    own_units: tuple = (("Forebyggende indsatser", (140, 136, 133, 133), (2017,)),
                        ("Foregribende (hjemmebaserede) indsatser", (895, 714, 774, 774), ()),
                        ("Indgribende foranstaltninger", (145, 146, 145, 145), (2017,)),
                        ("Småbørnsstøtte og specialinstitutioner", (62, 55, 57, 57), (2017,)))
    own_units_source: str = ("Ballerups regnskab 2017, Tabel 4. *) Regnskabet: \"Det har ikke været muligt at "
                             "udtrække valide aktivitetstal\"; antaget som 2016 (ikke 2017's egne tal). I alt er "
                             "summen af rækkerne; regnskabet trykker 1.052 (2015) og 1.115 (2017). Enheder er ikke "
                             "det samme som anbringelser (149 i januar 2017).")
    own_population: float | None = None
    # Nøgletal per 1000 of another municipality, as a labelled comparison: SOC Tabel 7 (Haderslev); population
    # implied by the table (not printed); Socialstyrelsen's comparability marks kept
    permille_municipality: str = "Haderslev Kommune"
    permille_source: str = "Socialstyrelsens evaluering (maj 2018), Tabel 7 – Haderslev Kommune"
    permille_marks: str = (
        "*) Socialstyrelsen: i januar 2016 indgår forældrerettede indsatser under anbringelser i modtagere af "
        "forebyggende foranstaltninger, så det første datapunkt \"ikke kan sammenlignes direkte med de følgende\". "
        "Nøgletallene afhænger af kommunens registreringspraksis og \"kan derfor ikke sammenlignes direkte på "
        "tværs af kommuner\": de viser Haderslevs egen udvikling, ikke et mål for Ballerup.")
    permille_marked: tuple = (0,)  # the columns Socialstyrelsen marks "*" (January 2016)
    permille_labels: tuple = tuple(doc.HADERSLEV_TABLE_7_COLUMNS)
    permille_rows: tuple = tuple((label, tuple(doc.HADERSLEV_TABLE_7[label][0]))
                                 for label in ("Hjemmebaserede anbringelser",
                                               "Modtagere af forebyggende foranstaltninger"))
    population: tuple = tuple(doc.HADERSLEV_POPULATION_IMPLIED)

    # Scenarier: the case's own assumptions
    plan_note: str = "med indsatsen = scenariet år for år"
    phase_in: tuple | None = (1.0,) * 5  # None: the phase-in follows the document's savings row
    extra_growth: float = 0.003  # unit prices' growth beyond P/L: an assumption (see extra_growth_note)
    extra_growth_note: str = "Antagelse: som 2015–2017 (nedenfor); de dyre typer steg, de billige faldt"
    deadweight: float = 0.1
    deadweight_note: str = ("Antagelse: dokumentet siger intet om dødvægt; 10 % er midten af spændet 0–20 % "
                            "(Usikkerhed)")
    price_view: int = 1
    #: The further costs the documents name, each a line on Scenarier the officer switches on or off ("Med" /
    #: "Uden"): keys of ``scenarios.EXTRA_LINES``, in this order.
    extra_lines: tuple = ("inflow", "advisers_to_target", "state_share")
    #: Months of the investment before the case's first year (Ballerup: 12 advisers from 1 February 2017);
    #: None = the investment starts in the first year.
    prior_months: int | None = 11
    prior_note: str = "Notatet: de 12 rådgivere blev ansat 1. februar 2017 (11 måneder)"
    #: Which placement types are placements (not preventive or home-based cases), and which are family care
    #: (pleje- og netværksfamilier): 0-based rows of ``placement_types``; None = every type.
    placement_rows: tuple | None = None
    family_rows: tuple = (1, 3, 6)
    #: The main risks the documents name: (risk, consequence, what is done), for the summary's register.
    risks: tuple = (
        ("Ventelister i Familiehuset og DUT (2–3 måneder)",
         "Dyrere eksterne køb af samme indsatser; børn venter på hjælp",
         "Afsmitning (20 % + 10 % af faldet) er i casen; notatet: kapaciteten bør øges"),
        ("Stigende tilgang: 643 sager i 2017, 770 nu; sagstal 24 mod målet 20",
         "Flere rådgivere eller mindre tid pr. barn",
         "Øget tilgang og rådgivere til sagstal 20 er linjer i casen (Scenarier)"),
        ("Kompetenceudviklingen fra januar 2018 (2 år) er ikke prissat",
         "En udgift, casen ikke har tal for",
         "Rækken Kompetenceudvikling på Sagstal er tom: skriv beløbet, når det kendes"),
    )
    #: The decision asked of the committee, with its source.
    decision: str = ("Udvalget skal tage stilling til, om investeringen i de 12 socialrådgivere (5,5 mio. kr. om "
                     "året) fortsætter, og om der skal findes penge til flere rådgivere (sagstal 20) og til "
                     "kapaciteten i Familiehuset og DUT, som notatet peger på.")
    savings_grade: int = 4
    savings_grade_note: str = "BDO's scenarie bygger på Hernings udvikling (en anden kommunes erfaring)"
    cost_grade: int = 2
    cost_grade_note: str = "Investeringen er bevilget i budget 2017 (egne budget- og lønudgifter)"
    # Refusion for særligt dyre enkeltsager by year (Forudsætninger): the rule in force each year, with its source
    refund_rules: tuple = REFUSION_RULES
    # Per-case refusion: illustrative yearly costs of single cases of the most expensive type (kr.), with the
    # type's average price (døgninstitution 2017: 885.961 kr.) as their mean; not from the documents
    refund_cases: tuple = (500_000, 885_961, 1_271_922)

    # Usikkerhed: low/high per assumption (udfs.uncertainty.ASSUMPTIONS): growth beyond P/L, achieved share,
    # deadweight, optimism bias on costs, on savings, investment overrun; around the case's own values
    # Each range is two-sided around the case's own (most likely) value; the optimism corrections are held at
    # their grade's value, because "opnået andel af planen" and the overrun vary the same risks (counted once).
    uncertainty_low: tuple = (-0.005, 0.8, 0.0, 0.05, 0.15, -0.05)
    uncertainty_high: tuple = (0.011, 1.2, 0.2, 0.05, 0.15, 0.05)
    uncertainty_sources: tuple = (
        "Antagelse: ± 0,8 procentpoint om casens 0,3 % (2015–2017 svingede typerne mere)",
        "Antagelse: ± 20 % af planens ændring",
        "Antagelse: 0–20 % om casens 10 %",
        "Holdes fast på evidensgradens tillæg: overskridelsen varierer samme risiko",
        "Holdes fast på evidensgradens fradrag: opnået andel varierer samme risiko",
        "Antagelse: ± 5 %; lønudgiften er kendt fra budget 2017",
    )
    horizon: int = doc.AABENRAA_BALANCE_YEARS
    horizon_note: str = "Aabenraa: \"skal balancere økonomisk over en fireårig periode\""
    breakeven_type: int = 5  # døgninstitution: the switching value of the most expensive falling type
    montecarlo_n: int = 10_000
    montecarlo_seed: int = 1
    # Opfølgning: the areas of the accounts (label, track: the row of Regnskab's 2016 tracks and 2017 activities,
    # role: "saving" = the plan's saving, "knock_on" = a knock-on cost, None = not counted), the plan's knock-on
    # costs (kr.; BDO counted none) and what the documents say of the year (the sheet's note)
    follow_up: tuple = (("Indgribende foranstaltninger (anbringelser)", 2, "saving"),
                        ("Hjemmebaserede indsatser (foregribende)", 1, "knock_on"),
                        ("Forebyggende indsatser", 0, "knock_on"),
                        ("Småbørnsstøtte og specialinstitutioner", 3, None))
    follow_up_planned_knock_on: float = 0.0
    follow_up_story: str = (
        "Ballerup-notatet: anbringelserne faldt fra 149 (januar 2017) til 131 (januar 2018), men faldet har \"ikke "
        "den forudsatte positive effekt på økonomien, idet enhedspriserne samtidig er steget\"; udgiften til "
        "hjemmebaserede indsatser steg fra 50.994 til 53.169 (1.000 kr.). Regnskab 2017: merforbrug på rammen "
        "30.46 på 5,9 mio. kr. De 12 socialrådgivere (5,5 mio. kr. om året) blev ansat 1. februar 2017.")
    follow_up_reading: str = (
        "Læsning af eksemplet, og hvorfor den ikke modsiger notatet: anbringelserne faldt 12 % i antal (149 → 131), "
        "men udgiften til dem kun 4,5 % (4,5 mio. kr.) i faste priser, fordi enhedspriserne steg – det er notatets "
        "pointe. Nettoresultatet (−1,0 mio. kr.) er kun en besparelse, fordi også forebyggende indsatser faldt "
        "(2,7 mio. kr.), det modsatte af modellens hensigt og ikke dens virkning: tæller det fald ikke med, er 2017 "
        "en merudgift på 1,7 mio. kr. Andelen af planen måles mod BDO's lille krav for 2017 (1,5 mio. kr.) og siger "
        "intet om målet på 15,0 mio. kr. fra 2020, som notatet vurderer. Mod budgettet gav rammen et merforbrug på "
        "5,9 mio. kr., fordi budgettet for 2017 lå 11,1 mio. kr. under 2016-niveauet (nederst).")
    follow_up_total_2016: float | None = doc.ACCOUNTS_TOTAL_2016_PRINTED  # BAL-N, I alt 2016 (incl. "Andet")

    notes: dict = field(default_factory=dict, compare=False)

    def scaled(self, factor: float) -> Example:
        """The same case with every planned placement count scaled (for batch runs and benchmarks)."""
        scenario = tuple(tuple(round(c * factor) for c in row) for row in self.scenario)
        return replace(self, scenario=scenario)

    def source(self, key: str) -> str:
        """The source note of one of Forudsætninger's rows ("" if none)."""
        return dict(self.sources).get(key, "")


BALLERUP = Example()

_ROSKILDE_BOTH = doc.ROSKILDE["Børn og Unge"]

#: Roskilde's case (ROS), kr., 2019–2023: the activity table as the placements (one snapshot, September 2017;
#: the cost per case as the prices), its three scenarios on Investeringscase, Børn og Unge as the whole case.
ROSKILDE = Example(
    layout="roskilde",
    municipality="Roskilde Kommune",
    document="Roskilde-notatet",
    documents=("Roskilde Kommune (2018): notat om omstilling af myndighedsarbejde og indsatser for udsatte børn og "
               "unge.", *COMMON_DOCUMENTS),
    price_year=2018,
    price_growth=0.02,
    home_share=0.0,
    preventive_share=0.0,
    target_caseload=sum(doc.ROSKILDE_CASELOAD_AFTER) / 2,
    doc_advisers=_ROSKILDE_BOTH["advisers_fte"],
    doc_advisers_cost=_ROSKILDE_BOTH["advisers"][0],
    price_index=tuple((2017 + k, round(100.0 * 1.02 ** k, 6)) for k in range(7)),
    sources=(
        ("price_year", "Antagelse: notatet (maj 2018) oplyser ikke prisåret for udgift pr. sag"),
        ("price_growth", "Antagelse: notatet oplyser ingen prisudvikling; 2 % som Ballerup-notatet"),
        ("home_share", "Roskilde-notatet regner ikke med afsmitning (§ 11 og § 52 er uændrede i tabellen)"),
        ("preventive_share", "Som ovenfor; skriv fx Ballerups 20 % og 10 % for at prøve det"),
        ("target_caseload", "Roskilde-notatet: \"cirka 22-23 sager pr. rådgiver\""),
        ("doc_advisers", "Roskilde-notatet: \"cirka 11 rådgiverårsværk\" (Børn og Unge)"),
        ("doc_advisers_cost", "Roskilde-notatet: Rådgivere 5.605.651 kr. om året (Børn og Unge)"),
    ),
    placement_types=("Forebyggende indsatser i form af § 11", "Hjemmebaserede foranstaltninger efter § 52",
                     "Anbringelse slægt/netværk", "Anbringelse plejefamilie", "Anbringelse på institution"),
    snapshot_labels=("Aktivitetstal (september 2017)",),
    snapshots=tuple((row[0],) for row in doc.ACTIVITY_COUNTS),
    case_base=0,
    price_years=(2018,),
    unit_prices=tuple((price,) for price in doc.ACTIVITY_COST_PER_CASE),
    missing_price=0.0,
    missing_price_note="",
    years=tuple(doc.ROSKILDE_YEARS),
    scenario=tuple(tuple(row[1:]) for row in doc.ACTIVITY_COUNTS),
    need_placements=(),
    need_inflow=(),
    bdo_years=(),
    bdo_requirement=(),
    # (name, advisers' FTE, adviser cost by year, training by year, savings label, savings by year)
    scenario_tables=tuple((name, values["advisers_fte"], tuple(values["advisers"]), tuple(values["training"]),
                           values["savings_label"], tuple(values["savings"]))
                          for name, values in doc.ROSKILDE.items()),
    cases_last_year=None,
    cases_now=None,
    advisers_now=None,
    caseload_now=doc.ROSKILDE_CASELOAD_NOW,
    notifications_previous=(),
    notifications_to_date=None,
    advisers_by_year=(_ROSKILDE_BOTH["advisers_fte"],) * 5,
    training_by_year=tuple(_ROSKILDE_BOTH["training"]),
    investment_note=("Roskilde-notatet, Børn og Unge: ca. 11 rådgiverårsværk (5.605.651 kr.) og "
                     "kompetenceudvikling og projektledelse; Investering i alt 6.380.651 kr. i 2019."),
    accounts=(),
    tracks_2016=(),
    schools=(),
    permille_rows=(),
    plan_note="med indsatsen = aktivitetstallene for 2023, indfaset som notatets driftsbesparelse",
    phase_in=None,
    extra_growth=0.0,
    extra_growth_note="Antagelse: notatet regner i faste priser (ingen prisvækst ud over P/L).",
    savings_grade=4,
    savings_grade_note="Notatet: \"Baseret på erfaringerne fra andre kommuner\"",
    cost_grade=2,
    cost_grade_note="Rådgiverlønninger og kompetenceudvikling: egne budgettal",
    refund_cases=(600_000, 950_000, 1_300_000),
    uncertainty_low=(-0.008, 0.8, 0.0, 0.05, 0.15, -0.05),
    uncertainty_high=(0.008, 1.2, 0.2, 0.05, 0.15, 0.05),
    uncertainty_sources=(
        "Antagelse: ± 0,8 procentpoint om notatets faste priser",
        "Antagelse: ± 20 % af planens ændring",
        "Antagelse: 0–20 % om casens 10 %",
        "Holdes fast på evidensgradens tillæg: overskridelsen varierer samme risiko",
        "Holdes fast på evidensgradens fradrag: opnået andel varierer samme risiko",
        "Antagelse: ± 5 %; rådgiverlønninger er egne budgettal",
    ),
    extra_lines=("state_share",),
    prior_months=None,
    prior_note="Notatet: investeringen begynder i 2019, casens første år",
    placement_rows=(2, 3, 4),
    family_rows=(2, 3),
    risks=(
        ("Effekten bygger på andre kommuners erfaringer (notatet)",
         "Besparelsen kan blive mindre eller komme senere",
         "Optimismefradrag efter evidensgrad 4; Usikkerhed viser spændet"),
        ("Ca. 11 rådgiverårsværk skal rekrutteres, og fagligheden ændres (kompetenceudvikling)",
         "Sagstallet (33) falder ikke til 22–23, og effekten udebliver",
         "Rådgivere og kompetenceudvikling er i investeringen fra 2019"),
        ("Ingen af modellerne tjener sig hjem inden 2023",
         "Merudgift i hele perioden",
         "Sammendraget viser, hvor mange år det tager med 2023-niveauet"),
    ),
    decision=("Udvalget skal vælge én af notatets tre modeller for omstillingen: Børn (ca. 6 rådgiverårsværk, 3,4 "
              "mio. kr. om året), Unge (7 årsværk, 4,0 mio. kr.) eller Børn og Unge (ca. 11 årsværk, 6,4 mio. kr.)."),
    horizon=5,
    horizon_note="Roskilde-notatet: effekten er \"fuldt realiseret ved udgangen af 2023\" (5 år; Aabenraa: 4)",
    breakeven_type=5,
    follow_up=(),
)

#: The examples by the name ``trappen template --eksempel`` takes.
EXAMPLES = {"ballerup": BALLERUP, "roskilde": ROSKILDE}
