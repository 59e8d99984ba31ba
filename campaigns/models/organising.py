"""Campaigns: organising tools (workforce grid, activity plans, arguments, allies, power map)."""
