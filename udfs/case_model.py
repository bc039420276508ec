"""The investment-case model: one batched numpy core that every case function shares.

:func:`case_table` is the one place where the case is computed. It takes a *batch* of assumption sets
(leading axis = scenarios) and returns every row of the case for all of them at once, so the spilled
table (INVESTMENTCASE, ``trappen.udfs.investment_case``), the switching values, the tornado and the Monte Carlo
simulation (``trappen.udfs.uncertainty``) all run the same arithmetic. :func:`read_case` is the one place
where the case's ranges (counts, prices, phase-in, investment, other costs, years) are read through the
input adapter, and :data:`CASE_HELP` declares the Danish help of those shared arguments once.

The model, for year index t = 0, 1, ... (column t of the rows):

* every placement type moves from its base count (without the intervention) towards its planned count:
  one target per type (reached by the phase-in share of year t), or a planned count per type and year
  (a block types × years, as Ballerup's "Fremtidigt scenarie"); the phase-in share (times the share
  achieved, 1 unless the uncertainty functions vary it; above 1 = more than planned) scales the change;
* a planned change that is a saving is reduced by the optimism bias on savings (the UK Green Book and
  GMCA's confidence grades); the part of it that would have happened anyway (deadweight, dødvægt) moves
  the situation without the intervention as well;
* the unit prices grow by ``price_growth`` a year beyond the general price and wage level (P/L), from
  the prices' own year (``price_offset`` years before the first column). Two views of prices:

  1. *the same prices* (default; the Green Book and SØM): the situations with and without the
     intervention are both valued at year t's prices, so rising prices raise the saving;
  2. *budget pressure* (Ballerup's note): the situation without the intervention is today's budget, at
     the prices' own year; the case's placements at year t's prices are measured against it, so price
     growth on every placement the budget keeps is a financing need of the case;

* the fall in placement costs that the case brings carries new home-based and preventive costs
  (SPILLOVER's rule: 20 % and 10 % of the fall in Ballerup);
* investment and other costs are raised by an optimism-bias uplift (the UK Green Book / GMCA model);
* net = change against baseline + spill-over + investment + other costs (positive = merudgift).

Sign convention throughout: positive = extra expenditure (merudgift), negative = saving (mindreudgift).
Amounts are in the unit of the inputs (kr., 1.000 kr., mio. kr.); nothing is rescaled.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import danish, inputs
from .errors import TrappenError, count
from .net_result import SPILLOVER_SHARES_HELP, discounted, spillover_costs, spillover_shares

#: The two views of prices (INVESTMENTCASE's ``price_view``): 1 = the same prices with and without the
#: intervention, 2 = budget pressure against today's budget. Left out, it is 2: ``price_view`` came in 0.2.0,
#: and 0.1's price growth was budget pressure, so a formula written for 0.1 keeps its figures (the template
#: writes its own choice, 1, explicitly). In 0.2.0 a left-out price_view was 1: a formula written for 0.2.0
#: that leaves it out needs 1 written in to keep 0.2.0's figures (CHANGELOG.md, tests/test_upgrade.py).
SAME_PRICES, BUDGET_PRESSURE = 1, 2

#: Highest share of the planned change that may be achieved (3 = three times the plan).
MOST_ACHIEVED = 3.0


@dataclass(frozen=True)
class Case:
    """Every row of the investment case for a batch of scenarios; each array is (scenarios, years).

    Attributes follow the rows of INVESTMENTCASE (see :data:`ROWS`); amounts are in the unit of the
    inputs, positive = extra expenditure.
    """

    placement_cost: np.ndarray
    change: np.ndarray
    spillover: np.ndarray
    investment: np.ndarray
    other_costs: np.ndarray
    net: np.ndarray
    cumulative: np.ndarray
    present_value: np.ndarray

    def payback_index(self) -> np.ndarray:
        """Per scenario: the index (0-based) of the first year with cumulative net ≤ 0; -1 if none."""
        reached = self.cumulative <= 0
        return np.where(reached.any(axis=-1), reached.argmax(axis=-1), -1)

    def paid_back_by(self, horizon: int) -> np.ndarray:
        """Per scenario: True where the cumulative net is ≤ 0 in one of the first ``horizon`` years."""
        return (self.cumulative[:, :horizon] <= 0).any(axis=-1)

    def table(self, years: np.ndarray) -> np.ndarray:
        """The spilled table for each scenario: (scenarios, 9, years); see :data:`ROWS`.

        The last row holds the payback year (from ``years``) in its first cell, 0 if the case does not
        pay back within the years; its other cells are 0.
        """
        index = self.payback_index()
        payback = np.zeros_like(self.net)
        payback[:, 0] = np.where(index >= 0, np.asarray(years, dtype=float)[np.maximum(index, 0)], 0.0)
        rows = [self.placement_cost, self.change, self.spillover, self.investment, self.other_costs, self.net,
                self.cumulative, self.present_value, payback]
        return np.stack(rows, axis=1) + 0.0  # + 0.0: no "-0" in a cell


def case_table(base_counts, target_counts, phase_in, unit_prices, investment, other_costs=0.0, *,
               price_growth=0.0, achieved=1.0, deadweight=0.0, optimism_bias=0.0, savings_bias=0.0,
               overrun=0.0, home_share=0.0, preventive_share=0.0, discount_rate=0.0,
               price_view=SAME_PRICES, price_offset=0, prior_costs=0.0) -> Case:
    """The investment case for a batch of assumption sets at once: the pure numpy core.

    Inputs are clean float arrays (no adapter here: callers read Excel's values with :func:`read_case`
    and ``udfs.inputs``). Anything may carry a leading scenario axis of length S; the rest broadcast.

    Parameters
    ----------
    base_counts : array_like
        Placements per type without the intervention (the base), shape (T,) or (S, T).
    target_counts : array_like
        The planned placements per type: (T,) one target for all years, (T, Y) one per type and year,
        or with a scenario axis (S, T, 1) / (S, T, Y).
    phase_in : array_like
        Share of the planned change reached in each year, shape (Y,) or (S, Y), decimals.
    unit_prices : array_like
        Yearly cost of one placement per type at the prices' own year (kr. per placement-year),
        shape (T,) or (S, T); 0 for a type without a price (its count does not change).
    investment, other_costs : array_like
        Amounts per year (kr.), a number, (Y,) or (S, Y).
    price_growth, achieved, deadweight, optimism_bias, savings_bias, overrun : float or array_like
        Decimals, a number or one per scenario (S,): the unit prices' yearly growth beyond the general
        P/L; the share of the planned change achieved (scales ``phase_in``; above 1 = more than planned);
        the share of it that would have happened anyway; the uplift on investment and other costs; the
        reduction of a planned saving (optimism bias on savings); the investment's overrun.
    home_share, preventive_share, discount_rate : float or array_like
        Decimals, a number or one per scenario (S,): the spill-over shares of the fall; the discount rate
        per year.
    price_view : int
        :data:`SAME_PRICES` (1, default) or :data:`BUDGET_PRESSURE` (2); see the module's notes.
    price_offset : int
        Years from the unit prices' own year to the first column (1 for 2017 prices in a case from 2018).
    prior_costs : float or array_like
        Net costs spent before the first column (kr.; e.g. the investment of the year before the case's
        years), a number or one per scenario (S,): the cumulative and present-value rows start from it,
        so the payback year counts it; the yearly rows do not hold it. Default 0.

    Returns
    -------
    Case
        Rows of shape (S, Y) (S = 1 when nothing varies by scenario).

    Notes
    -----
    With ``B = Σ base × price``, ``D_t = Σ (target_t − base) × price`` (the same D for every year with
    one target per type), ``D'_t = D_t (1 − savings_bias)`` where ``D_t < 0`` (else ``D_t``),
    ``f_t = (1 + g) ** (t + price_offset)``, ``p_t = phase_t × achieved`` and deadweight ``w``::

        placement_cost_t = (B + p_t D'_t) f_t                       (the placements with the case)
        volume_t         = (1 − w) p_t D'_t f_t                     (the change the case brings)
        change_t         = volume_t                                 (view 1: the same prices)
                         = volume_t + (B + w p_t D'_t)(f_t − 1)     (view 2: against today's budget)
        spillover_t      = (home + preventive) × max(0, −volume_t)
        investment_t     = I_t (1 + overrun) + bias × max(0, I_t (1 + overrun))
        other_t          = O_t + bias × max(0, O_t)
        net_t            = change_t + spillover_t + investment_t + other_t
        cumulative_t     = P + Σ_{k ≤ t} net_k                     (P = prior_costs)
        present_value_t  = P + Σ_{k ≤ t} net_k / (1 + r) ** k

    In both views ``placement_cost_t − change_t`` is the situation without the intervention:
    ``(B + w p_t D'_t) f_t`` at year t's prices, or ``B + w p_t D'_t`` at the prices' own year. Because
    the model is linear in the counts, the types enter only through B and D.
    """
    base = _per_type(base_counts)
    prices = _per_type(unit_prices)
    base_cost = np.sum(base * prices, axis=-1, keepdims=True)  # (S|1, 1)
    planned = np.sum((_per_type_and_year(target_counts) - base[..., None]) * prices[..., None], axis=-2)
    planned = np.where(planned < 0, planned * (1.0 - _per_scenario(savings_bias)), planned)  # (S|1, Y|1)

    phase, invest, other = _per_year(phase_in), _per_year(investment), _per_year(other_costs)
    years = np.broadcast_shapes(phase.shape, invest.shape, other.shape, planned.shape)[-1]
    t = np.arange(years)
    growth_factor = (1.0 + _per_scenario(price_growth)) ** (t + price_offset)
    reached = phase * _per_scenario(achieved)
    weight = _per_scenario(deadweight)
    bias = _per_scenario(optimism_bias)

    placement_cost = (base_cost + reached * planned) * growth_factor
    volume = (1.0 - weight) * reached * planned * growth_factor
    change = volume
    if price_view == BUDGET_PRESSURE:
        change = volume + (base_cost + weight * reached * planned) * (growth_factor - 1.0)
    spill = spillover_costs(volume, _per_scenario(home_share) + _per_scenario(preventive_share))
    invest = invest * (1.0 + _per_scenario(overrun))
    invest = invest + bias * np.maximum(invest, 0.0)
    other = other + bias * np.maximum(other, 0.0)
    net = change + spill + invest + other
    present = discounted(net, _per_scenario(discount_rate), t)

    shape = np.broadcast_shapes(net.shape, placement_cost.shape)
    rows = [np.broadcast_to(row, shape) for row in
            (placement_cost, change, spill, invest, other, net)]
    prior = _per_scenario(prior_costs)
    return Case(*rows, cumulative=prior + np.cumsum(rows[-1], axis=-1),
                present_value=np.broadcast_to(prior + np.cumsum(present, axis=-1), shape))


def _per_type(value) -> np.ndarray:
    array = np.asarray(value, dtype=float)
    return array.reshape(1, -1) if array.ndim < 2 else array


def _per_type_and_year(value) -> np.ndarray:
    """Targets as (S|1, T, Y|1): (T,) and (T, Y) get a scenario axis; (T,) a year axis too."""
    array = np.asarray(value, dtype=float)
    if array.ndim == 1:
        return array.reshape(1, -1, 1)
    return array[None] if array.ndim == 2 else array


def _per_year(value) -> np.ndarray:
    array = np.asarray(value, dtype=float)
    return array.reshape(1, -1) if array.ndim < 2 else array


def _per_scenario(value) -> np.ndarray:
    return np.asarray(value, dtype=float).reshape(-1, 1)


# --- reading the case's ranges through the adapter -------------------------------------------------------

@dataclass(frozen=True)
class CaseInputs:
    """The case's ranges as clean arrays: per type (T,), targets (T, 1) or (T, Y), per year (Y,), the layout."""

    base: np.ndarray
    target: np.ndarray
    prices: np.ndarray
    phase: np.ndarray
    investment: np.ndarray
    other: np.ndarray
    years: np.ndarray
    column: bool  # the per-year ranges came as columns: results spill with the years down the rows

    @property
    def n_years(self) -> int:
        return self.phase.size

    def first_years(self, years: int) -> CaseInputs:
        """The case cut to its first ``years`` years: all that a result at that horizon depends on."""
        target = self.target[..., :years] if self.target.shape[-1] > 1 else self.target
        return CaseInputs(self.base, target, self.prices, self.phase[:years], self.investment[:years],
                          self.other[:years], self.years[:years], self.column)

    def with_targets(self, targets: np.ndarray) -> CaseInputs:
        """The same case with other targets, e.g. a batch (S, T, Y|1) for the switching values."""
        return CaseInputs(self.base, targets, self.prices, self.phase, self.investment, self.other, self.years,
                          self.column)


def read_case(base_counts, target_counts, phase_in, unit_prices, investment, other_costs=0.0,
              years=None) -> CaseInputs:
    """Read the arguments every case function shares, through ``udfs.inputs``; raise TrappenError.

    ``target_counts`` is one count per type (a column like ``base_counts``) or a block with one row per
    type and one column per year. ``other_costs`` may be a block of several cost rows (each one value per
    year): they are summed.
    """
    base = inputs.vector(base_counts, "base_counts", nonnegative=True)
    if base.size > MAX_TYPES:
        raise TrappenError("base_counts", f"har {count(base.size, 'værdi')}, men en case har højst "
                           f"{count(MAX_TYPES, 'type')}", "giv ét antal pr. anbringelsestype")
    target = _targets(target_counts, base.size)
    prices = inputs.vector(unit_prices, "unit_prices", empty="keep", nonnegative=True)
    if prices.size != base.size:
        raise TrappenError("unit_prices", f"har {count(prices.size, 'værdi')}, men base_counts har "
                           f"{count(base.size, 'værdi')}", "giv én pris pr. anbringelsestype")
    prices = inputs.prices_where_used(prices, lambda: np.any(target != base[:, None], axis=1), "unit_prices",
                                      "typens antal ændres", "skriv prisen")
    # The case's costs (Σ count × price) must be numbers: with prices near 1e308 they overflow, and the
    # switching values would search an infinite case and say #N/A.
    inputs.total(np.concatenate([base * prices, (target * prices[:, None]).ravel()]), "unit_prices")

    phase, phase_column = _year_line(phase_in, "phase_in")
    phase = inputs.share_row(phase, "phase_in", "år", highest=MOST_ACHIEVED)
    invest, invest_column = _year_line(investment, "investment")
    # The years run across (a row) or down (a column) as the first per-year range of several cells does.
    column = phase_column if phase.size > 1 else invest_column if invest.size > 1 else is_column(other_costs)
    other = _cost_rows(other_costs, column)
    named = {"phase_in": phase, "investment": invest, "other_costs": other}
    if target.shape[1] > 1:
        if phase.size not in (1, target.shape[1]):
            raise TrappenError("target_counts", f"har {target.shape[1]} kolonner (år), men phase_in har "
                               f"{phase.size} værdier", "giv én kolonne pr. år eller ét antal pr. type")
        named["target_counts"] = target[0]
    labels = optional_row(years, "years")
    if labels is not None:
        named["years"] = inputs.years(labels, "years")  # whole years, increasing
    arrays, shape = inputs.aligned(named)
    n_years = int(np.prod(shape)) if shape else 1
    rows = [np.broadcast_to(np.ravel(a), (n_years,)).astype(float) for a in arrays]
    labels = rows[-1] if labels is not None else np.arange(1.0, n_years + 1.0)
    return CaseInputs(base, target, prices, rows[0], rows[1], rows[2], labels, bool(column))


def _targets(value, types: int) -> np.ndarray:
    """``target_counts`` as (T, 1) (one count per type) or (T, Y) (a block types × years)."""
    target = inputs.numbers(value, "target_counts", empty="zero", nonnegative=True)
    if target.size == types:
        return target.reshape(-1, 1)
    if target.ndim == 2 and target.shape[0] == types:
        return target
    if target.ndim < 2 or min(target.shape) == 1:
        raise TrappenError("target_counts", f"har {count(target.size, 'værdi')}, men base_counts har "
                           f"{count(types, 'værdi')}", "giv ét antal pr. anbringelsestype i begge")
    raise TrappenError("target_counts", f"har {target.shape[0]} rækker, men base_counts har {types} typer",
                       "giv én række pr. anbringelsestype (og én kolonne pr. år)")


def read_assumptions(*, price_growth=0.0, deadweight=0.0, optimism_bias=0.0, savings_bias=0.0,
                     price_view=BUDGET_PRESSURE, price_offset=0, home_share=0.2, preventive_share=0.1,
                     discount_rate=0.0, prior_costs=0.0) -> dict:
    """The case's own assumptions, read and checked once for every case function: ``case_table``'s keywords.

    The defaults are INVESTMENTCASE's (Ballerup's 20 % and 10 % spill-over; budget pressure, the meaning of
    price growth in 0.1, when ``price_view`` is left out).
    """
    home, preventive = spillover_shares(home_share, preventive_share)
    return dict(
        price_growth=inputs.share(price_growth, "price_growth", default=0.0, lowest=-0.99),
        deadweight=inputs.share(deadweight, "deadweight", default=0.0),
        optimism_bias=inputs.share(optimism_bias, "optimism_bias", default=0.0, highest=2.0),
        savings_bias=inputs.share(savings_bias, "savings_bias", default=0.0),
        price_view=inputs.whole_number(price_view, "price_view", default=BUDGET_PRESSURE, lowest=SAME_PRICES,
                                       highest=BUDGET_PRESSURE,
                                       fix="skriv 1 (samme priser med og uden indsatsen) eller 2 (budgetpres)"),
        price_offset=inputs.whole_number(price_offset, "price_offset", default=0, lowest=-50, highest=50,
                                         fix="skriv antal år fra prisernes år til første år, fx 1"),
        home_share=home,
        preventive_share=preventive,
        discount_rate=inputs.share(discount_rate, "discount_rate", default=0.0, lowest=-0.99),
        prior_costs=inputs.scalar(prior_costs, "prior_costs", default=0.0),
    )


def optional_row(value, name: str) -> np.ndarray | None:
    """An optional row: None where it is left out or all its cells are empty, else its values (no empty cell)."""
    if value is None or np.isnan(inputs.vector(value, name, empty="keep")).all():
        return None
    return inputs.vector(value, name, empty="error")


def low_not_above_high(lows: np.ndarray, highs: np.ndarray, labels) -> tuple[np.ndarray, np.ndarray]:
    """``lows`` and ``highs`` as they are, or the Danish error for the first row whose low is above its high
    (``labels``: each row's name as the message shows it)."""
    above = np.flatnonzero(lows > highs)
    if above.size:
        k = int(above[0])
        raise TrappenError("low", f"række {k + 1} ({labels[k]}): {danish.typed(lows[k])} er over high "
                           f"{danish.typed(highs[k])}", "sæt den laveste værdi i low og den højeste i high")
    return lows, highs


def simulation_settings(n, seed, percentiles, n_years: int, max_scenarios: int,
                        max_cells: int) -> tuple[int, int, np.ndarray]:
    """MONTECARLO's ``n``, ``seed`` and ``percentiles`` read and checked: (scenarios, seed, levels), at most
    ``max_scenarios`` scenarios and ``max_cells`` scenario-years; the levels default to 10 %, 50 %, 90 %."""
    scenarios = inputs.whole_number(n, "n", default=10_000, lowest=1, highest=max_scenarios,
                                    fix=f"skriv 1 til {danish.whole(max_scenarios)} scenarier")
    if scenarios * n_years > max_cells:
        raise TrappenError("n", f"{count(scenarios, 'scenarie')} × {count(n_years, 'år')} er over "
                           f"{danish.whole(max_cells)} resultater",
                           f"giv højst {count(max_cells // n_years, 'scenarie')}")
    start = inputs.whole_number(seed, "seed", default=1, lowest=0, highest=2 ** 53, fix="skriv et helt tal, fx 1")
    levels = optional_row(percentiles, "percentiles")
    levels = inputs.share_row(np.array([0.1, 0.5, 0.9]) if levels is None else levels, "percentiles", "værdi")
    return scenarios, start, levels


#: The longest horizon the switching values and the tornado look at (their search costs grow with it).
MAX_HORIZON = 100
#: The most placement types a case may have (the switching values evaluate ~1.000 candidates × types at once).
MAX_TYPES = 1000


def horizon_years(value, n_years: int, name: str = "horizon") -> int:
    """A horizon in whole years, 1 .. the case's number of years, at most 100 (default 4: Aabenraa's rule)."""
    years = inputs.whole_number(value, name, default=4.0, lowest=1, highest=MAX_HORIZON,
                                fix=f"skriv 1, 2, 3 ... år (højst {MAX_HORIZON})")
    if years > n_years:
        raise TrappenError(name, f"er {count(years, 'år')}, men casen har {count(n_years, 'år')}",
                           f"giv en horisont på højst {count(n_years, 'år')} (eller flere år i phase_in)")
    return years


def _year_line(value, name: str, *, empty: str = "zero") -> tuple[np.ndarray, bool]:
    """A row of one value per year as 1-D, and whether it came as a column (n × 1, n > 1)."""
    return inputs.vector(value, name, empty=empty), is_column(value)


def is_column(value) -> bool:
    """True for a column of several cells (n × 1, n > 1); read from the outer lists, not by converting them."""
    if isinstance(value, np.ndarray):
        shape = value.shape
    elif isinstance(value, (list, tuple)) and value and isinstance(value[0], (list, tuple)):
        shape = (len(value), len(value[0]))
    else:
        return False
    return len(shape) == 2 and shape[1] == 1 and shape[0] > 1


def _cost_rows(value, column: bool) -> np.ndarray:
    """Other costs: a row, or a block of cost rows (years across; down if the years run down) summed."""
    costs = inputs.amounts(value, "other_costs")
    if costs.ndim == 2 and min(costs.shape) > 1:
        return costs.sum(axis=1 if column else 0)
    return costs.reshape(-1)


#: Help text and unit of the arguments the case functions share (INVESTMENTCASE, the switching values,
#: TORNADO, MONTECARLO): declared once here, picked by name in each declaration.
CASE_HELP = dict(
    base_counts=("Antal anbringelser uden indsatsen (basis), én pr. type (kolonne). Tomme celler = 0.", "antal"),
    target_counts=("Planlagt antal: én pr. type (målet ved fuld indfasning) eller en blok typer × år (fx et "
                   "fremtidigt scenarie). Tomme celler = 0.", "antal"),
    phase_in=("Indfasning: andel af den planlagte ændring nået hvert år, en række (1 = som planlagt; over 1 = "
              "mere end planlagt). Tomme celler = 0.", "andel"),
    unit_prices=("Enhedspris pr. type i prisernes eget år, fx kr. pr. helårsanbringelse. Tom kun hvor antallet "
                 "ikke ændres (typen tæller da ikke med).", "kr. pr. år"),
    investment=("Investering pr. år (fx rådgivere), en række eller ét tal. Tomme celler = 0.", "kr."),
    price_growth=("Valgfri: enhedsprisernes årlige vækst ud over den almindelige pris- og lønudvikling (P/L), "
                  "fx 0,02. Standard 0.", "andel pr. år"),
    **SPILLOVER_SHARES_HELP,
    deadweight=("Valgfri: andel af den planlagte ændring, der var sket alligevel (dødvægt). Standard 0.",
                "andel"),
    optimism_bias=("Valgfri: optimismetillæg på investering og øvrige udgifter, fx 0,05 (evidensgrad 2); "
                   "højst 2. Standard 0.", "andel"),
    savings_bias=("Valgfri: optimismefradrag i besparelsen (en planlagt besparelse gøres så meget mindre), fx "
                  "0,15 (evidensgrad 4); 0–1. Standard 0.", "andel"),
    price_view=("Valgfri: 1 = samme priser med og uden indsatsen (stigende priser øger besparelsen); 2 = "
                "budgetpres: casen mod dagens budget i prisernes år (standard, som prisvæksten i Trappen 0.1).",
                "nr."),
    price_offset=("Valgfri: år fra enhedsprisernes år til casens første år, fx 1 for 2017-priser i en case "
                  "fra 2018. Standard 0.", "år"),
    discount_rate=("Valgfri: diskonteringsrente pr. år til nutidsværdien, fx 0,035. Standard 0.",
                   "andel pr. år"),
    other_costs=("Valgfri: øvrige udgifter pr. år, en række eller flere rækker (summeres). Tomme celler = 0.",
                 "kr."),
    prior_costs=("Valgfri: udgifter før casens første år (fx investeringen året før), som det akkumulerede "
                 "resultat og nutidsværdien starter fra. Standard 0.", "kr."),
)


def case_help(*names: str) -> dict:
    """The shared declarations of the named arguments, for ``@excel_function(**case_help(...))``."""
    return {name: CASE_HELP[name] for name in names}
