"""Getting histories in and models out: importers, training, evaluation, sample data."""
