"""Contracts: foi models."""
