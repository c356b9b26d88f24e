"""Robustness: hostile input, faults on disk, protocol abuse, and the safety guarantees."""
