"""The contracts register: contracts, authorities, providers, their accounts, the clock and priorities.

The base of the contracts app: imports, foi and comparisons may import it; it imports none of them.
"""
