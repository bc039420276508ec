"""Excel's semantics where ``formulas`` departs from them (``addin/engine/semantics/``), from Microsoft's own
documentation of each function (its examples and remarks; each test cites its page) and, where the shared
real workbooks hold one, from the value Excel saved.

Each test writes a workbook with Excel's values saved in its formula cells, as Excel saves them, and the
engine in full verification mode (``--kontroller``) must reproduce every one, else it refuses the workbook
(:class:`calculation.NotReproduced`); the values are also compared one by one, so a failure names the
formula. ``test_formulas_itself_still_departs`` holds ``formulas``' own functions to the values they give,
so the layer is seen to be needed (and can go where a new ``formulas`` gets them right).
"""

from __future__ import annotations

import re
import zipfile

import pytest
import xlsxwriter
from formulas.tokens.operand import XlError

from tests.conftest import DATA, as_saved_by_excel
from trappen.addin.engine import calculation, trust
from trappen.addin.engine.contents import read_contents

SHEET = "Ark1"


def workbook(path, inputs: dict, cases: list[tuple[str, str, object]]):
    """Sheet "Ark1" with ``inputs`` (cell -> value) and formulas ``cases`` (cell, formula, Excel's value), each
    saved with Excel's value, as Excel saves a workbook it has calculated."""
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet(SHEET)
    for cell, value in inputs.items():
        if isinstance(value, str):
            ws.write_string(cell, value)
        elif isinstance(value, bool):
            ws.write_boolean(cell, value)
        else:
            ws.write_number(cell, value)
    for cell, formula, value in cases:
        ws.write_formula(cell, formula, None, value)
    book.close()
    return as_saved_by_excel(path)


def computed(path) -> dict[str, object]:
    """The engine's value of every formula cell of "Ark1", in full verification mode (refuses a difference)."""
    result = calculation.calculate(read_contents(path), verify=True)
    return result.values[SHEET.upper()]


def assert_excel(path, cases):
    values = computed(path)
    for cell, formula, excel in cases:
        value = values[cell]
        if isinstance(excel, str) and excel.startswith("#"):
            assert isinstance(value, XlError) and str(value) == excel, (formula, value)
        elif isinstance(excel, float) and not isinstance(value, bool):
            assert value == pytest.approx(excel, rel=1e-9), (formula, value)
        else:
            assert type(value) is type(excel) and value == excel, (formula, value)


def cases_of(rows: list[tuple[str, object]], column: str = "Z") -> list[tuple[str, str, object]]:
    return [(f"{column}{k}", formula, excel) for k, (formula, excel) in enumerate(rows, start=1)]


def test_text_and_booleans_in_arithmetic_convert_as_excel_converts_them(tmp_path):
    """Microsoft, "Calculation operators and precedence in Excel", "Converting values in formulas"
    (https://support.microsoft.com/en-us/office/calculation-operators-and-precedence-in-excel-48be406d-4975-4d31-b2b8-7af9e0e2878a):
    ="1"+"2" is 3, ="1"+"$4.00" is 5, ="6/1/2001"-"5/1/2001" is 31, =SQRT("8+1") is #VALUE!, ="A"&TRUE is
    ATRUE; TRUE and FALSE are 1 and 0 where a number is expected, so =--("A"="B") is 0 (issue 19's cell),
    and the unary plus, which converts nothing, leaves TRUE as it is. A percentage and a time as text are
    numbers too. "6/1/2001" is 1 June to the English Excel of the page and 6 January to a Danish one, and
    text with a decimal comma ("48,34%") is read by the language of the Excel that computes it, which the
    workbook does not record: the engine gives #VALUE! for those rather than guess, and reads a date with the
    year first ("2001-06-01"), which every Excel reads alike (the page's 31 days)."""
    cases = cases_of([
        ('="1"+"2"', 3.0), ('="1"+"$4.00"', 5.0), ('="2001-06-01"-"2001-05-01"', 31.0), ('=SQRT("8+1")', "#VALUE!"),
        ('="6/1/2001"-"5/1/2001"', "#VALUE!"), ('=""+1', "#VALUE!"), ('="1900-01-01"+0', 1.0),
        ('="A"&TRUE', "ATRUE"), ('=--("A"="B")', 0.0), ("=--TRUE", 1.0), ("=-TRUE", -1.0), ("=+TRUE", True),
        ("=1--TRUE", 2.0), ('="10%"+1', 1.1), ('="12:00"+0', 0.5), ('="48,34%"+0', "#VALUE!"),
        ("=A1*2", 2.0), ("=A2+1", 8.0), ("=A3+1", "#VALUE!"),
    ])
    path = workbook(tmp_path / "coercion.xlsx", {"A1": True, "A2": "7", "A3": "sju"}, cases)
    assert_excel(path, cases)


def test_n_converts_a_value_to_a_number(tmp_path):
    """Microsoft, "N function" (https://support.microsoft.com/en-us/office/n-function-a624cad1-3635-4208-b54a-29733d1278c9),
    its example: A2 = 7, A3 = "Even", A4 = TRUE, A5 = 4/17/2011 (serial 40650): =N(A2) is 7, =N(A3) 0,
    =N(A4) 1 ("TRUE: 1"), =N(A5) 40650, =N("7") 0; "An error value: the error value"."""
    cases = cases_of([("=N(A2)", 7.0), ("=N(A3)", 0.0), ("=N(A4)", 1.0), ("=N(A5)", 40650.0), ('=N("7")', 0.0),
                      ("=N(FALSE)", 0.0), ("=N(1/0)", "#DIV/0!"), ("=N(A9)", 0.0)])
    path = workbook(tmp_path / "n.xlsx", {"A2": 7, "A3": "Even", "A4": True, "A5": 40650}, cases)
    assert_excel(path, cases)


def test_isnumber_is_true_for_numbers_only(tmp_path):
    """Microsoft, "IS functions" (https://support.microsoft.com/en-us/office/is-functions-0f2d7971-6019-40a0-a171-f2d869135665):
    "ISNUMBER: Value refers to a number"; its example =ISNUMBER(A5) over 330.92 is TRUE, =ISNUMBER(4) TRUE.
    Text that looks like a number, a boolean, an empty cell and an error are not numbers (issue 19:
    =ISNUMBER(A14), Excel FALSE)."""
    cases = cases_of([("=ISNUMBER(A5)", True), ("=ISNUMBER(4)", True), ("=ISNUMBER(A1)", False),
                      ('=ISNUMBER("123")', False), ("=ISNUMBER(A2)", False), ("=ISNUMBER(A3)", False),
                      ("=ISNUMBER(1/0)", False)])
    path = workbook(tmp_path / "isnumber.xlsx", {"A1": "123", "A2": True, "A5": 330.92}, cases)
    assert_excel(path, cases)


def test_an_empty_cell_beside_a_boolean_is_false(tmp_path):
    """In a comparison an empty cell is "" beside text, 0 beside a number and FALSE beside TRUE or FALSE: xlwings'
    tests_test_engines_integration_write.xlsm, saved by Excel, holds =C4:D7=E4:F7 with D6 = FALSE and F6
    empty, and Excel's value in H6 is TRUE (the real workbook below)."""
    cases = cases_of([("=A1=B1", True), ("=A2=B1", False), ("=A3=B1", True), ("=A4=B1", True), ("=B1=A1", True),
                      ("=A1<>B1", False)])
    path = workbook(tmp_path / "empty.xlsx", {"A1": False, "A2": True, "A3": 0, "A4": ""}, cases)
    assert_excel(path, cases)


def test_the_power_operator_has_the_errors_of_power(tmp_path):
    """Microsoft, "POWER function" (https://support.microsoft.com/en-us/office/power-function-d3f2908b-56f4-4c3f-895a-07fb519c362a),
    its example: =POWER(5,2) is 25, =POWER(98.6,3.2) 2401077.222, =POWER(4,5/4) 5.656854; "the ^ operator can
    be used instead". A result Excel cannot hold is #NUM!: =99999999999999^9999999999999990, saved as #NUM!
    by Excel in xlwings' tests_cell_errors.xlsx (below); so are 0^0 and a negative number to a fractional
    power, and 0 to a negative power is #DIV/0!."""
    cases = cases_of([
        ("=POWER(5,2)", 25.0), ("=POWER(98.6,3.2)", 2401077.2220695773), ("=POWER(4,5/4)", 5.656854249492381),
        ("=5^2", 25.0), ("=99999999999999^9999999999999990", "#NUM!"), ("=0^0", "#NUM!"),
        ("=0^-1", "#DIV/0!"), ("=(-8)^(1/3)", "#NUM!"), ("=(-8)^3", -512.0),
    ])
    path = workbook(tmp_path / "power.xlsx", {}, cases)
    assert_excel(path, cases)


def test_column_xfd_is_a_column_and_a_range_of_errors_is_an_error(tmp_path):
    """Column XFD (16.384, the last) holds cells like any other: =XFD1+1 is one cell plus one (phpspreadsheet's
    samples_templates_32readwriteComboChart1 reads XFD$7: 131 of the 136 cells it was refused for);
    =SUM(#REF!:#REF!) is #REF!, as Excel saved in phpspreadsheet's tests_data_Reader_XLSX_issue.3453 (below)."""
    cases = cases_of([
        ("=XFD1+1", 6.0), ("=SUM(XFD1:XFD2)", 11.0),
        ("=XFC1+XFD$1", 7.0), ("=SUM(#REF!:#REF!)", "#REF!")
    ])
    path = workbook(tmp_path / "xfd.xlsx", {"XFD1": 5, "XFD2": 6, "XFC1": 2}, cases)
    assert_excel(path, cases)


def test_ceiling_math_and_floor_math_round_negative_numbers_as_documented(tmp_path):
    """Microsoft, "CEILING.MATH function" (https://support.microsoft.com/en-us/office/ceiling-math-function-80f95d2f-b499-4eee-9f16-f795a8e306c8):
    =CEILING.MATH(24.3,5) is 25, =CEILING.MATH(6.7) 7, =CEILING.MATH(-8.1,2) -8, =CEILING.MATH(-5.5,2,-1) -6;
    remarks: -6.7 is rounded up to -6, -6.3 with significance 1 and mode 1 to -7 (issue 19: a negative
    number, Excel -23, not 24). "FLOOR.MATH function" (https://support.microsoft.com/en-us/office/floor-math-function-c302b599-fbdb-4177-ba19-2c2b1249a2f5):
    =FLOOR.MATH(24.3,5) is 20, =FLOOR.MATH(6.7) 6, =FLOOR.MATH(-8.1,2) -10, =FLOOR.MATH(-5.5,2,-1) -4; by
    default a negative number is rounded down, away from 0: -6.7 to -7."""
    cases = cases_of([
        ("=_xlfn.CEILING.MATH(24.3,5)", 25.0), ("=_xlfn.CEILING.MATH(6.7)", 7.0), ("=_xlfn.CEILING.MATH(-8.1,2)", -8.0),
        ("=_xlfn.CEILING.MATH(-5.5,2,-1)", -6.0),
        ("=_xlfn.CEILING.MATH(-6.7)", -6.0), ("=_xlfn.CEILING.MATH(-6.3,1,1)", -7.0),
        ("=_xlfn.CEILING.MATH(-23.4)", -23.0), ("=_xlfn.FLOOR.MATH(-6.7)", -7.0),
        ("=_xlfn.FLOOR.MATH(24.3,5)", 20.0), ("=_xlfn.FLOOR.MATH(6.7)", 6.0),
        ("=_xlfn.FLOOR.MATH(-8.1,2)", -10.0),
        ("=_xlfn.FLOOR.MATH(-5.5,2,-1)", -4.0), ("=_xlfn.FLOOR.MATH(0.3,0.1)", 0.3),
    ])
    path = workbook(tmp_path / "rounding.xlsx", {}, cases)
    assert_excel(path, cases)


def test_lookup_array_form_and_vector_form(tmp_path):
    """Microsoft, "LOOKUP function" (https://support.microsoft.com/en-us/office/lookup-function-446d94af-663b-451d-8251-369d5e3864cb).
    Array form: "If array covers an area that is wider than it is tall ... LOOKUP searches ... in the first row.
    If an array is square or is taller than it is wide ... in the first column", and returns the last row's or
    column's value: =LOOKUP("C",{"a","b","c","d";1,2,3,4}) is 3, =LOOKUP("bump",{"a",1;"b",2;"c",3}) is 2.
    Vector form, its example A2:A6 = 4.14, 4.19, 5.17, 5.77, 6.39 and B2:B6 = red, orange, yellow, green,
    blue: =LOOKUP(4.19,A2:A6,B2:B6) is "orange", 5.75 "yellow", 7.66 "blue", 0 #N/A."""
    inputs = {f"A{r}": v for r, v in zip(range(2, 7), (4.14, 4.19, 5.17, 5.77, 6.39), strict=True)}
    inputs |= {f"B{r}": v for r, v in zip(range(2, 7), ("red", "orange", "yellow", "green", "blue"), strict=True)}
    inputs |= {"D1": "a", "E1": "b", "F1": "c", "D2": 1, "E2": 2, "F2": 3}  # wider than tall: the first row
    cases = cases_of([
        ('=LOOKUP("C",{"a","b","c","d";1,2,3,4})', 3.0), ('=LOOKUP("bump",{"a",1;"b",2;"c",3})', 2.0),
        ('=LOOKUP("b",D1:F2)', 2.0), ("=LOOKUP(5.77,A2:B6)", "green"),
        ("=LOOKUP(4.19,A2:A6,B2:B6)", "orange"), ("=LOOKUP(5.75,A2:A6,B2:B6)", "yellow"),
        ("=LOOKUP(7.66,A2:A6,B2:B6)", "blue"), ("=LOOKUP(0,A2:A6,B2:B6)", "#N/A"),
    ])
    path = workbook(tmp_path / "lookup.xlsx", inputs, cases)
    assert_excel(path, cases)


def test_vlookup_column_number_errors(tmp_path):
    """Microsoft, "VLOOKUP function" (https://support.microsoft.com/en-us/office/vlookup-function-0bbc8083-26fe-4963-8ab8-93a18ad188a1):
    "If col_index_num is less than 1, VLOOKUP returns #VALUE!"; greater than the table's columns, #REF!; a
    value not found, #N/A, which Excel gives before it looks at the column number (issue 19: =VLOOKUP(B1,B1,B1,3)
    over an empty B1 is #N/A). range_lookup is a logical value: an empty cell is FALSE (an exact match), 1 TRUE.
    HLOOKUP (https://support.microsoft.com/en-us/office/hlookup-function-a3034eec-b719-4ba3-bb65-e1ad662ed95f)
    the same for its row number."""
    inputs = {"A1": 1, "A2": 2, "A3": 3, "B1": "en", "B2": "to", "B3": "tre", "D1": 1, "E1": 2, "D2": "en", "E2": "to"}
    cases = cases_of([
        ("=VLOOKUP(2,A1:B3,2,FALSE)", "to"), ("=VLOOKUP(2.5,A1:B3,2)", "to"), ("=VLOOKUP(2,A1:B3,0,FALSE)", "#VALUE!"),
        ("=VLOOKUP(2,A1:B3,3,FALSE)", "#REF!"), ("=VLOOKUP(9,A1:B3,0,FALSE)", "#N/A"), ("=VLOOKUP(C9,C9,C9,3)", "#N/A"),
        ("=VLOOKUP(2.5,A1:B3,2,C9)", "#N/A"), ("=VLOOKUP(2.5,A1:B3,2,1)", "to"), ("=HLOOKUP(2,D1:E2,2,FALSE)", "to"),
        ("=HLOOKUP(2,D1:E2,0,FALSE)", "#VALUE!"), ("=HLOOKUP(2,D1:E2,3,FALSE)", "#REF!"),
    ])
    path = workbook(tmp_path / "vlookup.xlsx", inputs, cases)
    assert_excel(path, cases)


def test_text_with_a_format_code_given_as_a_number(tmp_path):
    """Microsoft, "TEXT function" (https://support.microsoft.com/en-us/office/text-function-20d5ac4d-7b94-49fd-bb38-93d29371225c):
    TEXT(value, format_text), "=TEXT(1234.567,"$#,##0.00")" is "$1,234.57"; a format code in a cell holding
    the number 0 is the code "0" (issue 19: =TEXT(A2,B2), Excel "938803")."""
    cases = cases_of([('=TEXT(1234.567,"$#,##0.00")', "$1,234.57"), ("=TEXT(A2,B2)", "938803"),
                      ("=TEXT(A2,0)", "938803"), ('=TEXT(A2,"0")', "938803")])
    path = workbook(tmp_path / "text.xlsx", {"A2": 938803.4, "B2": 0}, cases)
    assert_excel(path, cases)


def test_date_text_before_1900_is_no_date(tmp_path):
    """Microsoft, "DATEVALUE function" (https://support.microsoft.com/en-us/office/datevalue-function-df8b07d4-7761-4a93-bc33-b7471bbff252):
    "the date_text argument must represent a date between January 1, 1900 and December 31, 9999. The DATEVALUE
    function returns the #VALUE! error value if the value of the date_text argument falls outside of this
    range"; its example =DATEVALUE("8/22/2011") is 40777, =DATEVALUE("22-MAY-2011") 40685,
    =DATEVALUE("2011/02/23") 40597. "YEAR function" (https://support.microsoft.com/en-us/office/year-function-c64f017a-1354-490d-981f-578e8ec8d3b9):
    =YEAR(A3) over 7/5/2008 is 2008; over text before 1900 #VALUE! (issue 19: Excel #VALUE!, not 1800)."""
    cases = cases_of([
        ('=DATEVALUE("8/22/2011")', 40777.0),
        ('=DATEVALUE("22-MAY-2011")', 40685.0), ('=DATEVALUE("2011/02/23")', 40597.0),
        ("=YEAR(A3)", 2008.0), ('=YEAR("7/5/2010")', 2010.0),
        ("=YEAR(A4)", "#VALUE!"), ('=DATEVALUE("1800-01-01")', "#VALUE!"),
        ('=MONTH("1/1/1800")', "#VALUE!"), ('="1/1/1800"+1', "#VALUE!"),
    ])
    path = workbook(tmp_path / "dates.xlsx", {"A3": 39634, "A4": "1800-01-01"}, cases)
    assert_excel(path, cases)


def test_base_conversions_keep_excels_ranges_and_places(tmp_path):
    """Microsoft, "BIN2OCT function" (https://support.microsoft.com/en-us/office/bin2oct-function-0a4e01ba-ac8d-4158-9b29-16c25c4c23fd):
    =BIN2OCT(1001,3) is "011", =BIN2OCT(1100100) "144", =BIN2OCT(1111111111) "7777777777"; remarks: more than
    10 characters #NUM!, "If number is negative, BIN2OCT ignores places", more than places characters #NUM!,
    places nonnumeric #VALUE!, negative #NUM!. "DEC2HEX function" (https://support.microsoft.com/en-us/office/dec2hex-function-6344ee8b-b6b5-4c6a-a672-f64666704619):
    =DEC2HEX(100,4) "0064", =DEC2HEX(-54) "FFFFFFFFCA", =DEC2HEX(28) "1C", =DEC2HEX(64,1) #NUM!. "HEX2DEC
    function" (https://support.microsoft.com/en-us/office/hex2dec-function-8c8c3155-9f37-45a5-a3ee-ee5379ef106e):
    =HEX2DEC("A5") 165, =HEX2DEC("FFFFFFFF5B") -165. "DEC2BIN function" (https://support.microsoft.com/en-us/office/dec2bin-function-0f63dd0e-5d1a-42d8-b511-5bf5c6d43838):
    a number beyond -512..511 is #NUM!."""
    cases = cases_of([
        ("=BIN2OCT(1001,3)", "011"), ("=BIN2OCT(1100100)", "144"), ("=BIN2OCT(1111111111)", "7777777777"),
        ('=BIN2OCT("1111111111",1)', "7777777777"),
        ("=BIN2OCT(11111111111)", "#NUM!"), ("=BIN2OCT(1100100,2)", "#NUM!"),
        ('=BIN2OCT(1001,"x")', "#VALUE!"), ("=BIN2OCT(1001,-1)", "#NUM!"), ("=BIN2OCT(1001,A1)", "#NUM!"),
        ("=BIN2OCT(12)", "#NUM!"), ("=DEC2HEX(100,4)", "0064"), ("=DEC2HEX(-54)", "FFFFFFFFCA"), ("=DEC2HEX(28)", "1C"),
        ("=DEC2HEX(64,1)", "#NUM!"), ('=HEX2DEC("A5")', 165.0), ('=HEX2DEC("FFFFFFFF5B")', -165.0),
        ("=DEC2BIN(512)", "#NUM!"), ("=DEC2BIN(-512)", "1000000000"), ("=BIN2DEC(1111111111)", -1.0),
    ])
    path = workbook(tmp_path / "engineering.xlsx", {}, cases)
    assert_excel(path, cases)


def test_yearfrac_gives_microsofts_example_and_documented_errors(tmp_path):
    """Microsoft, "YEARFRAC function" (https://support.microsoft.com/en-us/office/yearfrac-function-3844141e-c76d-4143-82b6-208454ddc6a8),
    its example: A2 = 1/1/2012, A3 = 7/30/2012; =YEARFRAC(A2,A3) is 0.58055556, basis 1 0.57650273, basis 3
    0.57808219; remarks: "If start_date or end_date are not valid dates, YEARFRAC returns the #VALUE! error
    value. If basis < 0 or if basis > 4, YEARFRAC returns the #NUM! error value." formulas computes these as
    Excel does (no correction in the layer): issue 19's #DIV/0! cell (Excel #NUM!) is in a workbook outside
    the shared ones, and no input tried here gives formulas #DIV/0!."""
    cases = cases_of([
        ("=YEARFRAC(A2,A3)", 0.5805555555555556), ("=YEARFRAC(A2,A3,1)", 0.5765027322404371),
        ("=YEARFRAC(A2,A3,3)", 0.5780821917808219), ("=YEARFRAC(A2,A3,5)", "#NUM!"), ("=YEARFRAC(A2,A3,-1)", "#NUM!"),
        ('=YEARFRAC("x",A3)', "#VALUE!"), ('=YEARFRAC(A2,"1800-01-01")', "#VALUE!"),
    ])
    path = workbook(tmp_path / "yearfrac.xlsx", {"A2": 40909, "A3": 41120}, cases)
    assert_excel(path, cases)


@pytest.mark.filterwarnings("ignore:overflow encountered in reduce:RuntimeWarning")  # numpy's, inside formulas' SUM
def test_npv_at_minus_100_percent_and_an_overflowing_sum(tmp_path):
    """Microsoft, "NPV function" (https://support.microsoft.com/en-us/office/npv-function-8672cb67-2576-4d07-b67b-ac28acf2a568),
    its example: =NPV(10%,-10000,3000,4200,6800) is 1.188,44; NPV sums value_i / (1 + rate)^i, so at rate -1
    every denominator is 0: #DIV/0! (formulas gave an infinity). A sum beyond the largest number Excel holds
    is #NUM! (=SUM(1E+308,1E+308); formulas gave an infinity, which a workbook cannot hold)."""
    cases = cases_of([
        ("=NPV(10%,-10000,3000,4200,6800)", 1188.4434123352216), ("=NPV(-1,1)", "#DIV/0!"),
        ("=NPV(A1-2,A1:A2)", "#DIV/0!"), ("=SUM(1E+308,1E+308)", "#NUM!"), ("=1E+308*10", "#NUM!"),
    ])
    path = workbook(tmp_path / "npv.xlsx", {"A1": 1, "A2": 2}, cases)
    assert_excel(path, cases)


MONTHS = list(range(1, 13))
COSTS = [133890, 135000, 135790, 137300, 138130, 139100, 139900, 141120, 141890, 143230, 144000, 145290]


def test_trend_reproduces_microsofts_example(tmp_path):
    """Microsoft, "TREND function" (https://support.microsoft.com/en-us/office/trend-function-e2f135f0-8827-4096-9873-9a7cf7b51ef1),
    its example: months 1-12 in A2:A13 and costs in B2:B13; =TREND(B2:B13,A2:A13) gives 133.953 for month 1
    and 145.153 for month 12, =TREND(B2:B13,A2:A13,A15:A19) for months 13-17 146.172, 147.190, 148.208,
    149.226, 150.244 (whole kroner as the page shows them). The same fit over rows (known_y's in one row,
    each row of known_x's a variable) and over constant arrays gives the same values."""
    inputs = {f"A{r}": m for r, m in zip(range(2, 14), MONTHS, strict=True)}
    inputs |= {f"B{r}": c for r, c in zip(range(2, 14), COSTS, strict=True)}
    inputs |= {f"A{r}": m for r, m in zip(range(15, 20), range(13, 18), strict=True)}
    inputs |= {f"{col}21": m for col, m in zip("CDEFGHIJKLMN", MONTHS, strict=True)}
    inputs |= {f"{col}22": c for col, c in zip("CDEFGHIJKLMN", COSTS, strict=True)}
    book = xlsxwriter.Workbook(tmp_path / "trend.xlsx")
    ws = book.add_worksheet(SHEET)
    for cell, value in inputs.items():
        ws.write_number(cell, value)
    ws.write_array_formula("D2:D13", "{=TREND(B2:B13,A2:A13)}")
    ws.write_array_formula("E15:E19", "{=TREND(B2:B13,A2:A13,A15:A19)}")
    ws.write_formula("G1", "=TREND(C22:N22,C21:N21,A19)")
    ws.write_formula("G2", "=TREND({1,3,2,5,4},{1,2,3,4,5},6)")
    book.close()
    values = calculation.calculate(read_contents(tmp_path / "trend.xlsx"), everything=True).values[SHEET.upper()]
    assert [round(values[f"D{r}"]) for r in (2, 13)] == [133953, 145153]
    assert [round(values[f"E{r}"]) for r in range(15, 20)] == [146172, 147190, 148208, 149226, 150244]
    assert round(values["G1"]) == 150244
    # by hand: mean x = mean y = 3, Sxy = 8, Sxx = 10, so y = 0,8 x + 0,6 and 5,4 at x = 6
    assert values["G2"] == pytest.approx(5.4)


def test_growth_reproduces_microsofts_example(tmp_path):
    """Microsoft, "GROWTH function" (https://support.microsoft.com/en-us/office/growth-function-541a91dc-3d5e-437d-b156-21324e68b80d),
    its example: months 11-16 in A2:A7 with units 33.100, 47.300, 69.000, 102.000, 150.000, 220.000 in B2:B7;
    =GROWTH(B2:B7,A2:A7) gives 32.618,20 ... 218.821,88, and =GROWTH(B2:B7,A2:A7,A9:A10) for months 17 and 18
    320.196,72 and 468.536,05; a known_y that is not positive is #NUM!."""
    book = xlsxwriter.Workbook(tmp_path / "growth.xlsx")
    ws = book.add_worksheet(SHEET)
    for row, (month, units) in enumerate(zip(range(11, 17), (33100, 47300, 69000, 102000, 150000, 220000),
                                             strict=True), start=2):
        ws.write_number(f"A{row}", month)
        ws.write_number(f"B{row}", units)
    ws.write_number("A9", 17)
    ws.write_number("A10", 18)
    ws.write_array_formula("C2:C7", "{=GROWTH(B2:B7,A2:A7)}")
    ws.write_array_formula("D9:D10", "{=GROWTH(B2:B7,A2:A7,A9:A10)}")
    ws.write_formula("E1", "=GROWTH({1,-1},{1,2},3)")
    book.close()
    values = calculation.calculate(read_contents(tmp_path / "growth.xlsx"), everything=True).values[SHEET.upper()]
    assert [round(values[f"C{r}"], 2) for r in (2, 7)] == [32618.20, 218821.88]
    assert [round(values[f"D{r}"], 2) for r in (9, 10)] == [320196.72, 468536.05]
    assert str(values["E1"]) == "#NUM!"


def test_a_whole_row_as_an_array_reads_empty_cells_as_0(tmp_path):
    """An array formula over a whole row (=First!1:1) gives Excel's 0 in every empty column (issue 19: 16.381
    cells of a workbook were #N/A): the row is read as far as the formula's own sheet reaches."""
    book = xlsxwriter.Workbook(tmp_path / "rows.xlsx")
    first = book.add_worksheet("First")
    second = book.add_worksheet(SHEET)
    for column, value in enumerate((1, 2, 3)):
        first.write_number(0, column, value)
    second.write_array_formula("A1:H1", "{=First!1:1}", None, 1)
    second.write_formula("A3", "=SUM(First!1:1)", None, 6)
    book.close()
    path = as_saved_by_excel(tmp_path / "rows.xlsx")
    _excel_values(path, SHEET, {"A1": 1, "B1": 2, "C1": 3, **{f"{c}1": 0 for c in "DEFGH"}})
    values = computed(path)
    assert [values[f"{c}1"] for c in "ABCDEFGH"] == [1.0, 2.0, 3.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    assert values["A3"] == 6.0


def _excel_values(path, sheet_name, values: dict[str, float]) -> None:
    """Write Excel's cached values into the array formula's cells (xlsxwriter writes 0 after the first)."""
    with zipfile.ZipFile(path) as zf:
        parts = {info: zf.read(info.filename) for info in zf.infolist()}
    with zipfile.ZipFile(path, "w") as zf:
        for info, data in parts.items():
            if info.filename == "xl/worksheets/sheet2.xml":
                text = data.decode()
                for cell, value in values.items():
                    text = re.sub(rf'(<c r="{cell}"[^>]*>(?:<f[^>]*>[^<]*</f>|<f[^>]*/>)?<v>)[^<]*(</v>)',
                                  rf"\g<1>{value}\g<2>", text)
                data = text.encode()
            zf.writestr(info, data)


def test_a_formula_reading_its_own_cell_is_a_circular_reference(tmp_path):
    """=C1 in C1, here through a shared formula (B1's $C$1 copied to C1), is a circular reference in Excel: the
    engine names it as a cell it cannot compute ("indgår i en cirkulær reference"), keeping Excel's saved value
    where that is trusted and refusing the workbook where it is not, where it used to compute C1 from its own
    saved value. =ROW(D1) in D1 asks only for its own place and is computed (Excel does not call it circular)."""
    book = xlsxwriter.Workbook(tmp_path / "self.xlsx")
    ws = book.add_worksheet(SHEET)
    ws.write_formula("B1", "=$C$1", None, 5)
    ws.write_formula("C1", "=$C$1", None, 5)
    ws.write_formula("D1", "=ROW(D1)", None, 1)
    book.close()
    path = tmp_path / "self.xlsx"
    with zipfile.ZipFile(path) as zf:
        parts = {info: zf.read(info.filename) for info in zf.infolist()}
    with zipfile.ZipFile(path, "w") as zf:
        for info, data in parts.items():
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>$C$1</f><v>5</v></c><c r=\"C1\"><f>$C$1</f>",
                                    b"<f t=\"shared\" ref=\"B1:C1\" si=\"0\">$C$1</f><v>5</v></c>"
                                    b"<c r=\"C1\"><f t=\"shared\" si=\"0\"/>")
                assert b't="shared"' in data
            zf.writestr(info, data)
    assert read_contents(path).sheets[0].formulas[(1, 3)].shared_from == (1, 2)
    trusted = calculation.calculate(read_contents(as_saved_by_excel(path)), verify=True)
    assert [(k.sheet, k.cell, k.reason) for k in trusted.kept] == [("Ark1", "C1", "indgår i en cirkulær reference")]
    assert trusted.values["ARK1"]["C1"] == 5.0 and trusted.values["ARK1"]["D1"] == 1.0
    untrusted = as_saved_by_excel(path, ' fullCalcOnLoad="1"')
    with pytest.raises(calculation.CannotCompute) as refused:
        calculation.calculate(read_contents(untrusted))
    assert refused.value.problems == {"cycle": ["Ark1!C1"]}


REAL = DATA / "workbooks"


@pytest.mark.parametrize(("name", "sheet", "cell", "formula", "excel"), [
    ("xlwings/tests_cell_errors.xlsx", "Sheet1", "A5", "99999999999999^9999999999999990", "#NUM!"),
    ("phpspreadsheet/tests_data_Reader_XLSX_issue.3453.xlsx", "Sheet1", "H2", "SUM(#REF!:#REF!)", "#REF!"),
    ("xlwings/tests_test_engines_integration_write.xlsm", "Sheet 1", "H6", "C4:D7=E4:F7", True),
    ("phpspreadsheet/samples_templates_32readwriteComboChart1.xlsx", "25 Year Non-Renewal Plan", "Y8", None, 20000.0),
])
def test_the_real_workbooks_cell_gets_excels_saved_value(name, sheet, cell, formula, excel):
    """The cells of the shared real workbooks where formulas computed otherwise, with the value Excel saved."""
    contents = read_contents(REAL / name)
    target = contents.sheet(sheet)
    row, column = _position(cell)
    anchor = next((f for (r, c), f in target.formulas.items()
                   if (r, c) == (row, column) or (f.array and f.array[0] <= row <= f.array[2]
                                                  and f.array[1] <= column <= f.array[3])), None)
    assert anchor is not None and (formula is None or anchor.text == formula)
    assert trust.same(target.values[(row, column)], excel)
    value = calculation.calculate(contents, everything=True).values[sheet.upper()][cell]
    assert trust.same(value, excel), value


def _position(cell: str) -> tuple[int, int]:
    letters, digits = re.match(r"([A-Z]+)(\d+)", cell).groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return int(digits), column


def test_product_over_no_numbers_is_0(tmp_path):
    """Microsoft, "PRODUCT function" (https://support.microsoft.com/en-us/office/product-function-8e6b5b24-90ee-4650-aeec-80982a0512ce),
    its example (A2:A4 = 5, 15, 30): =PRODUCT(A2:A4) is 2.250 and =PRODUCT(A2:A4,2) is 4.500; its remark: empty
    cells, logical values and text in a reference are ignored, so a blank cell beside a number is no factor
    (KB 61892: =PRODUCT(A4,B4) with B4 blank is A4). With no number left to multiply Excel gives 0 (Gnumeric's
    Excel-compatible PRODUCT: "if all cells are empty, the result will be 0"); formulas gave 1. A logical value
    typed as an argument is counted (=PRODUCT(TRUE) is 1); one in a reference is not."""
    cases = cases_of([
        ("=PRODUCT(A2:A4)", 2250.0), ("=PRODUCT(A2:A4,2)", 4500.0), ("=PRODUCT(A2,B2)", 5.0),
        ("=PRODUCT(B1:B3)", 0.0), ("=PRODUCT(B1)", 0.0), ("=PRODUCT(A5)", 0.0), ("=PRODUCT(TRUE)", 1.0),
        ("=PRODUCT(B1:B3,3)", 3.0), ("=SUBTOTAL(6,B1:B3)", 0.0), ("=SUBTOTAL(6,A2:A4)", 2250.0),
    ])
    path = workbook(tmp_path / "product.xlsx", {"A2": 5, "A3": 15, "A4": 30, "A5": True}, cases)
    assert_excel(path, cases)


def test_formulas_itself_still_departs():
    """formulas' own functions (its module tables, which the engine's table replaces) still give the values the
    layer corrects: where a new formulas within the pin gets one right, this test says so and the patch can go."""
    import numpy as np
    import schedula as sh
    from formulas.functions import info, look, text
    from formulas.functions import math as fmath

    assert float(np.ravel(fmath.FUNCTIONS["CEILING.MATH"](-23.4))[0]) == 24.0  # Excel -23
    assert float(np.ravel(fmath.FUNCTIONS["PRODUCT"](np.array([[sh.EMPTY]], dtype=object)))[0]) == 1.0  # Excel 0
    assert np.ravel(info.FUNCTIONS["N"](True))[0] is True  # Excel 1
    assert bool(np.ravel(info.FUNCTIONS["ISNUMBER"]("123"))[0]) is True  # Excel FALSE
    assert np.ravel(text.FUNCTIONS["TEXT"](938803.4, 0.0))[0] == "938803.4"  # Excel "938803"
    table = np.array([["a", "b"], [1, 2]], dtype=object)
    assert np.ravel(look.FUNCTIONS["LOOKUP"]("b", table))[0] != 2  # Excel 2 (the last row's value)
