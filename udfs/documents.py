"""The documents' printed figures, typed once: the function examples, the template's example and the tests read
them here.

The documents (public Danish municipal and government material), and the short names used beside the
figures:

* **Ballerup's note** (BAL-N): Ballerup Kommune, "Fællesskabsmodellen", status note of June 2018, with
  BDO's original investment case of May 2016.
* **Ballerup's accounts** (BAL-R): Ballerup Kommune, Regnskab 2017, bevillingsramme 30.46
  "Forebyggelse/anbringelse af børn og unge udenfor hjemmet" (Tabel 1–4).
* **Roskilde's case** (ROS): Roskilde Kommune, "NOTAT: Bilag vedrørende omstilling af myndighedsarbejde og
  indsatser for udsatte børn og unge", three scenarios for 2019–2023 and the activity table.
* **Socialstyrelsen's evaluation** (SOC): Socialstyrelsen, "Evaluering af omlægning af indsatsen for udsatte
  børn og unge. Resultat- og analyserapport", May 2018 (Haderslev, Herning and Hvidovre).
* **KL's article on Aabenraa** (AAB): KL, Råderum, "Aabenraa-modellen på anbringelsesområdet giver store
  økonomiske og kvalitative effekter", 7 November 2018.

Decimal commas and thousands dots are converted; a printed "-" or an empty cell is None. Amounts keep the
document's unit, named with each table (kr., 1.000 kr., mio. kr.). Nothing here is computed from the
figures except where a comment says "derived" and shows how.
"""

from __future__ import annotations

# --- Ballerup's note (BAL-N): Fællesskabsmodellen, June 2018 -----------------------------------------

#: "Nettobesparelse" table, mio. kr., columns 2018–2022.
BALLERUP_YEARS = [2018, 2019, 2020, 2021, 2022]
BALLERUP_SAVINGS_REQUIREMENT = [-3.0, -11.2, -15.0, -15.0, -15.0]  # "Besparelseskrav", printed negative
BALLERUP_PLACEMENT_FINANCING = [-0.2, 3.4, 4.7, 3.9, 3.5]  # "Finansieringsbehov på anbringelsesområdet"
BALLERUP_FURTHER_FINANCING = [None, 3.6, 4.1, 4.1, 4.1]  # "Yderligere finansieringsbehov"
BALLERUP_INVESTMENT = [5.5, 5.5, 5.5, 5.5, 5.5]  # "Investering fra budget 2017 (12 socialrådgivere)"
BALLERUP_NET_PRINTED = [2.3, 1.3, -0.7, -1.5, -1.8]  # "Nettobesparelse 1)"

#: "Finansieringsbehov" table, mio. kr., 2018–2022.
BALLERUP_NEED_PREVENTION = [None, 1.3, 1.8, 1.8, 1.8]  # "til forebyggelse og hjemmebaserede indsatser"
BALLERUP_NEED_INFLOW = [None, 2.3, 2.3, 2.3, 2.3]  # "Øget tilgang"
BALLERUP_NEED_TOTAL_PRINTED = [None, 7.0, 8.8, 8.0, 7.7]  # "Finansieringsbehov i alt" (2018 left blank)

#: BDO's "Investeringscase", mio. kr., columns 2017–2021.
BDO_YEARS = [2017, 2018, 2019, 2020, 2021]
BDO_SAVINGS_REQUIREMENT = [-1.5, -3.0, -11.2, -15.0, -15.0]
BDO_INVESTMENT = [5.5, 5.5, 5.5, 5.5, 5.5]
BDO_NET_PRINTED = [3.0, 1.5, -5.7, -9.5, -9.5]
#: Derived: BDO's 2017 savings requirement on placements in 1.000 kr. (1,5 mio. kr.), the plan followed up.
BDO_REQUIREMENT_2017_THOUSANDS = round(-BDO_SAVINGS_REQUIREMENT[0] * 1000)

#: "Faktisk udgiftsfordeling", I alt (1.000 kr.): Regnskab 2016 and 2017 (the 2016 total includes an
#: "Andet" row that the note does not print, so the printed rows do not add up to it).
ACCOUNTS_TOTAL_2016_PRINTED, ACCOUNTS_TOTAL_2017_PRINTED = 184_861, 182_819

#: "Udviklingen i anbringelsesmønstret": rows in this order, columns Jan 2017, Sep 2017, Jan 2018, Mar 2018.
SNAPSHOT_LABELS = ["Jan 2017 (Baseline)", "Sep 2017", "Jan 2018", "Mar 2018"]
PLACEMENT_TYPES = ["Opholdssted", "Netværksplejefamilie", "Kost- og efterskole", "Kommunal plejefamilie",
                   "Døgninstitution", "Eget værelse", "Alm. plejefamilie"]
PLACEMENTS_BY_DATE = [
    [44, 36, 36, 40],
    [7, 5, 5, 5],
    [6, 3, 3, 3],
    [2, 0, 0, 0],
    [24, 26, 22, 15],
    [7, 11, 9, 8],
    [59, 56, 56, 58],
]
PLACEMENTS_TOTAL_PRINTED = [149, 137, 131, 129]

#: "Udviklingen i enhedspriser", kr. per placement-year, same rows, columns 2015, 2016, 2017 ("-" = None).
UNIT_PRICE_YEARS = [2015, 2016, 2017]
UNIT_PRICES = [
    [913_835, 938_739, 957_106],
    [116_942, 82_347, 62_472],
    [364_623, 312_076, 354_552],
    [None, None, None],
    [763_682, 804_635, 885_961],
    [621_329, 534_459, 351_639],
    [272_673, 294_654, 303_447],
]

#: "Fremtidigt scenarie", counts 2018–2022. Rows: opholdssteder, netværksplejefamilier, kost- og
#: efterskoler, døgninstitutioner, eget værelse, alm. plejefamilie (no kommunal plejefamilie row).
SCENARIO_ROWS = [0, 1, 2, 4, 5, 6]  # positions of these rows in PLACEMENT_TYPES
SCENARIO_COUNTS = [
    [42, 39, 38, 38, 38],
    [4, 4, 5, 5, 5],
    [5, 5, 5, 5, 5],
    [17, 15, 15, 15, 15],
    [7, 7, 7, 7, 7],
    [57, 58, 55, 55, 55],
]
SCENARIO_TOTAL_PRINTED = [132, 128, 125, 125, 125]

#: Notifications: 207 by 13 June 2018, "en forventning om 461 underretninger i hele 2018".
NOTIFICATIONS_TO_DATE, NOTIFICATIONS_YEAR_PRINTED = 207, 461

#: Cases and caseload: 643 cases in 2017, 770 now (+19,8 %), 24 per adviser against the model's 20.
CASES_2017, CASES_NOW, CASELOAD_NOW, CASELOAD_TARGET = 643, 770, 24, 20

#: Notifications (underretninger): "fra 410 i 2016 til 454 i 2017"; "Pr. 13. juni 2018 ... 207".
NOTIFICATIONS_BY_YEAR = {2016: 410, 2017: 454}
NOTIFICATIONS_DATE = (2018, 6, 13)

#: The note's assumptions: "den almindelige prisudvikling på 2 %"; "for hver gang udgifterne til anbragte
#: falder med 1,0 mio. kr. så vil 20 % ... blive nye udgifter på det hjemmebaserede område og 10 % ... på det
#: forebyggende område" (Simuleringer); "bevilget kr. 5,5 mio. til ansættelsen af yderligere 12
#: socialrådgivere" (mio. kr. a year); the savings requirement at full phase-in, 15,0 mio. kr.
BALLERUP_PRICE_GROWTH = 0.02
BALLERUP_HOME_SHARE, BALLERUP_PREVENTIVE_SHARE = 0.2, 0.1
BALLERUP_EXTRA_ADVISERS, BALLERUP_ADVISERS_COST_MIO = 12, 5.5
BALLERUP_FULL_REQUIREMENT_MIO = 15.0
#: BDO's case at full phase-in (introduction): "en besparelse på knap 14,0 mio. kr. på institutionsanbringelser
#: og 1,5 mio. kr. på anbringelser i familiepleje" (mio. kr. a year; "knap" = a little under).
BDO_INSTITUTION_SAVING_MIO, BDO_FAMILY_SAVING_MIO = 14.0, 1.5

#: "Udgifter til behandlingsskoler", 1.000 kr., columns 2014–2017.
SCHOOL_YEARS = [2014, 2015, 2016, 2017]
SCHOOLS = {
    "Undervisning i kommunens egne specialskoler": [52_307, 51_166, 57_028, 60_588],
    "Køb af pladser (specialundervisningstilbud) i anden kommune": [13_442, 14_125, 14_652, 17_152],
    "Interne skoler i dagbehandlingstilbud og på anbringelsessteder": [963, 1_992, 2_302, 2_508],
    "Køb af pladser i dagbehandlingstilbud": [2_788, 3_881, 5_414, 5_622],
    "Støttetimer i egne skoler": [4_942, 5_546, 7_394, 10_659],
}

# --- Ballerup's accounts 2017 (BAL-R), bevillingsramme 30.46 -------------------------------------------

#: Tabel 2, 1.000 kr.: rows Forebyggende, Foregribende, Indgribende, Småbørnsstøtte, Andet, I alt;
#: columns adopted budget, corrected budget, accounts, transferred to 2018, result after transfers.
ACCOUNTS_2017 = {
    "Forebyggende indsatser": (8_217, 9_877, 8_173, 0, 8_173),
    "Foregribende indsatser": (51_728, 52_142, 53_169, 552, 53_721),
    "Indgribende foranstaltninger": (90_488, 91_590, 95_717, 0, 95_717),
    "Småbørnsstøtte og specialinstitutioner": (24_406, 24_126, 25_490, 0, 25_490),
    "Andet": (6_225, -246, 270, 0, 270),
}
ACCOUNTS_2017_TOTAL = (181_064, 177_489, 182_819, 552, 183_371)
#: Sammendrag: "et merforbrug på 5,9 mio. kr."; the centre: "reduceret til 2,9 mio. kr." after 3,1 mio.
OVERSPEND_PRINTED_MIO, CENTRE_OFFSET_MIO, CENTRE_OVERSPEND_PRINTED_MIO = 5.9, 3.1, 2.9

#: Tabel 3 "Pris (1.000 kr.)" and Tabel 4 "Antal enheder pr. 31. december", 2016 column, rows
#: Forebyggende, Foregribende, Indgribende, Småbørnsstøtte. Regnskab 2016 from BAL-N "Faktisk
#: udgiftsfordeling" (1.000 kr.; BAL-N calls Foregribende "Hjemmebaserede indsatser").
PRICES_2016_PRINTED = [80, 66, 678, 434]
UNITS_2016 = [133, 774, 145, 57]
ACCOUNTS_2016 = [10_647, 50_994, 98_284, 24_768]
#: 2017: prices 61, 69, 633, 434 (*); units 133 (*), 774, 145 (*), 57 (*); accounts from Tabel 2.
PRICES_2017_PRINTED = [61, 69, 633, 434]
UNITS_2017 = [133, 774, 145, 57]
ACCOUNTS_2017_BY_TRACK = [8_173, 53_169, 95_717, 25_490]

# --- Roskilde's case (ROS): three scenarios, kr., 2019–2023 -------------------------------------------

ROSKILDE_YEARS = [2019, 2020, 2021, 2022, 2023]
ROSKILDE = {
    "Børn": {
        "advisers_fte": 6,
        "advisers": [2_861_794] * 5,
        "training": [525_000, 525_000, 425_000, 350_000, 350_000],
        "investment_total": [3_386_794, 3_386_794, 3_286_794, 3_211_794, 3_211_794],
        "savings_label": "Flere netværksanbringelser m.m.",
        "savings": [None, 250_000, 750_000, 1_500_000, 2_000_000],  # "-" in 2019
        "net_printed": [3_386_794, 3_136_794, 2_536_794, 1_711_794, 1_211_794],
    },
    "Unge": {
        "advisers_fte": 7,
        "advisers": [3_493_857] * 5,
        "training": [525_000, 525_000, 425_000, 350_000, 350_000],
        "investment_total": [4_018_857, 4_018_857, 3_918_857, 3_843_857, 3_843_857],
        "savings_label": "Færre anbragte på institutioner/opholdssteder",
        "savings": [None, 500_000, 1_000_000, 2_000_000, 4_000_000],
        "net_printed": [4_018_857, 3_518_857, 2_918_857, 1_843_857, -156_143],
    },
    "Børn og Unge": {
        "advisers_fte": 11,
        "advisers": [5_605_651] * 5,
        "training": [775_000, 775_000, 575_000, 475_000, 425_000],
        "investment_total": [6_380_651, 6_380_651, 6_180_651, 6_080_651, 6_030_651],
        "savings_label": "Flere netværksanbringelser og færre anbragte på institutioner m.m.",
        "savings": [None, 750_000, 1_750_000, 3_500_000, 6_480_000],
        "net_printed": [6_380_651, 5_630_651, 4_430_651, 2_580_651, -449_349],
    },
}

#: Activity table "Børn og Unge samlet": rows § 11, § 52, slægt/netværk, plejefamilie, institution;
#: columns Aktivitetstal (september 2017), 2019–2023; then Samlet til/afgang, Udgift pr. sag, Økonomisk effekt.
ACTIVITY_COUNTS = [
    [42, 42, 42, 42, 42, 42],
    [259, 259, 259, 259, 259, 259],
    [7, 8, 9, 10, 12, 14],
    [66, 66, 66, 66, 66, 66],
    [30, 29, 28, 26, 24, 22],
]
ACTIVITY_CHANGE_PRINTED = [None, None, 7, None, -8]  # "-" printed where there is no change
ACTIVITY_CHANGE_TOTAL_PRINTED = -1
ACTIVITY_COST_PER_CASE = [None, None, 160_000, 510_000, 950_000]
ACTIVITY_EFFECT_PRINTED = [None, None, 1_120_000, None, -7_600_000]
ACTIVITY_EFFECT_TOTAL_PRINTED = -6_480_000
#: "det aktuelle sagstal ca. 33 sager pr. rådgiver ... yderligere ca. 11 rådgiverårsværk ... cirka 22-23".
ROSKILDE_CASELOAD_NOW, ROSKILDE_EXTRA_ADVISERS, ROSKILDE_CASELOAD_AFTER = 33, 11, (22, 23)

# --- Socialstyrelsen's evaluation (SOC), May 2018 -----------------------------------------------------

#: Tabel 7, Haderslev: columns Jan 16, Maj 16, Sep 16, Jan 17, Maj 17, Sep 17; pairs of (Antal, per 1000).
HADERSLEV_TABLE_7_COLUMNS = ["Jan 16", "Maj 16", "Sep 16", "Jan 17", "Maj 17", "Sep 17"]
HADERSLEV_TABLE_7 = {
    "Døgnophold for hele familien": ([0, 0, 0, 3, 0, 0], [0.00, 0.00, 0.00, 0.26, 0.00, 0.00]),
    "Hjemmebaserede anbringelser": ([3, 3, 3, 5, 5, 6], [0.26, 0.26, 0.26, 0.44, 0.44, 0.53]),
    "Modtagere af forebyggende foranstaltninger": ([498, 594, 620, 501, 479, 511],
                                                   [43.31, 51.66, 53.92, 44.12, 42.18, 45.00]),
    "Forældrerettede indsatser under anbringelser": ([None, 60, 58, 97, 51, 78],
                                                     [None, 5.22, 5.04, 8.54, 4.49, 6.87]),
}

#: Service expenditure, mio. kr. in 2017-PL, 2015–2017 as printed in the text (rounded to whole millions),
#: and the text's merudgift against the 2011–2014 base period.
HVIDOVRE_SERVICE = [123, 126, 136]
HVIDOVRE_SERVICE_EXTRA_PRINTED = [-10, -6, 3]
HADERSLEV_SERVICE = [144, 140, 120]
HADERSLEV_SERVICE_EXTRA_PRINTED = [15, 10, -10]  # "knap 10 mio. kr. under" in 2017
HERNING_SERVICE = [169, 161, 159]
HERNING_SERVICE_BASE_PRINTED = 158
HERNING_SERVICE_EXTRA_PRINTED = {2015: 15, 2017: 6}

# --- KL's article on Aabenraa (AAB), Råderum, 7 November 2018 ------------------------------------------

AABENRAA_PLACEMENTS = (188, 171)
AABENRAA_INSTITUTION = (54, 37)
AABENRAA_CASELOAD = (31, 25)
#: "En initial investering skal balancere økonomisk over en fireårig periode."
AABENRAA_BALANCE_YEARS = 4
AABENRAA_BALANCE_SENTENCE = "En initial investering skal balancere økonomisk over en fireårig periode"

#: Derived: the number of 0–17-year-olds in Haderslev that Tabel 7's counts and rates imply (Antal / pr. 1000
#: × 1000, e.g. 594 / 51,66 × 1000 ≈ 11.498), one per column; Socialstyrelsen does not print it.
HADERSLEV_POPULATION_IMPLIED = [11_498, 11_498, 11_498, 11_356, 11_356, 11_356]

# --- Derived: the documents' cases as the functions take them ---------------------------------------------

#: Roskilde's "Børn og Unge" as one case: the activity table's counts in September 2017 and in 2023, its cost
#: per case, "Investering i alt", and the phase-in = the printed Driftsbesparelse / 6.480.000 (2023's).
ROSKILDE_BASE = [row[0] for row in ACTIVITY_COUNTS]
ROSKILDE_TARGET = [row[-1] for row in ACTIVITY_COUNTS]
ROSKILDE_INVESTMENT = ROSKILDE["Børn og Unge"]["investment_total"]
ROSKILDE_SAVINGS = ROSKILDE["Børn og Unge"]["savings"]
ROSKILDE_PHASE_IN = [(saving or 0) / ROSKILDE_SAVINGS[-1] for saving in ROSKILDE_SAVINGS]
ROSKILDE_NET = ROSKILDE["Børn og Unge"]["net_printed"]

#: Ballerup's case on its placements (mio. kr. amounts aside, counts per type of PLACEMENT_TYPES): the base is
#: "Jan 2017 (Baseline)"; the plan is "Fremtidigt scenarie" 2018–2022, which prints no kommunal plejefamilie
#: row (0 placements of that type); the 2017 unit prices (kr.), where the note's "-" for kommunal plejefamilie
#: is counted as 0 kr. (its 2 placements of January 2017 are not counted as a saving: a cautious choice).
BALLERUP_CASE_BASE = [row[0] for row in PLACEMENTS_BY_DATE]
BALLERUP_CASE_PLAN = [SCENARIO_COUNTS[SCENARIO_ROWS.index(i)] if i in SCENARIO_ROWS else [0] * len(BALLERUP_YEARS)
                      for i in range(len(PLACEMENT_TYPES))]
BALLERUP_CASE_PRICES = [row[UNIT_PRICE_YEARS.index(2017)] or 0 for row in UNIT_PRICES]
#: The types BDO's "institutionsanbringelser" covers: opholdssted and døgninstitution (positions in PLACEMENT_TYPES).
BALLERUP_INSTITUTION_ROWS = [0, 4]

#: Ballerup 2018–2022 as one case: the savings requirement as the fall of one "type" worth the full 15,0 mio. kr.,
#: phased in as the requirement (3,0 / 15,0 = 0,2 ...); the two financing-need rows summed (mio. kr.).
BALLERUP_PHASE_IN = [-r / BALLERUP_FULL_REQUIREMENT_MIO for r in BALLERUP_SAVINGS_REQUIREMENT]
BALLERUP_FINANCING_TOTAL = [round(a + (b or 0), 10) for a, b in
                            zip(BALLERUP_PLACEMENT_FINANCING, BALLERUP_FURTHER_FINANCING, strict=True)]
#: Ballerup's net saving from the rows above, to one decimal: the note prints −1,8 for 2022 from unrounded
#: inputs; the printed rows give −1,9.
BALLERUP_NET_FROM_ROWS = [2.3, 1.3, -0.7, -1.5, -1.9]
