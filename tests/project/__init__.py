"""Tests of balmod.project."""
