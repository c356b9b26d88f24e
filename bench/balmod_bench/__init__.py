"""The balmod benchmark: a synthetic world on disk, `balmod serve` driven over stdio next to a
bare pygls server (the floor), and `balmod check` throughput. See bench/README.md."""
