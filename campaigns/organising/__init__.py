"""Organising tools (workforce grid, activity plans, key arguments, allies, power map, business case).
Builds on `campaigns.plans` (the campaign and its plan rows); plans never imports this package."""
