"""What the officer sees of people's tags: the admin's taxonomy, the tagging dialog."""
