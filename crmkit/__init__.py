"""crmkit: the measures of a course on customer relationship management (CRM) and
customer satisfaction measurement (CSM), computed on pandas DataFrames.

One module per concept of the course (see ``SYLLABUS`` in the README):

- :mod:`crmkit.data`: the fictional company's dataset (generate, load).
- :mod:`crmkit.satisfaction`: CSAT, NPS, CSI, ACSI, SERVQUAL, importance-performance.
- :mod:`crmkit.relationship`: relationship-marketing scales and their reliability.
- :mod:`crmkit.lifecycle`: Kalakota & Robinson phases, cohorts, retention and churn.
- :mod:`crmkit.swift`: Swift's CRM loop, campaign lift, touchpoints.
- :mod:`crmkit.value`: RFM, customer lifetime value, profitability.
- :mod:`crmkit.loyalty`: loyalty programme effects, points and tiers.
- :mod:`crmkit.sixsigma`: DMAIC measures, sigma level, control charts.
- :mod:`crmkit.scorecard`: the CRM scorecard.
- :mod:`crmkit.plan`: the one-page CRM plan that answers the six questions (notebook 09).
- :mod:`crmkit.plots` and :mod:`crmkit.widgets`: figures and live controls.
- :mod:`crmkit.diagrams`: the course's frameworks (CRM structure, lifecycle, loops) drawn
  by code.
- :mod:`crmkit.exercises`: the exercise notebooks' checks, hints, progress and grading.
- :mod:`crmkit.glossary`: the key terms in English, Persian and Russian, searchable.

``import crmkit`` loads none of them (and no seaborn, ipywidgets or Faker): import the
module you need, e.g. ``from crmkit import satisfaction``.
"""

from importlib import import_module as _import_module

__version__ = "0.1.0"

_SUBMODULES = (
    "data",
    "satisfaction",
    "relationship",
    "lifecycle",
    "swift",
    "value",
    "loyalty",
    "sixsigma",
    "scorecard",
    "plan",
    "plots",
    "diagrams",
    "widgets",
    "exercises",
    "glossary",
)

__all__ = ["__version__", *_SUBMODULES]


def __getattr__(name: str):
    """Import a submodule on first use, so ``crmkit.satisfaction`` works without an import."""
    if name in _SUBMODULES:
        module = _import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'crmkit' has no attribute {name!r}")
