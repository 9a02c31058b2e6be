"""People's tags: the station's own taxonomy (classes and tags), tagging a person, rule-set tags."""
