"""What every part of the model shares: the guide's levers, records, results, hashtags, and the
small file, path, thread and word helpers that api and training use too."""
