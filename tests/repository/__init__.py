"""Tests of balmod.repository."""
