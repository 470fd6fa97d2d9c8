"""Risk runs: stored runs of a threat profile's risk model, with curves and verdicts."""
