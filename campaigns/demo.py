"""The app's demo data, found by `seed_demo` as `<app>/demo.py`: the plan first, then the organising tools
that hang off the same campaign."""

from .organising import demo as organising_demo
from .plans import demo as plans_demo


def seed_demo(tenancy, stdout):
    plans_demo.seed_demo(tenancy, stdout)
    organising_demo.seed_demo(tenancy, stdout)
