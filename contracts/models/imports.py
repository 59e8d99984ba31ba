"""Contracts: imports models."""
