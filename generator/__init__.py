"""Familjecentralsguiden: load -> validate -> resolve -> render -> export."""

# models imports agreement_model, which builds on models' base types: loading models first
# keeps that order whichever module a caller imports first.
from . import models as _models  # noqa: E402,F401
