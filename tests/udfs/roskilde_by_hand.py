"""Hand-worked expectations on Roskilde's "Børn og Unge" (ROS, kr., 2019–2023), computed here from the note's
figures without the case model: the switching price growth against today's budget and the tornado table. The
registry's worked examples of BREAKEVENGROWTH and TORNADO (the values the user guide prints) are checked
against them (``test_uncertainty``), and so are the functions.

The case: activity counts September 2017 → 2023 at the cost per case (7 × 160.000 + 66 × 510.000 + 30 × 950.000
= 63.280.000 kr. a year before the change, 6.480.000 kr. less at full phase-in), the printed Driftsbesparelse as
the phase-in (0, 750/6480, 1750/6480, 3500/6480, 1) and the printed investment in every year.
"""

from __future__ import annotations

import numpy as np

from trappen.udfs import documents as doc

BASE_COST = 63_280_000  # Σ base count × cost per case, kr. a year
CHANGE = -6_480_000  # Σ (2023 − base) × cost per case: the full saving, kr. a year
INVESTMENT_TOTAL = sum(doc.ROSKILDE_INVESTMENT)  # 31.053.255 kr. 2019–2023
SAVINGS_TOTAL = sum(s or 0 for s in doc.ROSKILDE_SAVINGS)  # 750.000 + ... + 6.480.000 = 12.480.000
CUMULATIVE = INVESTMENT_TOTAL - SAVINGS_TOTAL  # 18.573.255 kr. by 2023

#: The tornado's low and high value of each assumption (growth, achieved, deadweight, optimism on costs,
#: optimism on savings, overrun): TORNADO's worked example.
LOW = [0.0, 0.5, 0.0, 0.0, 0.0, 0.0]
HIGH = [0.02, 1.0, 0.3, 0.2, 0.15, 0.1]


def cumulative_at_growth(growth: float) -> float:
    """Roskilde's cumulative net 2019–2023 at the same prices, unit prices growing by ``growth`` a year."""
    return sum(investment + phase * CHANGE * (1 + growth) ** t
               for t, (investment, phase) in enumerate(zip(doc.ROSKILDE_INVESTMENT, doc.ROSKILDE_PHASE_IN,
                                                           strict=True)))


def growth_at_balance() -> float:
    """The growth g at which Roskilde's cumulative net 2023 is 0 against today's budget (price view 2), as the
    root of a polynomial in x = 1 + g.

    Σ_t I_t + Σ_t [B (x^t − 1) + p_t D x^t] = 0, i.e. Σ_t (B + p_t D) x^t + (Σ_t I_t − 5 B) = 0.
    """
    coefficients = [BASE_COST + phase * CHANGE for phase in doc.ROSKILDE_PHASE_IN]
    coefficients[0] += INVESTMENT_TOTAL - len(doc.ROSKILDE_PHASE_IN) * BASE_COST
    roots = np.polynomial.polynomial.polyroots(coefficients)
    x = min((r.real for r in roots if abs(r.imag) < 1e-12 and r.real > 0), key=lambda r: abs(r - 1))
    return float(x - 1)


def tornado() -> list[list[float]]:
    """Roskilde's tornado for :data:`LOW` / :data:`HIGH`, horizon 2023, sorted by swing (largest first).

    Each assumption alone: half the change achieved saves half of the 12.480.000 kr.; 30 % deadweight saves
    70 %; 20 % optimism on the costs adds 20 % of the investment; 15 % off the savings saves 85 %; a 10 %
    overrun adds 10 % of the investment; 2 % price growth grows each year's saving.
    """
    rows = [  # number, result at low, result at high
        (1, CUMULATIVE, cumulative_at_growth(0.02)),
        (2, INVESTMENT_TOTAL - 0.5 * SAVINGS_TOTAL, CUMULATIVE),
        (3, CUMULATIVE, INVESTMENT_TOTAL - 0.7 * SAVINGS_TOTAL),
        (4, CUMULATIVE, CUMULATIVE + 0.2 * INVESTMENT_TOTAL),
        (5, CUMULATIVE, INVESTMENT_TOTAL - 0.85 * SAVINGS_TOTAL),
        (6, CUMULATIVE, CUMULATIVE + 0.1 * INVESTMENT_TOTAL),
    ]
    table = [[k, low, high, low - CUMULATIVE, high - CUMULATIVE, abs(high - low)] for k, low, high in rows]
    return sorted(table, key=lambda row: -row[-1])
