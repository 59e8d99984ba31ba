"""Contracts: comparisons models."""
