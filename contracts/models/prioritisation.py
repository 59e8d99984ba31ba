"""Contracts: prioritisation models."""
