"""Helpers shared by the tests of trappen.udfs.

* The documents' cases as several test modules give them (Roskilde's "Børn og Unge", Ballerup's phase-in).
* For the tests that run over the whole registry (bad input, Danish messages, garbage, regressions): what each
  argument holds (read from its declared unit and help), each function's worked example as a full call, the
  corruptions of one argument at a time, and the form of a message a cell can show. Nothing there lists a
  function by hand: everything is read from :data:`trappen.udfs.REGISTRY`.

Test modules import these names from here (``from .conftest import ...``); no test module imports another.
"""

from __future__ import annotations

import copy
import re

import pytest

from trappen.udfs import REGISTRY
from trappen.udfs import documents as doc
from trappen.udfs.registry import Argument, ExcelFunction

# --- the documents' cases, as the tests give them --------------------------------------------------------

#: Roskilde's "Børn og Unge" (ROS, kr.): activity counts September 2017 → 2023 (one per row of the activity
#: table) and the printed Driftsbesparelse as a share of the full saving (6.480.000 kr. in 2023, the activity
#: table's effect): 0, 750/6480, 1750/6480, 3500/6480, 1.
ROSKILDE = doc.ROSKILDE["Børn og Unge"]
ROSKILDE_BASE = [row[0] for row in doc.ACTIVITY_COUNTS]
ROSKILDE_TARGET = [row[-1] for row in doc.ACTIVITY_COUNTS]
ROSKILDE_PHASE_IN = [(s or 0) / -doc.ACTIVITY_EFFECT_TOTAL_PRINTED for s in ROSKILDE["savings"]]
#: Ballerup 2018–22 (BAL-N): BDO's savings requirement phased in as a share of its full 15,0 mio. kr.
BALLERUP_PHASE_IN = [-r / 15.0 for r in doc.BALLERUP_SAVINGS_REQUIREMENT]  # 0,2; 11,2/15; 1; 1; 1


# --- what an argument holds, and its corruptions ----------------------------------------------------------

# What an argument holds, read from its declared unit (Argument.unit): the registry says it once.
COUNT_UNITS = {"antal", "sager", "årsværk", "personer", "sager pr. rådgiver",
               "nr.", "heltal"}  # a type's row number (BREAKEVENFALL) and a seed (MONTECARLO): whole, not below 0


def kind(arg: Argument) -> str:
    unit = arg.unit
    if unit.startswith("andel"):
        return "share"  # a decimal share or rate: 0.2, not 20
    if unit == "SAND/FALSK":
        return "flag"
    if unit == "dato":
        return "date"
    if unit == "indeks":
        return "index"
    if unit == "år":
        return "year"
    if unit in COUNT_UNITS:
        return "count"
    if unit.startswith("kr. pr."):
        return "price"  # a price per case/placement/adviser
    if unit == "kr.":
        return "amount"
    raise AssertionError(f"unit {unit!r} of {arg.name} is not classified in tests/udfs/conftest.py kind()")


def empty_means_zero(spec: ExcelFunction, arg: Argument) -> bool:
    """The help text (of the argument or of the whole function) says empty cells count as 0."""
    return "Tomme celler = 0" in arg.help or "Tomme celler = 0" in spec.help


def empty_only_where_unused(arg: Argument) -> bool:
    """A price may be empty only where its count is 0 / does not change ("Tom kun hvor ...")."""
    return arg.help.startswith("Tom kun") or " Tom kun " in f" {arg.help} "


def zero_is_refused(arg: Argument) -> bool:
    """Denominators and index values: the help says "Over 0" (above 0) or "Ikke 0" (not 0)."""
    return "Over 0" in arg.help or "Ikke 0" in arg.help


def negative_is_refused(arg: Argument) -> bool:
    """Counts, prices, index values and dates are never below 0; savings are entered POSITIVE."""
    return kind(arg) in {"count", "price", "index", "date"} or "POSITIVE" in arg.help


#: Arguments whose length is independent of the other ranges, keyed by argument name.
INDEPENDENT_LENGTH = {
    "baseline": "the base period is averaged: any number of base years against any number of years",
    "actuals": "the years assessed are compared with the baseline's average, whatever its length",
}


def full_call(spec: ExcelFunction) -> list:
    """The worked example's arguments, plus every optional argument it leaves out, at its default."""
    args = copy.deepcopy(list(spec.example.args))
    for arg in spec.arguments[len(args):]:
        if arg.optional and not arg.repeating:
            args.append(arg.default)
    return args


def argument_at(spec: ExcelFunction, position: int) -> Argument:
    last = spec.arguments[-1]
    if last.repeating and position >= len(spec.arguments) - 1:
        return last
    return spec.arguments[position]


def with_last_cell(value: list, cell) -> list:
    changed = copy.deepcopy(value)
    changed[-1] = cell
    return changed


def negated(value):
    if isinstance(value, list):
        return with_last_cell(value, -1)
    return -abs(value) if value else -1


def zeroed(value):
    return with_last_cell(value, 0) if isinstance(value, list) else 0


def registry_case(spec, position, arg, label, bad, must_say=None, skip=None):
    marks = [pytest.mark.skip(reason=skip)] if skip else []
    return pytest.param(spec.name, position, bad, must_say, marks=marks,
                        id=f"{spec.name}-{arg.name}{position if arg.repeating else ''}-{label}")


def bad_inputs():
    """One corruption of one argument of one worked example at a time, for every registered function."""
    for spec in REGISTRY.values():
        args = full_call(spec)
        ranges = [p for p, v in enumerate(args) if isinstance(v, list)]
        for position, value in enumerate(args):
            arg = argument_at(spec, position)
            what = kind(arg)
            is_range = isinstance(value, list)

            # Text is never a number (nor a date, nor TRUE/FALSE). A lone '-' counts as empty by design.
            yield registry_case(spec, position, arg, "text_danish_number", "1.234,5", must_say="'1.234,5'")
            yield registry_case(spec, position, arg, "text_abc", "abc", must_say="'abc'")
            if is_range:
                yield registry_case(spec, position, arg, "text_in_range", with_last_cell(value, "abc"),
                                    must_say="'abc'")
                yield registry_case(spec, position, arg, "error_in_range", with_last_cell(value, "#DIV/0!"),
                            must_say="#DIV/0!")

            # Booleans are not numbers (Excel's SUM skips them too) ...
            flag_skip = "a TRUE/FALSE argument: booleans are its values" if what == "flag" else None
            yield registry_case(spec, position, arg, "TRUE", True, skip=flag_skip)
            yield registry_case(spec, position, arg, "FALSE", False, skip=flag_skip)
            if is_range:
                yield registry_case(spec, position, arg, "TRUE_in_range", with_last_cell(value, True))
            if what == "flag":  # ... and a number other than 1/0 is not TRUE/FALSE
                yield registry_case(spec, position, arg, "number_20", 20)

            # A share is a decimal: 20 (per cent) is refused with the hint 0.2; -5 is below any share.
            if what == "share":
                yield registry_case(spec, position, arg, "per_cent_20", 20, must_say="skriv 0,2 for 20 %")
                yield registry_case(spec, position, arg, "minus_5", -5)

            # Negative counts, prices, index values, dates and savings.
            if negative_is_refused(arg):
                yield registry_case(spec, position, arg, "negative", negated(value))
            elif what in {"amount", "year"}:
                reason = {"amount": "amounts may be negative (negative = saving, the municipal sign convention)",
                          "year": "years and year offsets are positions in time; any sign is meaningful"}[what]
                yield registry_case(spec, position, arg, "negative", negated(value), skip=reason)

            # Zero denominators (advisers, count, population, target caseload) and zero index values.
            if zero_is_refused(arg):
                yield registry_case(spec, position, arg, "zero", zeroed(value))

            # A range of another length where the lengths must match.
            if is_range and len(ranges) > 1:
                skip = INDEPENDENT_LENGTH.get(arg.name)
                longer = copy.deepcopy(value) + [next((v for v in reversed(value) if v is not None), 1)]
                yield registry_case(spec, position, arg, "longer_range", longer, must_say=arg.name, skip=skip)
                if len(value) > 1:
                    yield registry_case(spec, position, arg, "shorter_range", copy.deepcopy(value[:-1]),
                                must_say=arg.name, skip=skip)

            # An empty cell where empty is not allowed (optional arguments: see the default test below).
            if arg.optional:
                continue
            label = "empty_cell" if is_range else "empty"
            bad = with_last_cell(value, None) if is_range else None
            if empty_means_zero(spec, arg):
                skip = "the help says 'Tomme celler = 0': tested in test_empty_cells_count_as_zero..."
            elif empty_only_where_unused(arg):
                skip = "empty only where the count is 0: test_an_empty_price_is_an_error_only_where..."
            else:
                skip = None
            yield registry_case(spec, position, arg, label, bad, skip=skip)


def without_accepted(cases):
    """The corruptions a function must refuse: those accepted by design (reason given where they are made) are
    left out."""
    return [case for case in cases if not any(mark.name == "skip" for mark in case.marks)]


def assert_one_line(message: str) -> None:
    assert message and len(message.splitlines()) == 1 and "\n" not in message, repr(message)
    assert "Traceback" not in message


#: English words that have no place in a message for the officer (none of them is also a Danish word:
#: "give", "have", "type", "over", "under", "for" and "to" are, so they are not listed).
ENGLISH_WORDS = frozenset("""
    a an the is are be been not no has but and or of in on with without than this that these there it
    its if even still only one first put use check correct extend select must should cannot
    number numbers value values cell cells text empty above below range rows row columns column block
    dimensions single logical date whole infinite finite large too unexpected quotes spaces share decimal
    calendar index table lowest highest order assumptions scenarios results years year pay back payback
    cumulative savings amounts saved entered requirement gone does placements placement price prices count
    counts case within e.g. per""".split())

#: Names that are not words of the message: Excel's functions the fixes name, error codes.
EXCEL_NAMES = frozenset({"TRANSPONER", "DATO", "SAND", "FALSK"})


def assert_danish(message: str, spec: ExcelFunction) -> None:
    """A message a cell can show: one line, naming an argument (or the function), in Danish.

    Left out before looking for English: the text the officer typed (quoted as typed, in '...'), argument
    and function names (as the Insert Function dialog shows them), Excel's error codes. A number written
    with a dot must be Danish thousands (1.234, 1.048.576), never an English decimal (0.2).
    """
    assert_one_line(message)
    named, separator, text = message.partition(": ")
    assert separator and text, message
    assert named.split(" ")[0] in {a.name for a in spec.arguments} | {spec.name}, message
    words = re.sub(r"'.*'", " ", text)  # the officer's own text: at most one quotation, greedy
    words = re.sub(r"#[A-Z0-9/]+[!?]?", " ", words)  # Excel's error codes: #N/A, #DIV/0!
    names = {a.name for a in spec.arguments} | set(REGISTRY) | EXCEL_NAMES
    tokens = [t for t in re.findall(r"[\w.]+", words) if t.strip(".") not in names]
    english = [t for t in tokens if t.strip(".").lower() in ENGLISH_WORDS]
    assert not english, f"English {english} in {message!r}"
    for number in re.findall(r"\d+(?:\.\d+)+", words):
        assert all(len(group) == 3 for group in number.split(".")[1:]), f"not a Danish number {number!r}: {message!r}"
