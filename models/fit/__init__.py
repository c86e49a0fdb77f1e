"""Learning: from records and caption signals to a fitted, stored ``CreatorModel``."""
