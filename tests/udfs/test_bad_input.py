"""The bad-input laws for EVERY function in :data:`udfs.REGISTRY`, read from the registry (no function is
listed here by hand): starting from each function's worked example (``spec.example``), one argument at a time
is corrupted (text, booleans, a share given in per cent, a negative count, a zero denominator, a range of the
wrong length, an empty cell ...). The Python function must raise :class:`udfs.TrappenError` and never return a
number; the Excel twin must return a :class:`udfs.Failure` whose one-line message names the argument. What
each argument is (a count, a share, an amount ...) is read from its declared unit and help text
(``tests/udfs/conftest.py``). An empty optional argument takes its default, and an empty cell counts as 0
where the help says so.
"""

from __future__ import annotations

import pytest

from trappen import udfs
from trappen.udfs import REGISTRY, Failure, TrappenError

from .conftest import (
    argument_at,
    assert_one_line,
    bad_inputs,
    empty_means_zero,
    full_call,
    kind,
    registry_case,
    with_last_cell,
    without_accepted,
)


def test_net_saving_refuses_a_negative_saving_and_shows_the_fix():
    with pytest.raises(TrappenError, match="-B5:F5"):
        udfs.netsaving([5.5, 5.5], [-3.0, -11.2])


def test_placement_mix_of_no_placements_at_all_is_div0():
    assert REGISTRY["PLACEMENTMIX"].call([0, 0, None]).code == "#DIV/0!"


def test_an_empty_price_is_an_error_only_where_its_count_is_not_zero():
    assert udfs.placementcost([3, 0], [100, None]) == 300.0
    with pytest.raises(TrappenError, match="unit_prices"):
        udfs.placementcost([3, 1], [100, None])
    assert udfs.activityeffect([3, 5], [4, 5], [100, "-"]) == 100.0
    with pytest.raises(TrappenError, match="cost_per_case"):
        udfs.activityeffect([3, 5], [4, 6], [100, "-"])


@pytest.mark.parametrize("name, position, bad, must_say", without_accepted(bad_inputs()))
def test_a_bad_argument_raises_and_never_returns_a_number(name, position, bad, must_say):
    spec = REGISTRY[name]
    arg = argument_at(spec, position)
    args = full_call(spec)
    args[position] = bad

    with pytest.raises(TrappenError):
        spec.python(*args)

    outcome = spec.call(*args)
    assert isinstance(outcome, Failure), f"the Excel twin returned {outcome!r}"
    assert arg.name in outcome.message
    assert_one_line(outcome.message)
    if must_say:
        assert must_say in outcome.message
    cell = spec.excel(*args)  # what xlwings writes into the cell
    assert isinstance(cell, str) and cell.startswith(outcome.code)


@pytest.mark.parametrize("spec", REGISTRY.values(), ids=REGISTRY)
def test_every_argument_unit_is_classified(spec):
    for arg in spec.arguments:
        kind(arg)  # raises for a unit this file does not know: decide what its bad inputs are


def assert_same_outcome(outcome, reference, failure: Failure | None = None) -> None:
    """``outcome`` is ``reference``, and the reference is what it must be: a number or table, never a Failure, or
    exactly the ``failure`` stated, so two calls that fail alike for some other reason never pass as equal."""
    if failure is None:
        assert not isinstance(reference, Failure), f"the reference call fails: {reference}"
        assert not isinstance(outcome, Failure), f"the call fails: {outcome}"
    else:
        assert reference == failure, reference
    assert outcome == reference


#: Where the worked example with an argument at its default is rightly an error (so the empty argument must give
#: that very error): BREAKEVENFALL's example has no spill-over; Ballerup's 20 % home-based (or 10 % preventive)
#: spill-over makes Roskilde's case pay back within four years at no fall of institution placements.
FAILS_AT_THE_DEFAULT = {
    ("BREAKEVENFALL", name): Failure("#N/A", "type_row: selv hvis alle 30 anbringelser af type 5 forsvinder, tjener "
                                             "casen sig ikke hjem inden for 4 år — casen kræver mere end denne type")
    for name in ("home_share", "preventive_share")
}

#: Where the worked example with its last cell 0 is rightly an error (so the empty cell must give that very error):
#: Ballerup's −1,9 in 2022 is what brings its cumulative net to ≤ 0; Roskilde's case cannot pay back by a fall of
#: institution placements when there are none (its 30 set to 0).
FAILS_WITH_THE_LAST_CELL_0 = {
    ("PAYBACKYEAR", "net_by_year"): Failure("#N/A", "net_by_year: det akkumulerede resultat er stadig over 0 i 2022 "
                                                    "— casen tjener sig ikke hjem inden for årene"),
    ("BREAKEVENFALL", "base_counts"): Failure("#N/A", "type_row: selv hvis alle 0 anbringelser af type 5 forsvinder, "
                                                      "tjener casen sig ikke hjem inden for 4 år — casen kræver mere "
                                                      "end denne type"),
}


def optional_arguments():
    for spec in REGISTRY.values():
        for position, arg in enumerate(spec.arguments):
            if arg.optional:
                yield registry_case(spec, position, arg, "default", None)


@pytest.mark.parametrize("name, position, bad, must_say", list(optional_arguments()))
def test_an_empty_optional_argument_takes_its_default(name, position, bad, must_say):
    spec = REGISTRY[name]
    with_default = full_call(spec)
    with_default[position] = spec.arguments[position].default
    left_empty = full_call(spec)
    left_empty[position] = None  # an empty cell (or "-") given for an optional argument
    failure = FAILS_AT_THE_DEFAULT.get((name, spec.arguments[position].name))
    assert_same_outcome(spec.call(*left_empty), spec.call(*with_default), failure)


def empty_cells_meaning_zero():
    for spec in REGISTRY.values():
        for position in range(len(full_call(spec))):
            arg = argument_at(spec, position)
            if empty_means_zero(spec, arg):
                yield pytest.param(spec.name, position, id=f"{spec.name}-{arg.name}{position}")


@pytest.mark.parametrize("name, position", list(empty_cells_meaning_zero()))
def test_empty_cells_count_as_zero_where_the_help_says_so(name, position):
    spec = REGISTRY[name]
    args = full_call(spec)
    value = args[position]
    for empty in (None, "", "-", "–"):
        as_empty, as_zero = list(args), list(args)
        as_empty[position] = with_last_cell(value, empty) if isinstance(value, list) else empty
        as_zero[position] = with_last_cell(value, 0) if isinstance(value, list) else 0
        failure = FAILS_WITH_THE_LAST_CELL_0.get((name, argument_at(spec, position).name))
        assert_same_outcome(spec.call(*as_empty), spec.call(*as_zero), failure)
