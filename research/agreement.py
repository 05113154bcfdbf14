"""Intercoder agreement on fixed units (pure; NumPy, krippendorff, scikit-learn).

A unit is a turn; a coder's value for a unit and theme is 1 when they applied the theme anywhere in the turn,
else 0 (missing values, np.nan, are allowed). Reported per theme and overall (every turn × theme pooled):
Krippendorff's alpha (nominal) as the headline, Cohen's kappa for exactly two coders, and percent agreement.
An undefined coefficient (no variation at all, or no pairable values) is None.
"""

from dataclasses import dataclass

import krippendorff
import numpy as np


@dataclass(frozen=True)
class Figures:
    alpha: float | None
    kappa: float | None
    percent: float | None
    units: int


def _finite(value) -> float | None:
    value = float(value)
    return None if np.isnan(value) or np.isinf(value) else value


def alpha(data: np.ndarray) -> float | None:
    """Krippendorff's alpha, nominal, for a coders × units array with np.nan for missing values."""
    data = np.asarray(data, dtype=float)
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    values = np.unique(data[:, pairable][~np.isnan(data[:, pairable])])
    if values.size < 2:
        return None  # every pairable value the same (or none): alpha is 0/0
    return _finite(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def kappa(data: np.ndarray) -> float | None:
    """Cohen's kappa for exactly two coders, on the units both coded."""
    data = np.asarray(data, dtype=float)
    if data.shape[0] != 2:
        return None
    both = ~np.isnan(data).any(axis=0)
    first, second = data[0, both], data[1, both]
    if first.size == 0 or np.unique(np.concatenate([first, second])).size < 2:
        return None
    from sklearn.metrics import cohen_kappa_score  # imported here: heavy, and only agreement needs it

    return _finite(cohen_kappa_score(first, second))


def percent(data: np.ndarray) -> float | None:
    """The share of units (with at least two values) on which every coder gave the same value, in percent."""
    data = np.asarray(data, dtype=float)
    agreed = total = 0
    for column in data.T:
        values = column[~np.isnan(column)]
        if values.size >= 2:
            total += 1
            agreed += int(np.all(values == values[0]))
    return None if total == 0 else 100.0 * agreed / total


def figures(data: np.ndarray) -> Figures:
    data = np.asarray(data, dtype=float)
    return Figures(alpha=alpha(data), kappa=kappa(data), percent=percent(data), units=data.shape[1])


def by_theme(applied: set[tuple[int, int, int]], *, coders: list[int], units: list[int], themes: list[int]):
    """Figures per theme and pooled, from the (coder, unit, theme) triples where a coder applied a theme.

    Returns ({theme: Figures}, Figures over every unit × theme).
    """
    cube = np.zeros((len(coders), len(units), len(themes)))
    coder_at = {c: i for i, c in enumerate(coders)}
    unit_at = {u: i for i, u in enumerate(units)}
    theme_at = {t: i for i, t in enumerate(themes)}
    for coder, unit, theme in applied:
        if coder in coder_at and unit in unit_at and theme in theme_at:
            cube[coder_at[coder], unit_at[unit], theme_at[theme]] = 1
    per_theme = {theme: figures(cube[:, :, k]) for theme, k in theme_at.items()}
    pooled = figures(cube.reshape(len(coders), len(units) * len(themes)))
    return per_theme, pooled
