"""Statistics: the funnel and its breakdowns, read-only, aggregated in SQL (docs/statistics.md)."""
