"""The criteria of the *IF and *IFS functions as Excel reads them (addin/engine/semantics/criteria.py).

Each case is an example of Microsoft's page for the function, its result worked by hand from the page's
data:

- COUNTIF: https://support.microsoft.com/en-us/office/countif-function-e0de10c6-f885-4e71-abb4-1f464816df34
- COUNTIFS: https://support.microsoft.com/en-us/office/countifs-function-dda3dc6e-f74e-4aee-88bc-aa8c2a866842
- SUMIFS: https://support.microsoft.com/en-us/office/sumifs-function-c9e748f5-7ea7-455d-9406-611cebce642b
- AVERAGEIFS: https://support.microsoft.com/en-us/office/averageifs-function-48910c45-1fc0-4389-a028-f7c5c3001690
- MAXIFS: https://support.microsoft.com/en-us/office/maxifs-function-dfd611e6-da2c-488a-919b-9b6376b28883
- MINIFS: https://support.microsoft.com/en-us/office/minifs-function-6ca1ddaa-079b-4e74-80cc-72eef32e6599
- wildcards: "A question mark matches any single character; an asterisk matches any sequence of characters.
  If you want to find an actual question mark or asterisk, type a tilde (~) before the character."
  (https://learn.microsoft.com/en-us/office/vba/api/excel.worksheetfunction.countif)
"""

from __future__ import annotations

import datetime

import formulas.functions
import numpy as np
import pytest
import xlsxwriter

from trappen.addin.app import refresh
from trappen.addin.engine import functions
from trappen.addin.engine.semantics import criteria


def computed(tmp_path, columns: dict[str, list], formulas_: dict[str, str]) -> dict[str, object]:
    path = tmp_path / "kriterier.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Ark1")
    for top, values in columns.items():
        column, row = top[0], int(top[1:])
        for i, value in enumerate(values):
            if isinstance(value, datetime.datetime):
                sheet.write_datetime(f"{column}{row + i}", value)
            elif value is not None:
                sheet.write(f"{column}{row + i}", value)
    for cell, formula in formulas_.items():
        sheet.write_formula(cell, formula)
    book.close()
    result = refresh.refresh(path)
    return {cell: result.value("Ark1", cell) for cell in formulas_}


def test_the_matcher_replaced_is_formulas_own():
    """criteria.install replaces one function of formulas (pinned <1.4) by name; it must still be there."""
    functions.install()
    assert vars(formulas.functions)["__xfilter"] is criteria.matches
    assert criteria._original is not None and criteria._original.__name__ == "__xfilter"


def test_countif_microsofts_examples(tmp_path):
    """The COUNTIF page: apples, oranges, peaches, apples in A2:A5 and 32, 54, 75, 86 in B2:B5; its formulas,
    and its wildcard examples ("?????es": the two seven-letter names ending in es)."""
    values = computed(tmp_path, {"A2": ["apples", "oranges", "peaches", "apples"], "B2": [32, 54, 75, 86]}, {
        "D1": '=COUNTIF(A2:A5,"apples")', "D2": "=COUNTIF(A2:A5,A4)", "D3": "=COUNTIF(A2:A5,A2)+COUNTIF(A2:A5,A3)",
        "D4": '=COUNTIF(B2:B5,">55")', "D5": '=COUNTIF(B2:B5,"<>"&B4)',
        "D6": '=COUNTIF(B2:B5,">=32")-COUNTIF(B2:B5,">85")', "D7": '=COUNTIF(A2:A5,"*")',
        "D8": '=COUNTIF(A2:A5,"?????es")', "D9": '=COUNTIF(A2:A5,"*es")'})
    assert values == {"D1": 2, "D2": 1, "D3": 3, "D4": 2, "D5": 3, "D6": 3, "D7": 4, "D8": 2, "D9": 4}


def test_wildcards_match_the_whole_text_in_any_case_and_the_tilde_escapes_them(tmp_path):
    values = computed(tmp_path, {"A1": ["apples", "Apricot", "banana", "a*b", "axb", 10]}, {
        "C1": '=COUNTIF(A1:A6,"a*")', "C2": '=COUNTIF(A1:A6,"*a")', "C3": '=COUNTIF(A1:A6,"a~*b")',
        "C4": '=COUNTIF(A1:A6,"a?b")', "C5": '=COUNTIF(A1:A6,"1*")', "C6": '=COUNTIF(A1:A6,"<>a*")'})
    # a*: apples, Apricot, a*b, axb; *a: banana; a~*b: only a*b; a?b: a*b, axb; a number is no text;
    # <>a*: everything but the four
    assert values == {"C1": 4, "C2": 1, "C3": 1, "C4": 2, "C5": 0, "C6": 2}


def test_countifs_microsofts_examples(tmp_path):
    """The COUNTIFS page, example 1 (quotas) and example 2 (numbers and dates, criteria joined with &)."""
    quotas = {"B2": ["Yes", "Yes", "Yes", "No"], "C2": ["No", "Yes", "Yes", "Yes"], "D2": ["No", "No", "Yes", "Yes"]}
    values = computed(tmp_path, {**quotas, "F2": [1, 2, 3, 4, 5, 6],
                                 "G2": [datetime.datetime(2011, 5, d) for d in range(1, 7)]}, {
        "I1": '=COUNTIFS(B2:D2,"=Yes")', "I2": '=COUNTIFS(B2:B5,"=Yes",C2:C5,"=Yes")',
        "I3": '=COUNTIFS(B5:D5,"=Yes",B3:D3,"=Yes")', "I4": '=COUNTIFS(F2:F7,"<6",F2:F7,">1")',
        "I5": '=COUNTIFS(F2:F7,"<"&F6,G2:G7,"<"&G4)'})
    assert values == {"I1": 1, "I2": 2, "I3": 1, "I4": 4, "I5": 2}


def test_countifs_an_empty_criterion_cell_is_zero(tmp_path):
    """Remark: "If the criteria argument is a reference to an empty cell, the COUNTIFS function treats the empty
    cell as a 0 value." Of 0, "x", 5 and an empty cell, one is 0."""
    values = computed(tmp_path, {"A1": [0, "x", 5, None]}, {"C1": "=COUNTIFS(A1:A4,Z1)", "C2": "=COUNTIF(A1:A4,Z1)"})
    assert values == {"C1": 1, "C2": 1}


def test_not_equal_holds_for_every_other_cell_and_equals_alone_for_empty_cells(tmp_path):
    """"<>" is "not equal to" (the operators of the COUNTIF page): 0, "x" and the empty cell are not 5;
    "<>" alone: the cells that are not empty; "=" alone: the empty ones."""
    values = computed(tmp_path, {"A1": [0, "x", 5, None]}, {
        "C1": '=COUNTIF(A1:A4,"<>5")', "C2": '=COUNTIF(A1:A4,"<>")', "C3": '=COUNTIF(A1:A4,"=")',
        "C4": '=COUNTIF(A1:A4,"<>x")'})
    assert values == {"C1": 3, "C2": 3, "C3": 1, "C4": 3}


def test_sumifs_microsofts_examples(tmp_path):
    """The SUMIFS page: quantities 5, 4, 15, 3, 22, 12, 10, 33 of Apples, Apples, Artichokes, Artichokes,
    Bananas, Bananas, Carrots, Carrots sold by Tom and Sarah in turn: Tom's A-products 5 + 15 = 20, Tom's
    non-bananas 5 + 15 + 10 = 30."""
    values = computed(tmp_path, {"A2": [5, 4, 15, 3, 22, 12, 10, 33],
                                 "B2": ["Apples", "Apples", "Artichokes", "Artichokes", "Bananas", "Bananas",
                                        "Carrots", "Carrots"], "C2": ["Tom", "Sarah"] * 4}, {
        "E1": '=SUMIFS(A2:A9, B2:B9, "=A*", C2:C9, "Tom")', "E2": '=SUMIFS(A2:A9, B2:B9, "<>Bananas", C2:C9, "Tom")',
        "E3": '=SUMIF(B2:B9,"<>Bananas",A2:A9)'})
    assert values == {"E1": 20, "E2": 30, "E3": 5 + 4 + 15 + 3 + 10 + 33}


def test_averageifs_microsofts_examples(tmp_path):
    """The AVERAGEIFS page: quiz grades with "Incomplete" among them. First quiz between 70 and 90: (75 + 86)/2;
    second quiz above 95: none, #DIV/0!; final exam not Incomplete and above 80: (87 + 88)/2."""
    values = computed(tmp_path, {"B2": [75, 94, 86, "Incomplete"], "C2": [85, 80, 93, 75],
                                 "D2": [87, 88, "Incomplete", 75]}, {
        "F1": '=AVERAGEIFS(B2:B5, B2:B5, ">70", B2:B5, "<90")', "F2": '=AVERAGEIFS(C2:C5, C2:C5, ">95")',
        "F3": '=AVERAGEIFS(D2:D5, D2:D5, "<>Incomplete", D2:D5, ">80")'})
    assert values["F1"] == 80.5 and str(values["F2"]) == "#DIV/0!" and values["F3"] == 87.5


def test_maxifs_and_minifs_microsofts_examples(tmp_path):
    """MAXIFS/MINIFS pages: grades 89, 93, 96, 85, 91, 88 with weights 1, 2, 2, 3, 1, 1: of weight 1 the
    largest is 91, the smallest 88."""
    values = computed(tmp_path, {"A2": [89, 93, 96, 85, 91, 88], "B2": [1, 2, 2, 3, 1, 1]},
                      {"D1": "=_xlfn.MAXIFS(A2:A7,B2:B7,1)", "D2": "=_xlfn.MINIFS(A2:A7,B2:B7,1)"})
    assert values == {"D1": 91, "D2": 88}


@pytest.mark.parametrize("condition, expected", [("<>5", [True, True, False, True]), ("=", [False, False, False, True]),
                                                 ("<>", [True, True, True, False]), ("x", [False, True, False, False])])
def test_the_matcher_cell_by_cell(condition, expected):
    functions.install()
    mask = criteria.matches({"raw": np.array([[0.0, "x", 5.0, ""]], dtype=object)}, condition)
    assert mask.ravel().tolist() == expected
