"""Dashboards: an officer's week for their branches, and the regional organiser's table of every branch.

They read from every app through the apps' own QuerySet and model methods; nothing imports this package but
the URLconf. Each figure is a fixed number of queries however many branches, contracts or rows there are.
"""
