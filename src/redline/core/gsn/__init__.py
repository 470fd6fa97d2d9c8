"""Safety cases in Goal Structuring Notation (gsn2x YAML): model, reader, writer and checks."""
