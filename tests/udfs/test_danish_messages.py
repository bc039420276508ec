"""Every message a cell can show is Danish (:func:`assert_danish` in ``tests/udfs/conftest.py``: one line, the
argument named as the Insert Function dialog shows it, no English words, Danish decimals): each function's bad
inputs (``test_bad_input``), a missing argument, one too many, an unexpected error, and the messages the
troubleshooting page quotes. (The messages the garbage brings out are checked in ``test_garbage``.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trappen import udfs
from trappen.udfs import REGISTRY, Failure
from trappen.udfs.registry import ExcelFunction

from .conftest import assert_danish, bad_inputs, full_call, without_accepted


def messages_of_bad_inputs(spec: ExcelFunction):
    """The message of each of the function's bad inputs (Part 2), a missing argument and one too many."""
    for case in without_accepted(bad_inputs()):
        name, position, bad, _ = case.values
        if name == spec.name:
            args = full_call(spec)
            args[position] = bad
            yield case.id, spec.call(*args)
    required = sum(1 for a in spec.arguments if not a.optional and not a.repeating)
    yield "missing", spec.call(*full_call(spec)[:required - 1])
    if not spec.arguments[-1].repeating:
        yield "too_many", spec.call(*full_call(spec), 1.0)


@pytest.mark.parametrize("spec", REGISTRY.values(), ids=REGISTRY)
def test_every_bad_input_message_is_danish(spec):
    """Issue 11: "every message a cell can show is Danish (tested over the registry: each function's bad-input
    message)". The form is ``argument: what is wrong — what to do``; numbers as a Danish Excel types them."""
    seen = 0
    for case_id, outcome in messages_of_bad_inputs(spec):
        assert isinstance(outcome, Failure), (case_id, outcome)
        assert_danish(outcome.message, spec)
        assert " — " in outcome.message, f"{case_id}: no fix in {outcome.message!r}"
        seen += 1
    assert seen >= 6  # text, booleans, a missing argument ... at least


@pytest.mark.parametrize("spec", REGISTRY.values(), ids=REGISTRY)
def test_a_missing_argument_is_named_and_the_call_is_shown(spec):
    """Issue 9: "a call with arguments missing says 'unexpected TypeError'"; now it names the argument."""
    required = [a for a in spec.arguments if not a.optional and not a.repeating]
    for present in range(len(required)):
        outcome = spec.call(*full_call(spec)[:present])
        assert isinstance(outcome, Failure) and outcome.code == "#VALUE!", outcome
        assert outcome.message == (f"{required[present].name}: mangler — giv mindst {len(required)} "
                                   f"argument{'er' if len(required) > 1 else ''}: {spec.signature}")
        assert spec.excel(*full_call(spec)[:present]) == str(outcome)
    if not spec.arguments[-1].repeating:
        outcome = spec.call(*full_call(spec), 1.0)
        assert outcome.message.startswith(f"{spec.name}: har {len(spec.arguments) + 1} argumenter, men tager højst "
                                          f"{len(spec.arguments)}")


def test_a_share_in_per_cent_gets_the_decimal_to_type_in_danish():
    outcome = REGISTRY["SPILLOVER"].call(-1.0, 20)
    assert outcome.message == "home_share: 20 er over 1 — en andel skrives som decimaltal: skriv 0,2 for 20 %"
    assert REGISTRY["PRESENTVALUE"].call([1, 2], 3.5).message.endswith("skriv 0,035 for 3,5 %")


def test_the_troubleshooting_page_quotes_the_messages_as_the_functions_write_them():
    """docs/fejlsoegning.md shows the officer what a cell says: each quoted message (``...`` for a part left
    out) is what one of these calls writes into its cell."""
    cells = [
        udfs.NETSAVING([[5.5, 5.5]], [[-3.0, -11.2]]), udfs.NETSAVING([[5.5]]), udfs.CASELOAD(770, 0),
        udfs.PAYBACKYEAR([[6380651, 5630651, 4430651, 2580651, -449349]], [[2019, 2020, 2021, 2022, 2023]]),
        udfs.PLACEMENTCOST([[1]], [[1e308]], 1, 100), udfs.PLACEMENTMIX([[1e308], [1e308]]),
        udfs.PLACEMENTCOST([[1]], [["1.234,5"]]).replace("unit_prices", "counts"), udfs.SPILLOVER(-1, 20),
    ]
    page = (Path(__file__).resolve().parents[2] / "docs" / "fejlsoegning.md").read_text(encoding="utf-8")
    page = " ".join(page.split())  # the page wraps its lines
    quoted = re.findall(r"`((?:#[A-Z/0!?]+ )?(?!argument:)[a-z_A-Z]+: [^`]+)`", page)  # not the form itself
    assert len(quoted) >= 8, quoted
    for text in quoted:
        parts = [part.strip() for part in text.split("...") if part.strip()]
        assert any(all(part in cell for part in parts) for cell in cells), f"no cell says {text!r}"


def test_an_unexpected_error_is_one_danish_line_without_a_traceback(monkeypatch):
    spec = REGISTRY["CASELOAD"]

    def broken(*args):
        raise KeyError("internal detail\nwith a second line")

    monkeypatch.setattr(spec, "python", broken)
    outcome = spec.call(770, 32)
    assert outcome == Failure("#VALUE!", "CASELOAD: uventet fejl i beregningen (KeyError) — tjek argumenterne, og "
                                         "meld fejlen til Trappens udviklere")
    assert_danish(outcome.message, spec)
