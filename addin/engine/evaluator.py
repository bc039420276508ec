"""The headless evaluator: a workbook's formulas computed in dependency order, each distinct formula compiled once.

The worksheet XML is read once (:mod:`.contents`); every formula cell becomes a node. Copies of one
formula (equal in R1C1 form, :func:`.formula_text.copy_key`) share one compiled function from
``formulas`` (its parser and its implementations of Excel's functions, ours registered beside them),
called once per cell with that cell's own ranges. Runs of copied calls of our column-wise functions are
computed as one call over the block (:mod:`.runs`). Values live in one array per sheet, bounded by the
sheet's used range, so a whole-column reference costs the used rows, not a million.

What must be computed is decided per node (:meth:`Evaluation.plan`): everything, or only the cells that
depend on our functions and the formula cells with no saved value, the other formula cells entering
with their saved values as constants. A node the engine cannot compute carries a *problem* (an external
reference, a table reference, a function Excel has but ``formulas`` lacks ...); it keeps its saved value,
or, where it must be computed, makes the refresh refuse the workbook by name.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass, field

import numpy as np
import schedula as sh
from formulas.cell import Cell
from formulas.functions import replace_empty
from formulas.ranges import Ranges
from formulas.tokens.operand import Error, XlError

from . import excel_functions, intersection, runs
from . import formula_text as refs
from .contents import NO_VALUE, Contents, Formula
from .functions import (
    DATES,
    STRUCTURAL,
    VOLATILE,
    Messages,
    collecting,
    compiling,
    computing,
    install,
    is_excel_function,
    recording,
    sheet_names,
)

EMPTY = sh.EMPTY
#: Functions whose compiled form depends on the cell it is in (formulas' CELL input): never shared.
_POSITIONAL = frozenset({"ROW", "COLUMN", "SINGLE", "_XLFN.SINGLE", intersection.FUNCTION})
_POSITION_ONLY = frozenset({"ROW", "COLUMN", "ROWS", "COLUMNS"})  # read a reference's place, not its value
_MAX_GRID = 10_000_000  # cells per sheet's value arrays (rows × columns of the used range): about 200 MB


def problem_text(problem: str) -> str:
    """A node's problem in Danish, for the officer: what the engine cannot compute and why."""
    kind, _, detail = problem.partition(":")
    return {
        "external": "henviser til en anden projektmappe (Trappen læser aldrig andre filer)",
        "table": "bruger en tabelreference (fx Tabel1[Beløb]), som Trappen ikke kan beregne",
        "3d": "bruger en 3D-reference over flere ark, som Trappen ikke kan beregne",
        "datatable": "er en datatabel (Hvad hvis-analyse), som kun Excel kan beregne",
        "excel": f"Excel-funktion, som Trappen ikke kan beregne uden Excel: {detail}",
        "unknown": f"funktion, som hverken Excel eller Trappen kender: {detail}",
        "volatile": f"flygtig funktion ({detail}), der giver et nyt resultat ved hver beregning",
        "cycle": "indgår i en cirkulær reference",
        "syntax": "formlen kan ikke læses",
        "shared": "delt formel uden sin oprindelige formel",
        "engine": f"beregningen fejlede ({detail})",
        "large": "arket er for stort til at blive beregnet",
        "date1904": f"regner med datoer ({detail}) i 1904-datosystemet, som Trappen ikke kan regne i",
    }.get(kind, problem)


@dataclass
class Node:
    """A formula cell, an array formula's range, or a data table: what computes one area of a sheet."""

    index: int
    sheet: int
    row: int
    column: int
    area: tuple[int, int, int, int]  # r1, c1, r2, c2
    formula: Formula | None
    problem: str | None = None
    ours: bool = False  # calls one of our functions itself
    saved: bool = True  # every cell of the area holds a saved value
    inputs: list[tuple[int, int, int, int, int]] = field(default_factory=list)  # (sheet, r1, c1, r2, c2)
    key: tuple | None = None
    array: bool = False
    call: runs.Call | None = None  # the formula is one call of one of our functions on plain references
    members: list[Node] = field(default_factory=list)  # a run: the copied cells it computes as one call
    group: Group | None = None  # the copied formula this cell holds
    offset: tuple[int, int] = (0, 0)  # rows and columns from the group's first cell

    @property
    def text(self) -> str:
        """The formula as written in this cell (a shared formula's child: moved from its master)."""
        if self.formula is None or not self.formula.text:
            return ""
        if self.formula.shared_from is None or self.group is None or self.group.pieces is None:
            return "=" + (self.formula.written or self.formula.text)  # as the officer wrote it: Tabel1[Beløb]
        return "=" + refs.write(refs.shift(self.group.pieces, *self.offset))


@dataclass
class Group:
    """A formula and its copies on one sheet: read, classified and compiled once.

    ``row``/``column``: the cell ``pieces`` belong to (its first cell). ``refs``: (sheet index, Ref) of the
    references to sheets that exist, in order. ``own``: each cell must be read on its own (defined names
    may move with the cell: never shared).
    """

    row: int
    column: int
    pieces: refs.Pieces | None = None
    problem: str | None = None
    ours: bool = False
    call: runs.Call | None = None
    refs: list[tuple[int, refs.Ref]] = field(default_factory=list)
    positional: bool = False
    own: bool = False


class Evaluation:
    """One workbook's formulas: nodes, their order, what to compute, and the computed values."""

    def __init__(self, contents: Contents, ours: set[str], fast: bool = True):
        install()
        self.fast = fast  # runs of our functions as one call, our single calls without formulas' dispatcher
        self.contents = contents
        self.ours = ours
        self.aliases = [f"'SHEET_{i}'" for i in range(len(contents.sheets))]
        self.by_alias = {f"SHEET_{i}": i for i in range(len(contents.sheets))}
        self.grids: list[np.ndarray] = []
        # each sheet's plain numbers again as floats (NaN elsewhere), to hand our functions a float block
        # where every cell is a number: the input adapter reads each cell of an object block one by one
        self.numbers: list[np.ndarray] = []
        self.is_number: list[np.ndarray] = []
        self.owner: list[np.ndarray] = []
        self.nodes: list[Node] = []
        self.order: list[int] = []
        self.computed: dict[int, np.ndarray] = {}
        self.failed: dict[int, str] = {}
        self._names = self._defined_names()
        self._compiled: dict[tuple, object] = {}
        self._checked_runs: set[tuple] = set()
        self.messages = Messages()  # our functions' one-line messages, by cell, for this evaluation only
        self.stats = {"compiled": 0, "calls": 0, "direct_calls": 0, "runs": 0, "run_cells": 0, "run_fallbacks": 0}
        self._build()

    # --- reading -------------------------------------------------------------------------------------

    def _defined_names(self) -> dict[tuple[int | None, str], refs.Pieces | str]:
        names = {}
        for defined in self.contents.names:
            try:
                pieces: refs.Pieces | str = refs.read(defined.text)
            except refs.FormulaSyntaxError:
                pieces = "syntax"
            names[(defined.sheet, defined.name.upper())] = pieces
        return names

    def _sheet_index(self, name: str | None, own: int) -> int | None:
        if name is None:
            return own
        wanted = name.upper()
        for i, sheet in enumerate(self.contents.sheets):
            if sheet.name.upper() == wanted:
                return i
        return None

    def _expand_names(self, pieces: refs.Pieces, sheet: int, row: int, column: int, depth: int = 0) -> refs.Pieces:
        """Defined names replaced by what they stand for, relative names moved to the cell using them."""
        if not pieces.names:
            return pieces
        if depth > 10:
            raise refs.FormulaSyntaxError("names refer to each other in a circle")
        parts, problems, calls = [], set(pieces.problems), set(pieces.calls)
        for part in pieces.parts:
            if not isinstance(part, refs.Name) or part.book is not None:
                parts.append(part)
                continue
            scope = self._sheet_index(part.sheet, sheet) if part.sheet else sheet
            found = self._names.get((scope, part.name.upper()))
            if found is None and part.sheet is None:
                found = self._names.get((None, part.name.upper()))
            if found is None or found == "syntax":
                parts.append(part)  # unknown: formulas gives #NAME?, as Excel does
                if found == "syntax":
                    problems.add("syntax")
                continue
            # a name's relative references are stored relative to A1 (and wrap around the sheet)
            moved = refs.shift(found, row - 1, column - 1, wrap=True)
            moved = self._expand_names(moved, sheet, row, column, depth + 1)
            problems |= moved.problems
            calls |= moved.calls
            single = len(moved.parts) == 1 and isinstance(moved.parts[0], refs.Ref)
            parts.extend(moved.parts if single else ("(", *moved.parts, ")"))
        return refs.Pieces(tuple(parts), frozenset(problems), frozenset(calls))

    def _build(self) -> None:
        sheets = self.contents.sheets
        for sheet in sheets:
            rows, columns = max(sheet.last_row, 1), max(sheet.last_column, 1)
            if rows * columns > _MAX_GRID:
                raise ValueError("large", sheet.name)
            grid = np.empty((rows, columns), dtype=object)
            grid[:] = EMPTY
            numbers = np.full((rows, columns), np.nan)
            is_number = np.zeros((rows, columns), dtype=bool)
            if sheet.values:
                where = np.fromiter(itertools.chain.from_iterable(sheet.values), np.int64,
                                    2 * len(sheet.values)).reshape(-1, 2) - 1
                values = np.empty(len(sheet.values), dtype=object)
                values[:] = list(sheet.values.values())
                grid[where[:, 0], where[:, 1]] = values
                plain_numbers = np.fromiter((type(v) is float for v in values), bool, len(values))
                at = where[plain_numbers]
                numbers[at[:, 0], at[:, 1]] = values[plain_numbers].astype(np.float64)
                is_number[at[:, 0], at[:, 1]] = True
            self.grids.append(grid)
            self.numbers.append(numbers)
            self.is_number.append(is_number)
            self.owner.append(np.zeros((rows, columns), dtype=np.int32))
        for i, sheet in enumerate(sheets):
            built, groups, keys = [], {}, {}
            for (row, column), formula in sheet.formulas.items():
                area = formula.array or (row, column, row, column)
                node = Node(-1, i, row, column, area, formula, array=formula.array is not None)
                built.append(node)
                if formula.problem:
                    node.problem = formula.problem
                    continue
                origin = formula.origin(row, column)
                text_key = keys.get(origin)
                if text_key is None:
                    text_key = keys[origin] = refs.copy_key(formula.text, *origin)
                shape = (area[2] - area[0], area[3] - area[1])
                group_key = (text_key, shape, node.array)
                group = groups.get(group_key)
                if group is None or group.own:
                    group = self._group(i, row, column, formula)
                    groups[group_key] = group
                self._member(node, group, group_key)
            for node in self._runs(built) if self.fast else built:
                self._claim(node)
            for area in sheet.data_tables:
                self._claim(Node(-1, i, area[0], area[1], area, None, problem="datatable"))
        for node in self.nodes:
            if node.formula is None:
                continue  # a data table: its cells hold what Excel computed
            if node.members:
                node.saved = all(m.formula.saved is not NO_VALUE for m in node.members)
                continue
            r1, c1, r2, c2 = node.area
            values = sheets[node.sheet].values
            node.saved = node.formula.saved is not NO_VALUE and \
                all((r, c) in values for r in range(r1, r2 + 1) for c in range(c1, c2 + 1))

    def _claim(self, node: Node) -> None:
        r1, c1, r2, c2 = node.area
        owner = self.owner[node.sheet]
        if r2 > owner.shape[0] or c2 > owner.shape[1]:
            return
        node.index = len(self.nodes)
        self.nodes.append(node)
        owner[r1 - 1:r2, c1 - 1:c2] = node.index + 1

    def _group(self, sheet: int, row: int, column: int, formula: Formula) -> Group:
        """Read and classify a formula once for all its copies (at the cell where it is first met)."""
        group = Group(row, column)
        try:
            pieces = refs.read(formula.text)
            if formula.shared_from is not None:
                m_row, m_column = formula.shared_from
                pieces = refs.shift(pieces, row - m_row, column - m_column, wrap=True)
            group.own = bool(pieces.names)
            pieces = self._expand_names(pieces, sheet, row, column)
            if formula.array is None:  # a legacy formula: Excel intersects a range where one value belongs
                pieces = intersection.implicit(pieces)
        except refs.FormulaSyntaxError:
            group.problem = "syntax"
            return group
        group.pieces = pieces
        group.ours = bool(pieces.calls & self.ours)
        group.problem = self._problem(pieces)
        group.refs = [(target, ref) for ref in pieces.refs
                      if (target := self._sheet_index(ref.sheet, sheet)) is not None]  # else formulas: #REF!
        group.positional = bool(pieces.calls & _POSITIONAL) or any("@" in p for p in pieces.parts
                                                                   if isinstance(p, str))
        if group.ours and group.problem is None:
            found = runs.single_call(pieces)
            if found is not None and found.name in self.ours and len(group.refs) == len(found.arguments):
                group.call = found
        return group

    def _problem(self, pieces: refs.Pieces) -> str | None:
        """What makes a formula one the engine cannot compute (see :func:`problem_text`), or None."""
        for kind in ("external", "table", "3d"):
            if kind in pieces.problems:
                return kind
        table = install()
        volatile = None
        for name in sorted(pieces.calls):
            if self.contents.date1904 and name in DATES:
                return f"date1904:{name}"
            if name in STRUCTURAL:
                return f"excel:{name}"
            if name in self.ours or name in table:
                volatile = volatile or (f"volatile:{name}" if name in VOLATILE else None)
                continue
            return f"excel:{name}" if is_excel_function(name) else f"unknown:{name}"
        return volatile

    def _member(self, node: Node, group: Group, group_key: tuple) -> None:
        """A cell holding a copy of ``group``'s formula: its own references, the group's everything else."""
        rows, columns = node.row - group.row, node.column - group.column
        node.group, node.offset = group, (rows, columns)
        node.problem, node.ours, node.call = group.problem, group.ours, group.call
        if group.pieces is None:
            return
        inputs = []
        for target, ref in group.refs:
            r1, c1, r2, c2 = (refs.moved_area(ref, rows, columns) if rows or columns
                              else (ref.r1, ref.c1, ref.r2, ref.c2))
            if min(r1, c1) < 1:
                node.problem = "syntax"  # a copy reaching off the sheet (Excel writes #REF! there)
                return
            last_row, last_column = self.extent(target, node.sheet)
            if ref.kind == "columns":
                r2 = max(r1, min(r2, last_row))
            elif ref.kind == "rows":
                c2 = max(c1, min(c2, last_column))
            inputs.append((target, r1, c1, r2, c2))
        node.inputs = inputs
        where = (node.sheet, node.row, node.column) if group.positional or group.own else None
        node.key = (node.sheet, group_key, where)

    def extent(self, target: int, sheet: int) -> tuple[int, int]:
        """Where a whole row or column of sheet ``target`` ends in a formula on ``sheet``: the larger of the two
        used ranges, so an array formula as wide as the row it reads (``=First!1:1``) reads its empty cells as
        Excel does (0), not as formulas pads a smaller result (#N/A)."""
        rows, columns = self.grids[target].shape
        own_rows, own_columns = self.grids[sheet].shape
        return max(rows, own_rows), max(columns, own_columns)

    def pieces(self, node: Node) -> refs.Pieces:
        """The formula of a cell, its references where they point from that cell."""
        return refs.shift(node.group.pieces, *node.offset)

    def _runs(self, built: list[Node]) -> list[Node]:
        """The sheet's nodes with each run of copied calls (along a row, else down a column) made one node."""
        out, used = [], set()
        for direction in ("row", "column"):
            lines: dict[tuple, list[Node]] = {}
            eligible: dict[int, bool] = {}  # by the call's id: one answer per copied formula, not per cell
            for node in built:
                if id(node) in used or node.call is None or node.array:
                    continue
                answer = eligible.get(id(node.call))
                if answer is None:
                    answer = eligible[id(node.call)] = runs.eligible(node.call, direction)
                if not answer:
                    continue
                line = node.row if direction == "row" else node.column
                lines.setdefault((node.key, line), []).append(node)
            for members in lines.values():
                members.sort(key=lambda n: n.column if direction == "row" else n.row)
                run = [members[0]]
                for node in members[1:] + [None]:
                    step = None if node is None else (node.column - run[-1].column if direction == "row"
                                                      else node.row - run[-1].row)
                    if step == 1:
                        run.append(node)
                        continue
                    if len(run) >= runs.MIN_RUN:
                        out.append(self._run_node(run))
                        used.update(id(m) for m in run)
                    run = [node]
        out.extend(node for node in built if id(node) not in used)
        return out

    def _run_node(self, run: list[Node]) -> Node:
        first, last = run[0], run[-1]
        inputs = [(a[0], min(a[1], b[1]), min(a[2], b[2]), max(a[3], b[3]), max(a[4], b[4]))
                  for a, b in zip(first.inputs, last.inputs, strict=True)]
        return Node(-1, first.sheet, first.row, first.column, (first.row, first.column, last.row, last.column),
                    first.formula, ours=True, inputs=inputs, key=first.key, call=first.call, members=run,
                    group=first.group, offset=first.offset)

    # --- order and plan ------------------------------------------------------------------------------

    def precedents(self, node: Node) -> set[int]:
        found: set[int] = set()
        for sheet, r1, c1, r2, c2 in node.inputs:
            owner = self.owner[sheet]
            block = owner[r1 - 1:r2, c1 - 1:c2]
            if block.size == 1:
                if block.flat[0]:
                    found.add(int(block.flat[0]) - 1)
            elif block.size and block.any():
                found.update(int(v) - 1 for v in np.unique(block[block > 0]))
        if node.index in found and not node.members and not _position_only(node):  # =A1 in A1 is circular in
            node.problem = node.problem or "cycle"  # Excel: refused as such, not computed from its saved value
        found.discard(node.index)
        return found

    def sort(self) -> None:
        """Dependency order (precedents first); nodes in a circle get the problem ``cycle``."""
        state = [0] * len(self.nodes)  # 0 new, 1 on the stack, 2 done
        preds = [sorted(self.precedents(n)) for n in self.nodes]
        self.preds = preds
        order = []
        for start in range(len(self.nodes)):
            if state[start]:
                continue
            stack = [(start, iter(preds[start]))]
            state[start] = 1
            while stack:
                index, pending = stack[-1]
                for nxt in pending:
                    if state[nxt] == 0:
                        state[nxt] = 1
                        stack.append((nxt, iter(preds[nxt])))
                        break
                    if state[nxt] == 1:
                        for member, _ in stack[[s[0] for s in stack].index(nxt):]:
                            self.nodes[member].problem = self.nodes[member].problem or "cycle"
                else:
                    stack.pop()
                    state[index] = 2
                    order.append(index)
        self.order = order

    def plan(self, everything: bool) -> tuple[list[int], set[int]]:
        """(nodes to compute, nodes that depend on our functions), in dependency order."""
        tainted: set[int] = set()
        for index in self.order:
            node = self.nodes[index]
            if node.ours or any(p in tainted for p in self.preds[index]):
                tainted.add(index)
        wanted = [i for i in self.order if everything or i in tainted or not self.nodes[i].saved]
        return wanted, tainted

    # --- computing -----------------------------------------------------------------------------------

    def compute(self, wanted: list[int]) -> None:
        """Compute the nodes ``wanted`` in order; our functions' messages go to :attr:`messages`."""
        token = collecting.set(self.messages)
        names = sheet_names.set(tuple(sheet.name for sheet in self.contents.sheets))
        try:
            for index in wanted:
                node = self.nodes[index]
                if node.problem is not None:
                    self.failed[index] = node.problem
                    continue
                try:
                    value = self._evaluate(node)
                except _EngineFailure as failure:
                    self.failed[index] = f"engine:{failure}"
                    continue
                self._store(node, value)
        finally:
            collecting.reset(token)
            sheet_names.reset(names)

    def _store(self, node: Node, value: np.ndarray) -> None:
        r1, c1, r2, c2 = node.area
        area = (slice(r1 - 1, r2), slice(c1 - 1, c2))
        self.grids[node.sheet][area] = value
        plain_numbers = np.fromiter((type(v) is float for v in value.flat), bool, value.size).reshape(value.shape)
        self.is_number[node.sheet][area] = plain_numbers
        self.numbers[node.sheet][area] = np.where(plain_numbers, value, np.nan).astype(np.float64)
        self.computed[node.index] = value

    def _evaluate(self, node: Node) -> np.ndarray:
        if node.members:
            return self._evaluate_run(node)
        if node.call is not None and self.fast:
            return self._direct(node, node.inputs, node.area)
        compiled = self._compiled_for(node)
        return self._call(compiled, node, node.inputs, node.area)

    def _evaluate_run(self, node: Node) -> np.ndarray:
        """A run as one call; cell by cell where the block holds an error or its ends disagree with it."""
        r1, c1, r2, c2 = node.area
        first, last = node.members[0], node.members[-1]
        block = self._direct(node, node.inputs, node.area, strict=True)
        if block is not None and not any(isinstance(v, XlError) for v in block.flat):
            checked = node.key in self._checked_runs
            if not checked:  # the first run of each formula: its ends against calls on one cell each
                ends = (self._direct(first, first.inputs, first.area), self._direct(last, last.inputs, last.area))
                checked = _identical(ends[0][0, 0], block.flat[0]) and _identical(ends[1][0, 0], block.flat[-1])
                if checked:
                    self._checked_runs.add(node.key)
            if checked:
                self.stats["runs"] += 1
                self.stats["run_cells"] += block.size
                return block
        self.stats["run_fallbacks"] += 1
        out = np.empty((r2 - r1 + 1, c2 - c1 + 1), dtype=object)
        for member in node.members:
            out[member.row - r1, member.column - c1] = self._direct(member, member.inputs, member.area)[0, 0]
        return out

    def _direct(self, node: Node, inputs, area, strict: bool = False):
        """One of our functions called on its references' values, as formulas' dispatcher would call it.

        ``strict``: None unless the result has exactly the area's shape (a block must not be reshaped).
        """
        function = install()[node.call.name]
        args = [self._argument(*rect) for rect in inputs]
        sheet = self.contents.sheets[node.sheet]
        token = computing.set((sheet.name, f"{refs.column_letters(area[1])}{area[0]}"))
        self.stats["direct_calls"] += 1
        try:
            value = replace_empty(function(*args))
        finally:
            computing.reset(token)
        shape = (area[2] - area[0] + 1, area[3] - area[1] + 1)
        if type(value) is np.ndarray and value.shape == shape and (
                value.dtype == np.float64 and np.isfinite(value).all()
                or value.dtype == object and all(type(v) is float and math.isfinite(v) for v in value.flat)):
            return value.astype(object)  # what the two lines below make of a block of finite numbers: the same floats
        if strict and np.shape(value) != shape:
            return None
        shaped = Ranges().set_value(_range_dict(self.aliases[node.sheet], *area), value).value
        return _plain_array(shaped)

    def _call(self, compiled, node: Node, inputs, area) -> np.ndarray:
        pipe, slots = compiled
        args = []
        for slot in slots:
            if isinstance(slot, int):
                sheet, r1, c1, r2, c2 = inputs[slot]
                args.append(self._range(sheet, r1, c1, r2, c2))
            else:
                args.append(slot)
        sheet = self.contents.sheets[node.sheet]
        token = computing.set((sheet.name, f"{refs.column_letters(area[1])}{area[0]}"))
        self.stats["calls"] += 1
        try:
            value = pipe(*args)
        except sh.DispatcherError as error:
            if isinstance(getattr(error, "ex", None), NotImplementedError):
                value = Error.errors["#NAME?"]
            else:
                raise _EngineFailure(_short(getattr(error, "ex", error))) from None
        except Exception as error:  # noqa: BLE001 - a formula the engine cannot compute is refused, not fatal
            raise _EngineFailure(_short(error)) from None
        finally:
            computing.reset(token)
        value = replace_empty(value)
        shaped = Ranges().set_value(_range_dict(self.aliases[node.sheet], *area), value).value
        return _plain_array(shaped)

    def _argument(self, sheet: int, r1: int, c1: int, r2: int, c2: int):
        """An argument for a direct call of our functions: a float block where every cell is a number (what
        the input adapter would make of it, cell by cell), else the range as formulas hands it over."""
        rows, columns = self.grids[sheet].shape
        if r2 <= rows and c2 <= columns:
            area = (slice(r1 - 1, r2), slice(c1 - 1, c2))
            if self.is_number[sheet][area].all():
                return self.numbers[sheet][area].copy()
        return self._range(sheet, r1, c1, r2, c2)

    def _range(self, sheet: int, r1: int, c1: int, r2: int, c2: int) -> Ranges:
        grid = self.grids[sheet]
        rows, columns = grid.shape
        if r2 <= rows and c2 <= columns:
            block = grid[r1 - 1:r2, c1 - 1:c2]
        else:
            block = np.empty((r2 - r1 + 1, c2 - c1 + 1), dtype=object)
            block[:] = EMPTY
            inside = grid[r1 - 1:min(r2, rows), c1 - 1:min(c2, columns)]
            block[:inside.shape[0], :inside.shape[1]] = inside
        rng = _range_dict(self.aliases[sheet], r1, c1, r2, c2)
        return Ranges((rng,), {rng["name"]: (rng, block)})

    def _compiled_for(self, node: Node):
        compiled = self._compiled.get(node.key)
        if compiled is None:
            compiled = self._compile(node)
            if compiled is None:  # the anchor's references cannot stand for its copies': one per cell
                node.key = node.key[:2] + ((node.sheet, node.row, node.column),)
                compiled = self._compile(node, shared=False)
            self._compiled[node.key] = compiled
        return compiled

    def _compile(self, node: Node, shared: bool = True):
        pieces = self.pieces(node)
        text = "=" + self.render(pieces, node.sheet)
        if node.ours:  # an empty argument of ours is left out, as Excel's hosts leave it out (formulas: 0)
            text = refs.mark_left_out(text, self.ours)
        r1, c1, r2, c2 = node.area
        where = f"{self.aliases[node.sheet]}!{refs.column_letters(c1)}{r1}"
        if node.array:
            where += f":{refs.column_letters(c2)}{r2}"
        try:
            with compiling() as failures:  # formulas computes the formula's constant parts now: their messages
                cell = Cell(where, text).compile()
        except Exception as error:  # noqa: BLE001 - formulas' parser refuses what it cannot read
            inner = getattr(error, "ex", None)  # a constant call that raised ExcelOnly: named as such
            raise _EngineFailure(_short(inner if isinstance(inner, excel_functions.ExcelOnly) else error)) from None
        self.stats["compiled"] += 1
        if cell.func is None:  # a formula that is a constant, e.g. =#REF!
            constant = cell.value
            return recording(lambda: constant, failures), []
        pipe = cell.func.func
        rects = [(sheet, r1, c1, r2, c2) for sheet, r1, c1, r2, c2 in node.inputs]
        keys = [ref.relative(node.row, node.column) for ref in pieces.refs
                if self._sheet_index(ref.sheet, node.sheet) is not None]
        slots = []
        for name, rng in pipe.inputs.items():
            if isinstance(name, XlError) or not hasattr(rng, "ranges") or not rng.ranges:
                error = name if isinstance(name, XlError) else Error.errors["#NAME?"]
                slots.append(Ranges().push("A1", np.asarray([[error]], object)))
                continue
            r = rng.ranges[0]
            sheet = self.by_alias.get(r.get("sheet", "").upper())
            rect = (sheet, int(r["r1"]), r["n1"], int(r["r2"]), r["n2"])
            matches = [i for i, found in enumerate(rects) if found == rect]
            if not matches:
                raise _EngineFailure(f"reference {name} not found")
            if shared and len({keys[i] for i in matches}) > 1:
                return None
            slots.append(matches[0])
        return recording(pipe, failures), slots

    def render(self, pieces: refs.Pieces, sheet: int) -> str:
        out = []
        for part in pieces.parts:
            if isinstance(part, refs.Ref):
                target = self._sheet_index(part.sheet, sheet)
                if target is None:
                    out.append("#REF!")
                    continue
                out.append(refs.a1(part, self.aliases[target], *self.extent(target, sheet)))
            elif isinstance(part, refs.Name):
                out.append(part.name)
            else:
                out.append(part)
        return "".join(out)


class _EngineFailure(Exception):
    pass


def _position_only(node: Node) -> bool:
    """Whether a formula asks only where its references are (=ROW(A1) in A1 is no circular reference)."""
    group = node.group
    return group is not None and group.pieces is not None and bool(group.pieces.calls & _POSITION_ONLY)


def _short(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}".splitlines()[0]
    return text[:120]


@functools.lru_cache(maxsize=65536)
def _range_dict(alias: str, r1: int, c1: int, r2: int, c2: int) -> dict:
    """formulas' description of a range (what ``Ranges.get_range`` gives for ``'SHEET_0'!B5:C9``)."""
    sheet = alias.strip("'")
    l1, l2 = refs.column_letters(c1), refs.column_letters(c2)
    first, last = f"{l1}{r1}", f"{l2}{r2}"
    ref = first if first == last else f"{first}:{last}"
    found = {"r1": str(r1), "r2": str(r2), "c1": l1, "c2": l2, "n1": c1, "n2": c2, "ref": ref,
             "name": f"{sheet}!{ref}"}
    if first == last:
        found["anchor"] = ""
    found.update(sheet=sheet, sheet_id=sheet)
    return found


def _identical(a, b) -> bool:
    return a == b or (isinstance(a, float) and isinstance(b, float) and a != a and b != b)


def _plain_array(value) -> np.ndarray:
    array = np.asarray(value, dtype=object)
    if array.ndim == 0:
        array = array.reshape(1, 1)
    out = np.empty(array.shape, dtype=object)
    for index, v in np.ndenumerate(array):
        out[index] = plain(v)
        if type(out[index]) is float and not math.isfinite(out[index]):  # =SUM(1E+308;1E+308): Excel's #NUM!,
            out[index] = Error.errors["#NUM!"]  # never an infinity (which a workbook cannot even hold)
    return out


def plain(value, empty=EMPTY):
    """A computed value as a plain Python value: float, str, bool, an XlError, or ``empty`` for an empty
    cell (formulas' ``EMPTY`` unless asked otherwise; the refresh's results say None). An array gives its
    first value (the value its anchor cell shows)."""
    if isinstance(value, np.ndarray):
        value = value.ravel()[0] if value.size else empty
    if isinstance(value, XlError):
        return value
    if value is EMPTY:
        return empty
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, int):
        return float(value)
    return value
