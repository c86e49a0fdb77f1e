"""Reading a fitted model: scores, tips, insights, compare, plan and the track record."""
